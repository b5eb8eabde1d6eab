"""ranking min sample

Revision ID: f28ec08f29bf
Revises: c4a9e2d71b58
Create Date: 2026-12-03 00:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'f28ec08f29bf'
down_revision = 'c4a9e2d71b58'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rating_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ranking_min_sample', sa.Integer(), server_default='10', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('rating_settings', schema=None) as batch_op:
        batch_op.drop_column('ranking_min_sample')
