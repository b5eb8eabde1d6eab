"""Which findings an official letter names; what a complaint's deadline counts from (its day and working days),
so that a calendar change counts it again

Revision ID: 1906e0dc6a17
Revises: 0bb1597dfd8a
Create Date: 2026-12-03 11:38:46.347532
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = '1906e0dc6a17'
down_revision = '0bb1597dfd8a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inspection_finding_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['inspection_finding.id'], name=op.f('fk_inspection_finding_letter_finding_id_inspection_finding')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_inspection_finding_letter_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_finding_letter')),
    sa.UniqueConstraint('letter_id', 'finding_id', name=op.f('uq_inspection_finding_letter_letter_id_finding_id'))
    )
    with op.batch_alter_table('inspection_finding_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_finding_letter_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_finding_letter_letter_id'), ['letter_id'], unique=False)

    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('due_days', sa.Integer(), nullable=True))
    # Complaints registered before: a first round's deadline counted from the day of receipt over the center's
    # days for the type. Imported 12345 orders and later rounds are left as they stand (their start is not known).
    days = " ".join(f"WHEN '{kind}' THEN COALESCE((SELECT s.{kind}_days FROM complaint_settings s "
                    f"WHERE s.center_id = complaint.center_id), {n})"
                    for kind, n in (("consult", 3), ("help", 3), ("complaint", 13), ("report", 13), ("suggest", 13)))
    op.execute(f"UPDATE complaint SET due_from = received_on, due_days = CASE kind {days} END "
               "WHERE round = 0 AND channel <> 'hotline' AND kind <> 'praise' AND due_on IS NOT NULL")



def downgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_column('due_days')
        batch_op.drop_column('due_from')

    with op.batch_alter_table('inspection_finding_letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_finding_letter_letter_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_finding_letter_finding_id'))

    op.drop_table('inspection_finding_letter')
