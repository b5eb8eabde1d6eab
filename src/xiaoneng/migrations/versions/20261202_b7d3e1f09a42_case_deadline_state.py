"""case deadline state

Revision ID: b7d3e1f09a42
Revises: ed27c7f170fc
Create Date: 2026-12-02 20:20:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'b7d3e1f09a42'
down_revision = 'ed27c7f170fc'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('service_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_state', sa.String(length=16), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('service_case', schema=None) as batch_op:
        batch_op.drop_column('deadline_state')
