"""Covering indexes of the cases for the reports' figures: receipts with their origin and department, completions
with their status and due day, and the open cases by due day. The dashboards' rollup counts the cases received online
and completed late too: its rows are dropped and its marks cleared, so the next run counts every day anew (until then
the figures are counted from the source tables).

Revision ID: 5e7a1c0d9b42
Revises: bd3d5d981836
Create Date: 2026-12-03 13:35:00
"""
from alembic import op
import sqlalchemy as sa


revision = '5e7a1c0d9b42'
down_revision = 'bd3d5d981836'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('dashboard_day', 'dashboard_center_day'):
        op.execute(f'DELETE FROM {table}')
        for column in ('cases_online', 'cases_late'):
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=False, server_default=sa.text('0')))
    op.execute('DELETE FROM dashboard_rollup')
    op.create_index('ix_service_case_center_received_origin', 'service_case',
                    ['center_id', 'received_at', 'origin', 'department_id'], unique=False)
    op.create_index('ix_service_case_center_completed_due', 'service_case',
                    ['center_id', 'completed_on', 'status', 'due_on'], unique=False)
    op.create_index('ix_service_case_center_due_open', 'service_case',
                    ['center_id', 'due_on', 'status', 'completed_on', 'received_at'], unique=False)


def downgrade() -> None:
    for table in ('dashboard_day', 'dashboard_center_day'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('cases_late')
            batch.drop_column('cases_online')
    op.drop_index('ix_service_case_center_due_open', table_name='service_case')
    op.drop_index('ix_service_case_center_completed_due', table_name='service_case')
    op.drop_index('ix_service_case_center_received_origin', table_name='service_case')
