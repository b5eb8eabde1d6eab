"""acting actions, handovers and leave refusals

Revision ID: 9fb0fec3578f
Revises: 8abc3c8534e6
Create Date: 2026-12-03 06:28:12.759614
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = '9fb0fec3578f'
down_revision = '8abc3c8534e6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('duty_leave_refusal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('start_half', sa.Integer(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('end_half', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=1000), nullable=False),
    sa.Column('at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_duty_leave_refusal_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_duty_leave_refusal_department_id_department')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_duty_leave_refusal_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_leave_refusal'))
    )
    with op.batch_alter_table('duty_leave_refusal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_leave_refusal_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_leave_refusal_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_leave_refusal_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_leave_refusal_staff_id'), ['staff_id'], unique=False)

    op.create_table('duty_acting_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('absence_id', sa.Integer(), nullable=False),
    sa.Column('acting_staff_id', sa.Integer(), nullable=False),
    sa.Column('for_staff_id', sa.Integer(), nullable=False),
    sa.Column('at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('link', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['absence_id'], ['duty_absence.id'], name=op.f('fk_duty_acting_action_absence_id_duty_absence')),
    sa.ForeignKeyConstraint(['acting_staff_id'], ['staff.id'], name=op.f('fk_duty_acting_action_acting_staff_id_staff')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_duty_acting_action_center_id_center')),
    sa.ForeignKeyConstraint(['for_staff_id'], ['staff.id'], name=op.f('fk_duty_acting_action_for_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_acting_action'))
    )
    with op.batch_alter_table('duty_acting_action', schema=None) as batch_op:
        batch_op.create_index('ix_duty_acting_action_absence', ['absence_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_acting_action_acting_staff_id'), ['acting_staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_acting_action_center_id'), ['center_id'], unique=False)

    op.create_table('duty_handover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('absence_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('acting_names', sa.String(length=200), nullable=False),
    sa.Column('actions', sa.Integer(), nullable=False),
    sa.Column('return_day', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('confirmed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('deadline_state', sa.String(length=16), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['absence_id'], ['duty_absence.id'], name=op.f('fk_duty_handover_absence_id_duty_absence')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_duty_handover_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_duty_handover_department_id_department')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_duty_handover_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_handover')),
    sa.UniqueConstraint('absence_id', name=op.f('uq_duty_handover_absence_id'))
    )
    with op.batch_alter_table('duty_handover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_handover_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_handover_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_handover_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_handover_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('duty_handover', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_handover_status'))
        batch_op.drop_index(batch_op.f('ix_duty_handover_staff_id'))
        batch_op.drop_index(batch_op.f('ix_duty_handover_department_id'))
        batch_op.drop_index(batch_op.f('ix_duty_handover_center_id'))

    op.drop_table('duty_handover')
    with op.batch_alter_table('duty_acting_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_acting_action_center_id'))
        batch_op.drop_index(batch_op.f('ix_duty_acting_action_acting_staff_id'))
        batch_op.drop_index('ix_duty_acting_action_absence')

    op.drop_table('duty_acting_action')
    with op.batch_alter_table('duty_leave_refusal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_leave_refusal_staff_id'))
        batch_op.drop_index(batch_op.f('ix_duty_leave_refusal_department_id'))
        batch_op.drop_index(batch_op.f('ix_duty_leave_refusal_center_id'))
        batch_op.drop_index(batch_op.f('ix_duty_leave_refusal_at'))

    op.drop_table('duty_leave_refusal')
