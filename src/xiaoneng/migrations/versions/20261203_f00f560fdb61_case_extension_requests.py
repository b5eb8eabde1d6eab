"""case extension requests: the handler asks, the department head or a center leader decides

Revision ID: f00f560fdb61
Revises: f28ec08f29bf
Create Date: 2026-12-03 00:00:00
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'f00f560fdb61'
down_revision = 'f28ec08f29bf'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_extension_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('current_due', sa.Date(), nullable=True),
    sa.Column('new_due', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['service_case.id'], name=op.f('fk_case_extension_request_case_id_service_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_case_extension_request_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_case_extension_request_department_id_department')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['staff.id'], name=op.f('fk_case_extension_request_requested_by_id_staff')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_case_extension_request_decided_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_extension_request'))
    )
    with op.batch_alter_table('case_extension_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_extension_request_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_case_extension_request_center_status', ['center_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case_extension_request', schema=None) as batch_op:
        batch_op.drop_index('ix_case_extension_request_center_status')
        batch_op.drop_index(batch_op.f('ix_case_extension_request_case_id'))
    op.drop_table('case_extension_request')
