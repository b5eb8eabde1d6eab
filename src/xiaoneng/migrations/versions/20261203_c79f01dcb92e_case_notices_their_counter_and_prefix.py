"""case notices, their counter and prefix

Revision ID: c79f01dcb92e
Revises: bf47672fb7c7
Create Date: 2026-12-03 06:29:41.145875
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'c79f01dcb92e'
down_revision = 'bf47672fb7c7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notice_counter',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_notice_counter_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', 'year', name=op.f('pk_notice_counter'))
    )
    op.create_table('notice_settings',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('notice_prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_notice_settings_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_notice_settings'))
    )
    op.create_table('case_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('case_seq', sa.Integer(), nullable=False),
    sa.Column('case_number', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('issued_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('handler_id', sa.Integer(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('new_materials', sa.JSON(), nullable=False),
    sa.Column('violation', sa.Boolean(), nullable=False),
    sa.Column('first_notice_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['service_case.id'], name=op.f('fk_case_notice_case_id_service_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_case_notice_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_case_notice_department_id_department')),
    sa.ForeignKeyConstraint(['first_notice_id'], ['case_notice.id'], name=op.f('fk_case_notice_first_notice_id_case_notice')),
    sa.ForeignKeyConstraint(['handler_id'], ['staff.id'], name=op.f('fk_case_notice_handler_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_notice')),
    sa.UniqueConstraint('case_id', 'case_seq', name=op.f('uq_case_notice_case_id_case_seq')),
    sa.UniqueConstraint('center_id', 'year', 'seq', name=op.f('uq_case_notice_center_id_year_seq'))
    )
    with op.batch_alter_table('case_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_notice_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_case_notice_center_issued_on', ['center_id', 'issued_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_notice_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_notice_handler_id'), ['handler_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_notice_handler_id'))
        batch_op.drop_index(batch_op.f('ix_case_notice_department_id'))
        batch_op.drop_index('ix_case_notice_center_issued_on')
        batch_op.drop_index(batch_op.f('ix_case_notice_case_id'))

    op.drop_table('case_notice')
    op.drop_table('notice_settings')
    op.drop_table('notice_counter')
