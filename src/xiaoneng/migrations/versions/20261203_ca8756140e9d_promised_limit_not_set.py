"""promised limit of a service item: "not set" (NULL) apart from 0 (即办件)

Revision ID: ca8756140e9d
Revises: f00f560fdb61
Create Date: 2026-12-03 00:10:00

The column becomes nullable and every existing value is kept. Existing 0s stay 0 and are read as 即办件 (done on
the spot, due the day of receipt): that is what 0 has meant in the item model, the API ("0 为即办件"), the item
pages (the 即办件 badge, "当场办结") and SPEC A2, so those items were already published to the public as 即办件; only
the cases ignored it and took the statutory limit. No existing value is turned into NULL: 0 cannot be told apart
from a blank import cell after the fact, and an admin who meant "not set" clears the field on the item's page
(a blank field is now stored as not set, and its cases take the statutory limit).
"""
from alembic import op
import sqlalchemy as sa


revision = 'ca8756140e9d'
down_revision = 'f00f560fdb61'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('service_item', schema=None) as batch_op:
        batch_op.alter_column('promised_limit_days', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # Not set was the statutory limit for cases; 0 would now mean 即办件, so write the statutory limit back.
    op.execute("UPDATE service_item SET promised_limit_days = statutory_limit_days WHERE promised_limit_days IS NULL")
    with op.batch_alter_table('service_item', schema=None) as batch_op:
        batch_op.alter_column('promised_limit_days', existing_type=sa.Integer(), nullable=False)
