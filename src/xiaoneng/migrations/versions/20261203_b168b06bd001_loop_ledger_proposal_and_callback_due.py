"""loop: ledger deadline proposals, callback deadline

Revision ID: b168b06bd001
Revises: ca8756140e9d
Create Date: 2026-12-03 00:00:00
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db

revision = 'b168b06bd001'
down_revision = 'ca8756140e9d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ledger_proposed_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ledger_proposal', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ledger_proposed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ledger_proposed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('handled_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('callback_due', sa.Date(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_rectification_ledger_proposed_by_id_staff'), 'staff',
                                    ['ledger_proposed_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_rectification_ledger_proposed_by_id_staff'), type_='foreignkey')
        batch_op.drop_column('callback_due')
        batch_op.drop_column('handled_on')
        batch_op.drop_column('ledger_proposed_at')
        batch_op.drop_column('ledger_proposed_by_id')
        batch_op.drop_column('ledger_proposal')
        batch_op.drop_column('ledger_proposed_due')
