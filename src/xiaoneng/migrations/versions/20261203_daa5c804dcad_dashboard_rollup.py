"""The dashboards' rollup: ratings and cases counted per center, day, department and staff member, each center's
days in sum, and how far each center's rollup reaches; an index for the open overdue cases by department.

Revision ID: daa5c804dcad
Revises: 5dc735634054
Create Date: 2026-12-03 13:03:07.110580
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'daa5c804dcad'
down_revision = '5dc735634054'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dashboard_center_day',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('ratings', sa.Integer(), nullable=False),
    sa.Column('ratings_default', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.Column('satisfied_default', sa.Integer(), nullable=False),
    sa.Column('bad', sa.Integer(), nullable=False),
    sa.Column('cases_received', sa.Integer(), nullable=False),
    sa.Column('cases_completed', sa.Integer(), nullable=False),
    sa.Column('cases_on_time', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_dashboard_center_day_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', 'day', name=op.f('pk_dashboard_center_day'))
    )
    op.create_table('dashboard_rollup',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('through', sa.Date(), nullable=False),
    sa.Column('refreshed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_dashboard_rollup_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_dashboard_rollup'))
    )
    op.create_table('dashboard_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('ratings', sa.Integer(), nullable=False),
    sa.Column('ratings_default', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.Column('satisfied_default', sa.Integer(), nullable=False),
    sa.Column('bad', sa.Integer(), nullable=False),
    sa.Column('cases_received', sa.Integer(), nullable=False),
    sa.Column('cases_completed', sa.Integer(), nullable=False),
    sa.Column('cases_on_time', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_dashboard_day_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_dashboard_day_department_id_department')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_dashboard_day_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_day'))
    )
    with op.batch_alter_table('dashboard_day', schema=None) as batch_op:
        batch_op.create_index('ix_dashboard_day_center_day', ['center_id', 'day'], unique=False)
        batch_op.create_index('ix_dashboard_day_department_day', ['department_id', 'day'], unique=False)
        batch_op.create_index('ix_dashboard_day_staff_day', ['staff_id', 'day'], unique=False)

    with op.batch_alter_table('service_case', schema=None) as batch_op:
        batch_op.create_index('ix_service_case_center_overdue_status', ['center_id', 'overdue', 'status', 'department_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('service_case', schema=None) as batch_op:
        batch_op.drop_index('ix_service_case_center_overdue_status')

    with op.batch_alter_table('dashboard_day', schema=None) as batch_op:
        batch_op.drop_index('ix_dashboard_day_staff_day')
        batch_op.drop_index('ix_dashboard_day_department_day')
        batch_op.drop_index('ix_dashboard_day_center_day')

    op.drop_table('dashboard_day')
    op.drop_table('dashboard_rollup')
    op.drop_table('dashboard_center_day')
