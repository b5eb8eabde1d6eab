"""Covering indexes of the cases for the reports' figures: receipts with their origin and department, completions
with their status and due day, and the open cases by due day.

Revision ID: 5e7a1c0d9b42
Revises: bd3d5d981836
Create Date: 2026-12-03 13:35:00
"""
from alembic import op


revision = '5e7a1c0d9b42'
down_revision = 'bd3d5d981836'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_service_case_center_received_origin', 'service_case',
                    ['center_id', 'received_at', 'origin', 'department_id'], unique=False)
    op.create_index('ix_service_case_center_completed_due', 'service_case',
                    ['center_id', 'completed_on', 'status', 'due_on'], unique=False)
    op.create_index('ix_service_case_center_due_open', 'service_case',
                    ['center_id', 'due_on', 'status', 'completed_on', 'received_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_service_case_center_due_open', table_name='service_case')
    op.drop_index('ix_service_case_center_completed_due', table_name='service_case')
    op.drop_index('ix_service_case_center_received_origin', table_name='service_case')
