"""attendance punches

Revision ID: 8abc3c8534e6
Revises: a942970102fd
Create Date: 2026-12-02 23:31:43.541643
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = '8abc3c8534e6'
down_revision = 'a942970102fd'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attendance_punch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('time', sa.Time(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_attendance_punch_center_id_center')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_attendance_punch_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_punch')),
    sa.UniqueConstraint('staff_id', 'day', 'time', name=op.f('uq_attendance_punch_staff_id_day_time'))
    )
    with op.batch_alter_table('attendance_punch', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_punch_center_day', ['center_id', 'day'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('attendance_punch', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_punch_center_day')

    op.drop_table('attendance_punch')
