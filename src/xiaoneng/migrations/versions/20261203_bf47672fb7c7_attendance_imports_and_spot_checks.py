"""attendance imports and spot checks

Revision ID: bf47672fb7c7
Revises: 9fb0fec3578f
Create Date: 2026-12-03 06:23:55.032939
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'bf47672fb7c7'
down_revision = '9fb0fec3578f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attendance_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_by_name', sa.String(length=64), nullable=False),
    sa.Column('imported_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('punches', sa.Integer(), nullable=False),
    sa.Column('already', sa.Integer(), nullable=False),
    sa.Column('staff', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=True),
    sa.Column('last_day', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_attendance_import_center_id_center')),
    sa.ForeignKeyConstraint(['imported_by_id'], ['staff.id'], name=op.f('fk_attendance_import_imported_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_import'))
    )
    with op.batch_alter_table('attendance_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_import_center_id'), ['center_id'], unique=False)

    op.create_table('attendance_spot_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=16), nullable=False),
    sa.Column('target_key', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('time', sa.Time(), nullable=False),
    sa.Column('key_time', sa.String(length=8), nullable=False),
    sa.Column('inspector_id', sa.Integer(), nullable=True),
    sa.Column('inspector_name', sa.String(length=64), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('expected', sa.Integer(), nullable=False),
    sa.Column('absent', sa.Integer(), nullable=False),
    sa.Column('recorded_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_attendance_spot_check_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_attendance_spot_check_department_id_department')),
    sa.ForeignKeyConstraint(['inspector_id'], ['staff.id'], name=op.f('fk_attendance_spot_check_inspector_id_staff')),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_attendance_spot_check_window_id_window')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_spot_check')),
    sa.UniqueConstraint('center_id', 'target_key', 'day', 'key_time', name=op.f('uq_attendance_spot_check_center_id_target_key_day_key_time'))
    )
    with op.batch_alter_table('attendance_spot_check', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_spot_check_center_day', ['center_id', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_spot_check_department_id'), ['department_id'], unique=False)

    op.create_table('attendance_spot_check_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('spot_check_id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('key_time', sa.String(length=8), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_attendance_spot_check_entry_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_attendance_spot_check_entry_department_id_department')),
    sa.ForeignKeyConstraint(['spot_check_id'], ['attendance_spot_check.id'], name=op.f('fk_attendance_spot_check_entry_spot_check_id_attendance_spot_check')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_attendance_spot_check_entry_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_spot_check_entry')),
    sa.UniqueConstraint('spot_check_id', 'staff_id', name=op.f('uq_attendance_spot_check_entry_spot_check_id_staff_id'))
    )
    with op.batch_alter_table('attendance_spot_check_entry', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_spot_check_entry_staff_day', ['staff_id', 'day'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('attendance_spot_check_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_spot_check_entry_staff_day')

    op.drop_table('attendance_spot_check_entry')
    with op.batch_alter_table('attendance_spot_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_spot_check_department_id'))
        batch_op.drop_index('ix_attendance_spot_check_center_day')

    op.drop_table('attendance_spot_check')
    with op.batch_alter_table('attendance_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_import_center_id'))

    op.drop_table('attendance_import')
