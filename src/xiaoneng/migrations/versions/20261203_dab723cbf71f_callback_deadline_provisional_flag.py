"""callback deadline provisional flag

Revision ID: dab723cbf71f
Revises: b101f9ef5d4c
Create Date: 2026-12-02 23:57:40.421200
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'dab723cbf71f'
down_revision = 'b101f9ef5d4c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('callback_due_provisional', sa.Boolean(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.drop_column('callback_due_provisional')

