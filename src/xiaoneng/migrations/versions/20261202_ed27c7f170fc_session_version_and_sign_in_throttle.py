"""session version and sign-in throttle

staff.session_version ends a user's sessions when raised (existing sessions carry none: everyone signs in again);
sign_in_throttle keeps sign-in failures and locks per account and per client address for every server process.

Revision ID: ed27c7f170fc
Revises: a1c4e7d2b903
Create Date: 2026-12-02 00:14:31.782856
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'ed27c7f170fc'
down_revision = 'a1c4e7d2b903'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sign_in_throttle',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('locked_until', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_throttle'))
    )
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_throttle_last_failure_at'), ['last_failure_at'], unique=False)

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('session_version')

    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttle_last_failure_at'))

    op.drop_table('sign_in_throttle')
