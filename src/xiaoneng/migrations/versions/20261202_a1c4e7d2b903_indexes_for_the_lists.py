"""indexes for the case and rating lists (newest first per center and department) and covering period indexes
of ratings for the rankings

Revision ID: a1c4e7d2b903
Revises: 79b50e038e34
Create Date: 2026-12-02 00:40:00
"""
from alembic import op


revision = 'a1c4e7d2b903'
down_revision = '79b50e038e34'
branch_labels = None
depends_on = None

COVERING_CENTER = ['center_id', 'rated_on', 'department_id', 'staff_id', 'is_default', 'level', 'is_bad']
COVERING_DEPARTMENT = ['department_id', 'rated_on', 'staff_id', 'is_default', 'level', 'is_bad']


def upgrade() -> None:
    with op.batch_alter_table('service_case', schema=None) as batch_op:
        batch_op.create_index('ix_service_case_center_received_at', ['center_id', 'received_at', 'id'], unique=False)
        batch_op.create_index('ix_service_case_department_received_at', ['department_id', 'received_at', 'id'],
                              unique=False)
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.create_index('ix_rating_center_rated_at', ['center_id', 'rated_at', 'id'], unique=False)
        batch_op.create_index('ix_rating_department_rated_at', ['department_id', 'rated_at', 'id'], unique=False)
        batch_op.drop_index('ix_rating_center_rated_on')
        batch_op.drop_index('ix_rating_department_rated_on')
        batch_op.create_index('ix_rating_center_rated_on', COVERING_CENTER, unique=False)
        batch_op.create_index('ix_rating_department_rated_on', COVERING_DEPARTMENT, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index('ix_rating_department_rated_on')
        batch_op.drop_index('ix_rating_center_rated_on')
        batch_op.create_index('ix_rating_center_rated_on', ['center_id', 'rated_on'], unique=False)
        batch_op.create_index('ix_rating_department_rated_on', ['department_id', 'rated_on'], unique=False)
        batch_op.drop_index('ix_rating_department_rated_at')
        batch_op.drop_index('ix_rating_center_rated_at')
    with op.batch_alter_table('service_case', schema=None) as batch_op:
        batch_op.drop_index('ix_service_case_department_received_at')
        batch_op.drop_index('ix_service_case_center_received_at')
