"""inquiries and referrals

Revision ID: ab8a495fb013
Revises: 8316084f1352
Create Date: 2026-12-02 23:09:21.571698
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'ab8a495fb013'
down_revision = '8316084f1352'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inquiry_settings',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('ack_days', sa.Integer(), nullable=False),
    sa.Column('answer_days', sa.Integer(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inquiry_settings_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_inquiry_settings'))
    )
    op.create_table('inquiry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('asker_name', sa.String(length=64), nullable=False),
    sa.Column('asker_phone', sa.String(length=32), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('asked_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('responder_id', sa.Integer(), nullable=False),
    sa.Column('present_ids', sa.JSON(), nullable=False),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['service_case.id'], name=op.f('fk_inquiry_case_id_service_case')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inquiry_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_inquiry_department_id_department')),
    sa.ForeignKeyConstraint(['logged_by_id'], ['staff.id'], name=op.f('fk_inquiry_logged_by_id_staff')),
    sa.ForeignKeyConstraint(['responder_id'], ['staff.id'], name=op.f('fk_inquiry_responder_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry')),
    sa.UniqueConstraint('center_id', 'number', name=op.f('uq_inquiry_center_id_number'))
    )
    with op.batch_alter_table('inquiry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiry_department_id'), ['department_id'], unique=False)
        batch_op.create_index('ix_inquiry_number_phone', ['number', 'asker_phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiry_responder_id'), ['responder_id'], unique=False)

    op.create_table('inquiry_referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('to_staff_id', sa.Integer(), nullable=True),
    sa.Column('assigned_staff_id', sa.Integer(), nullable=True),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('acknowledge_by', sa.Date(), nullable=False),
    sa.Column('answer_by', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('deadline_state', sa.String(length=16), nullable=False),
    sa.Column('acknowledged_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['staff.id'], name=op.f('fk_inquiry_referral_acknowledged_by_id_staff')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['staff.id'], name=op.f('fk_inquiry_referral_answered_by_id_staff')),
    sa.ForeignKeyConstraint(['assigned_staff_id'], ['staff.id'], name=op.f('fk_inquiry_referral_assigned_staff_id_staff')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inquiry_referral_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_inquiry_referral_department_id_department')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiry.id'], name=op.f('fk_inquiry_referral_inquiry_id_inquiry')),
    sa.ForeignKeyConstraint(['to_staff_id'], ['staff.id'], name=op.f('fk_inquiry_referral_to_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_referral'))
    )
    with op.batch_alter_table('inquiry_referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_referral_assigned_staff_id'), ['assigned_staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiry_referral_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiry_referral_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiry_referral_inquiry_id'), ['inquiry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiry_referral_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('inquiry_referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_referral_status'))
        batch_op.drop_index(batch_op.f('ix_inquiry_referral_inquiry_id'))
        batch_op.drop_index(batch_op.f('ix_inquiry_referral_department_id'))
        batch_op.drop_index(batch_op.f('ix_inquiry_referral_center_id'))
        batch_op.drop_index(batch_op.f('ix_inquiry_referral_assigned_staff_id'))

    op.drop_table('inquiry_referral')
    with op.batch_alter_table('inquiry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_responder_id'))
        batch_op.drop_index('ix_inquiry_number_phone')
        batch_op.drop_index(batch_op.f('ix_inquiry_department_id'))
        batch_op.drop_index(batch_op.f('ix_inquiry_center_id'))

    op.drop_table('inquiry')
    op.drop_table('inquiry_settings')
