"""conduct phrases findings scan marks

Revision ID: a942970102fd
Revises: ab8a495fb013
Create Date: 2026-12-02 23:24:21.172976
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'a942970102fd'
down_revision = 'ab8a495fb013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conduct_scan_mark',
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('source', name=op.f('pk_conduct_scan_mark'))
    )
    op.create_table('conduct_phrase_set',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_conduct_phrase_set_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_conduct_phrase_set'))
    )
    op.create_table('conduct_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('link', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('phrase_code', sa.String(length=16), nullable=False),
    sa.Column('phrase_text', sa.String(length=200), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.String(length=500), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_conduct_finding_center_id_center')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_conduct_finding_decided_by_id_staff')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_conduct_finding_department_id_department')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_conduct_finding_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conduct_finding')),
    sa.UniqueConstraint('source', 'source_id', 'phrase_code', 'start', name=op.f('uq_conduct_finding_source_source_id_phrase_code_start'))
    )
    with op.batch_alter_table('conduct_finding', schema=None) as batch_op:
        batch_op.create_index('ix_conduct_finding_center_status', ['center_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_conduct_finding_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conduct_finding_staff_id'), ['staff_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('conduct_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conduct_finding_staff_id'))
        batch_op.drop_index(batch_op.f('ix_conduct_finding_department_id'))
        batch_op.drop_index('ix_conduct_finding_center_status')

    op.drop_table('conduct_finding')
    op.drop_table('conduct_phrase_set')
    op.drop_table('conduct_scan_mark')
