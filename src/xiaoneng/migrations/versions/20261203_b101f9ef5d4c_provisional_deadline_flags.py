"""provisional flags of the rating window and the loop's deadlines

Revision ID: b101f9ef5d4c
Revises: b168b06bd001
Create Date: 2026-12-03 00:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'b101f9ef5d4c'
down_revision = 'b168b06bd001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_step', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rating_due_provisional', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_due_provisional', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('rectify_due_provisional', sa.Boolean(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.drop_column('rectify_due_provisional')
        batch_op.drop_column('contact_due_provisional')
    with op.batch_alter_table('case_step', schema=None) as batch_op:
        batch_op.drop_column('rating_due_provisional')
