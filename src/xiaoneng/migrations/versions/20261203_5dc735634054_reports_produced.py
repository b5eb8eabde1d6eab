"""The produced monthly and annual reports

Revision ID: 5dc735634054
Revises: 1906e0dc6a17
Create Date: 2026-12-03 11:44:27.255713
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = '5dc735634054'
down_revision = '1906e0dc6a17'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('period_key', sa.String(length=8), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('scheduled', sa.Boolean(), nullable=False),
    sa.Column('files', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_report_center_id_center')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_report_created_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('center_id', 'kind', 'period_key', 'version', name=op.f('uq_report_center_id_kind_period_key_version'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index('ix_report_center_created', ['center_id', 'created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_center_created')

    op.drop_table('report')
