"""case settings

Revision ID: c4a9e2d71b58
Revises: b7d3e1f09a42
Create Date: 2026-12-02 20:25:00
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'c4a9e2d71b58'
down_revision = 'b7d3e1f09a42'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_settings',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('due_soon_days', sa.Integer(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_case_settings_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_case_settings'))
    )


def downgrade() -> None:
    op.drop_table('case_settings')
