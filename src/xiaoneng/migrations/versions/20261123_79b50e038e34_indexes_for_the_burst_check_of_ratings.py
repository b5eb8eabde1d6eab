"""indexes for the burst check of ratings

Revision ID: 79b50e038e34
Revises: 564131135661
Create Date: 2026-11-23 11:43:47.706210
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = '79b50e038e34'
down_revision = '564131135661'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.create_index('ix_rating_client_ip_rated_at', ['client_ip', 'rated_at'], unique=False)
        batch_op.create_index('ix_rating_device_id_rated_at', ['device_id', 'rated_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index('ix_rating_device_id_rated_at')
        batch_op.drop_index('ix_rating_client_ip_rated_at')

