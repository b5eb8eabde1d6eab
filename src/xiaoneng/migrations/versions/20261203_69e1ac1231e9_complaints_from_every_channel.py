"""complaints from every channel

Revision ID: 69e1ac1231e9
Revises: 617f3b03ee8c
Create Date: 2026-12-03 07:00:53.996381
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = '69e1ac1231e9'
down_revision = '617f3b03ee8c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('complaint_number',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_complaint_number_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', 'day', name=op.f('pk_complaint_number'))
    )
    op.create_table('complaint_settings',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('consult_days', sa.Integer(), nullable=False),
    sa.Column('help_days', sa.Integer(), nullable=False),
    sa.Column('complaint_days', sa.Integer(), nullable=False),
    sa.Column('report_days', sa.Integer(), nullable=False),
    sa.Column('suggest_days', sa.Integer(), nullable=False),
    sa.Column('sign_days', sa.Integer(), nullable=False),
    sa.Column('duplicate_days', sa.Integer(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_complaint_settings_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_complaint_settings'))
    )
    op.create_table('complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('source_number', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('complainant_name', sa.String(length=64), nullable=False),
    sa.Column('complainant_phone', sa.String(length=32), nullable=False),
    sa.Column('complainant_contact', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('received_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('topic', sa.String(length=32), nullable=False),
    sa.Column('suggested_department_id', sa.Integer(), nullable=True),
    sa.Column('suggestion_score', sa.Double(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('sign_by', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('due_provisional', sa.Boolean(), nullable=False),
    sa.Column('deadline_state', sa.String(length=16), nullable=False),
    sa.Column('assigned_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('signed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('handler_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_on_time', sa.Boolean(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('callback_result', sa.String(length=16), nullable=False),
    sa.Column('callback_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('closed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('duplicate_reason', sa.String(length=64), nullable=False),
    sa.Column('keep_apart', sa.Boolean(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_complaint_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_complaint_department_id_department')),
    sa.ForeignKeyConstraint(['handler_id'], ['staff.id'], name=op.f('fk_complaint_handler_id_staff')),
    sa.ForeignKeyConstraint(['item_id'], ['service_item.id'], name=op.f('fk_complaint_item_id_service_item')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['complaint.id'], name=op.f('fk_complaint_merged_into_id_complaint')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['staff.id'], name=op.f('fk_complaint_registered_by_id_staff')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_complaint_staff_id_staff')),
    sa.ForeignKeyConstraint(['suggested_department_id'], ['department.id'], name=op.f('fk_complaint_suggested_department_id_department')),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_complaint_window_id_window')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint')),
    sa.UniqueConstraint('center_id', 'channel', 'source_number', name=op.f('uq_complaint_center_id_channel_source_number')),
    sa.UniqueConstraint('center_id', 'number', name=op.f('uq_complaint_center_id_number'))
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_center_phone', ['center_id', 'complainant_phone'], unique=False)
        batch_op.create_index('ix_complaint_center_received', ['center_id', 'received_on'], unique=False)
        batch_op.create_index('ix_complaint_center_status', ['center_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_index('ix_complaint_number_phone', ['number', 'complainant_phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_staff_id'), ['staff_id'], unique=False)

    op.create_table('complaint_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff.id'], name=op.f('fk_complaint_event_actor_id_staff')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_complaint_event_center_id_center')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_event_complaint_id_complaint')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_event'))
    )
    with op.batch_alter_table('complaint_event', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_event_complaint', ['complaint_id', 'id'], unique=False)

    op.create_table('complaint_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_complaint_evidence_center_id_center')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_evidence_complaint_id_complaint')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['staff.id'], name=op.f('fk_complaint_evidence_uploaded_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_evidence'))
    )
    with op.batch_alter_table('complaint_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_evidence_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('complaint_urge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('paragraphs', sa.JSON(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('reply_by', sa.Date(), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('copy_to', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_complaint_urge_center_id_center')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_urge_complaint_id_complaint')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_complaint_urge_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_urge')),
    sa.UniqueConstraint('complaint_id', 'round', 'kind', name=op.f('uq_complaint_urge_complaint_id_round_kind'))
    )
    with op.batch_alter_table('complaint_urge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_urge_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_urge_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_urge_department_id'), ['department_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('complaint_urge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_urge_department_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_urge_complaint_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_urge_center_id'))

    op.drop_table('complaint_urge')
    with op.batch_alter_table('complaint_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_evidence_complaint_id'))

    op.drop_table('complaint_evidence')
    with op.batch_alter_table('complaint_event', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_event_complaint')

    op.drop_table('complaint_event')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_staff_id'))
        batch_op.drop_index('ix_complaint_number_phone')
        batch_op.drop_index(batch_op.f('ix_complaint_merged_into_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_department_id'))
        batch_op.drop_index('ix_complaint_center_status')
        batch_op.drop_index('ix_complaint_center_received')
        batch_op.drop_index('ix_complaint_center_phone')

    op.drop_table('complaint')
    op.drop_table('complaint_settings')
    op.drop_table('complaint_number')
