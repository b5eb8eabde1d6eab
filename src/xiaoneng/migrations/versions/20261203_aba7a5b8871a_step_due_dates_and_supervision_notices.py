"""step due dates, supervision notices and their document prefix

Revision ID: aba7a5b8871a
Revises: c79f01dcb92e
Create Date: 2026-12-03 06:23:11.419895
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'aba7a5b8871a'
down_revision = 'c79f01dcb92e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('supervision_settings',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('number_prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_supervision_settings_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_supervision_settings'))
    )
    op.create_table('supervision_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('color', sa.String(length=8), nullable=False),
    sa.Column('card_key', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reply_days', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('reply_due', sa.Date(), nullable=False),
    sa.Column('reply_due_provisional', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('deadline_state', sa.String(length=16), nullable=False),
    sa.Column('handler_id', sa.Integer(), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('replied_by_id', sa.Integer(), nullable=True),
    sa.Column('replied_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('replied_on', sa.Date(), nullable=True),
    sa.Column('close_note', sa.Text(), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['service_case.id'], name=op.f('fk_supervision_notice_case_id_service_case')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_supervision_notice_center_id_center')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['staff.id'], name=op.f('fk_supervision_notice_closed_by_id_staff')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_supervision_notice_department_id_department')),
    sa.ForeignKeyConstraint(['handler_id'], ['staff.id'], name=op.f('fk_supervision_notice_handler_id_staff')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['staff.id'], name=op.f('fk_supervision_notice_issued_by_id_staff')),
    sa.ForeignKeyConstraint(['replied_by_id'], ['staff.id'], name=op.f('fk_supervision_notice_replied_by_id_staff')),
    sa.ForeignKeyConstraint(['step_id'], ['case_step.id'], name=op.f('fk_supervision_notice_step_id_case_step')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_notice')),
    sa.UniqueConstraint('card_key', name=op.f('uq_supervision_notice_card_key')),
    sa.UniqueConstraint('center_id', 'year', 'seq', name=op.f('uq_supervision_notice_center_id_year_seq'))
    )
    with op.batch_alter_table('supervision_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_notice_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_supervision_notice_center_status', ['center_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_notice_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_notice_handler_id'), ['handler_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_notice_step_id'), ['step_id'], unique=False)

    with op.batch_alter_table('case_step', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('due_provisional', sa.Boolean(), server_default='0', nullable=False))
        batch_op.create_index('ix_case_step_center_due', ['center_id', 'due_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case_step', schema=None) as batch_op:
        batch_op.drop_index('ix_case_step_center_due')
        batch_op.drop_column('due_provisional')
        batch_op.drop_column('due_on')

    with op.batch_alter_table('supervision_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_notice_step_id'))
        batch_op.drop_index(batch_op.f('ix_supervision_notice_handler_id'))
        batch_op.drop_index(batch_op.f('ix_supervision_notice_department_id'))
        batch_op.drop_index('ix_supervision_notice_center_status')
        batch_op.drop_index(batch_op.f('ix_supervision_notice_case_id'))

    op.drop_table('supervision_notice')
    op.drop_table('supervision_settings')
