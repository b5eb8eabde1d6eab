"""cases, ratings, rectification, notifications and timed jobs

Revision ID: 664b5266d6c0
Revises: 351d48413243
Create Date: 2026-11-23 11:18:04.037666
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = '664b5266d6c0'
down_revision = '351d48413243'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('indicator_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_set')),
    sa.UniqueConstraint('scope', 'version', name=op.f('uq_indicator_set_scope_version'))
    )
    op.create_table('job_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_name', sa.String(length=64), nullable=False),
    sa.Column('slot', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('worker', sa.String(length=100), nullable=False),
    sa.Column('started_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_run')),
    sa.UniqueConstraint('job_name', 'slot', name=op.f('uq_job_run_job_name_slot'))
    )
    op.create_table('outbound_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=True),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_message')),
    sa.UniqueConstraint('key', name=op.f('uq_outbound_message_key'))
    )
    op.create_table('scheduled_job',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('interval_seconds', sa.Integer(), nullable=False),
    sa.Column('next_run_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('lease_owner', sa.String(length=100), nullable=True),
    sa.Column('lease_until', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_started_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_finished_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_scheduled_job'))
    )
    op.create_table('loop_settings',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('contact_days', sa.Integer(), nullable=False),
    sa.Column('rectify_days', sa.Integer(), nullable=False),
    sa.Column('callback_days', sa.Integer(), nullable=False),
    sa.Column('escalate_to_director_after_days', sa.Integer(), nullable=False),
    sa.Column('due_soon_days', sa.Integer(), nullable=False),
    sa.Column('concentration_threshold', sa.Integer(), nullable=False),
    sa.Column('concentration_period_days', sa.Integer(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_loop_settings_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_loop_settings'))
    )
    op.create_table('rating_settings',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('ranking_weights', sa.JSON(), nullable=False),
    sa.Column('withheld_item_ids', sa.JSON(), nullable=False),
    sa.Column('disclosure_delay_days', sa.Integer(), nullable=False),
    sa.Column('public_disclosure', sa.Boolean(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_rating_settings_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_rating_settings'))
    )
    op.create_table('concentration_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('target_kind', sa.String(length=16), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('raised_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['staff.id'], name=op.f('fk_concentration_alert_acknowledged_by_id_staff')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_concentration_alert_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_concentration_alert_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concentration_alert')),
    sa.UniqueConstraint('key', name=op.f('uq_concentration_alert_key'))
    )
    with op.batch_alter_table('concentration_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concentration_alert_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_concentration_alert_department_id'), ['department_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=True),
    sa.Column('center_id', sa.Integer(), nullable=True),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_notification_center_id_center')),
    sa.ForeignKeyConstraint(['recipient_id'], ['staff.id'], name=op.f('fk_notification_recipient_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('key', name=op.f('uq_notification_key'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_center_id'), ['center_id'], unique=False)
        batch_op.create_index('ix_notification_recipient_read', ['recipient_id', 'read_at'], unique=False)

    op.create_table('service_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('handler_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('applicant_type', sa.String(length=16), nullable=False),
    sa.Column('applicant_name', sa.String(length=100), nullable=False),
    sa.Column('applicant_id_number', sa.String(length=32), nullable=False),
    sa.Column('applicant_phone', sa.String(length=32), nullable=False),
    sa.Column('applicant_account', sa.String(length=64), nullable=False),
    sa.Column('limit_days', sa.Integer(), nullable=False),
    sa.Column('received_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('completed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('due_provisional', sa.Boolean(), nullable=False),
    sa.Column('clock_status', sa.String(length=16), nullable=False),
    sa.Column('overdue', sa.Boolean(), nullable=False),
    sa.Column('external_ref', sa.String(length=64), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_service_case_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_service_case_department_id_department')),
    sa.ForeignKeyConstraint(['handler_id'], ['staff.id'], name=op.f('fk_service_case_handler_id_staff')),
    sa.ForeignKeyConstraint(['item_id'], ['service_item.id'], name=op.f('fk_service_case_item_id_service_item')),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_service_case_window_id_window')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_case')),
    sa.UniqueConstraint('center_id', 'number', name=op.f('uq_service_case_center_id_number'))
    )
    with op.batch_alter_table('service_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_case_applicant_account'), ['applicant_account'], unique=False)
        batch_op.create_index('ix_service_case_center_completed_on', ['center_id', 'completed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_case_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_case_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_case_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_case_handler_id'), ['handler_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_case_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_case_window_id'), ['window_id'], unique=False)

    op.create_table('case_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('materials', sa.JSON(), nullable=False),
    sa.Column('new_due', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['staff.id'], name=op.f('fk_case_event_actor_id_staff')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['staff.id'], name=op.f('fk_case_event_approved_by_id_staff')),
    sa.ForeignKeyConstraint(['case_id'], ['service_case.id'], name=op.f('fk_case_event_case_id_service_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_event'))
    )
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_event_case_id'), ['case_id'], unique=False)

    op.create_table('case_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('handler_id', sa.Integer(), nullable=True),
    sa.Column('completed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('rating_due_on', sa.Date(), nullable=True),
    sa.Column('rating_closed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['service_case.id'], name=op.f('fk_case_step_case_id_service_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_case_step_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_case_step_department_id_department')),
    sa.ForeignKeyConstraint(['handler_id'], ['staff.id'], name=op.f('fk_case_step_handler_id_staff')),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_case_step_window_id_window')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_step')),
    sa.UniqueConstraint('case_id', 'seq', name=op.f('uq_case_step_case_id_seq'))
    )
    with op.batch_alter_table('case_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_step_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_step_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_step_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_step_handler_id'), ['handler_id'], unique=False)
        batch_op.create_index('ix_case_step_rating_due', ['rating_due_on', 'rating_closed'], unique=False)

    op.create_table('rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('social_source', sa.String(length=16), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('is_bad', sa.Boolean(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('indicator_set_id', sa.Integer(), nullable=True),
    sa.Column('indicators', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('rater_key', sa.String(length=64), nullable=False),
    sa.Column('real_name', sa.Boolean(), nullable=False),
    sa.Column('rater_name', sa.String(length=64), nullable=False),
    sa.Column('rater_phone', sa.String(length=32), nullable=False),
    sa.Column('client_ip', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('nonce', sa.String(length=64), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('rated_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('rated_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['service_case.id'], name=op.f('fk_rating_case_id_service_case')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_rating_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_rating_department_id_department')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['staff.id'], name=op.f('fk_rating_entered_by_id_staff')),
    sa.ForeignKeyConstraint(['indicator_set_id'], ['indicator_set.id'], name=op.f('fk_rating_indicator_set_id_indicator_set')),
    sa.ForeignKeyConstraint(['item_id'], ['service_item.id'], name=op.f('fk_rating_item_id_service_item')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_rating_staff_id_staff')),
    sa.ForeignKeyConstraint(['step_id'], ['case_step.id'], name=op.f('fk_rating_step_id_case_step')),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_rating_window_id_window')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating')),
    sa.UniqueConstraint('nonce', name=op.f('uq_rating_nonce')),
    sa.UniqueConstraint('step_id', 'rater_key', name=op.f('uq_rating_step_id_rater_key'))
    )
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_center_id'), ['center_id'], unique=False)
        batch_op.create_index('ix_rating_center_rated_on', ['center_id', 'rated_on'], unique=False)
        batch_op.create_index('ix_rating_department_rated_on', ['department_id', 'rated_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_window_id'), ['window_id'], unique=False)

    op.create_table('rating_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['rating_id'], ['rating.id'], name=op.f('fk_rating_follow_up_rating_id_rating'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_follow_up'))
    )
    with op.batch_alter_table('rating_follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_follow_up_rating_id'), ['rating_id'], unique=False)

    op.create_table('rectification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('real_name', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_before_appeal', sa.String(length=16), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('contact_due', sa.Date(), nullable=False),
    sa.Column('rectify_due', sa.Date(), nullable=False),
    sa.Column('ledger_due', sa.Date(), nullable=True),
    sa.Column('ledger_set_by_id', sa.Integer(), nullable=True),
    sa.Column('current_due', sa.Date(), nullable=True),
    sa.Column('escalation', sa.String(length=16), nullable=False),
    sa.Column('escalated_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('path', sa.String(length=16), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('fed_back_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('callback_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('callback_method', sa.String(length=16), nullable=False),
    sa.Column('callback_level', sa.Integer(), nullable=True),
    sa.Column('callback_note', sa.Text(), nullable=False),
    sa.Column('callback_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('rater_level', sa.Integer(), nullable=True),
    sa.Column('rater_comment', sa.Text(), nullable=False),
    sa.Column('appeal_reason', sa.Text(), nullable=False),
    sa.Column('appealed_by_id', sa.Integer(), nullable=True),
    sa.Column('appealed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('appeal_decision', sa.String(length=16), nullable=False),
    sa.Column('appeal_decision_reason', sa.Text(), nullable=False),
    sa.Column('appeal_decided_by_id', sa.Integer(), nullable=True),
    sa.Column('appeal_decided_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('excluded', sa.Boolean(), nullable=False),
    sa.Column('withheld', sa.Boolean(), nullable=False),
    sa.Column('withheld_reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['appeal_decided_by_id'], ['staff.id'], name=op.f('fk_rectification_appeal_decided_by_id_staff')),
    sa.ForeignKeyConstraint(['appealed_by_id'], ['staff.id'], name=op.f('fk_rectification_appealed_by_id_staff')),
    sa.ForeignKeyConstraint(['callback_by_id'], ['staff.id'], name=op.f('fk_rectification_callback_by_id_staff')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_rectification_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_rectification_department_id_department')),
    sa.ForeignKeyConstraint(['item_id'], ['service_item.id'], name=op.f('fk_rectification_item_id_service_item')),
    sa.ForeignKeyConstraint(['ledger_set_by_id'], ['staff.id'], name=op.f('fk_rectification_ledger_set_by_id_staff')),
    sa.ForeignKeyConstraint(['rating_id'], ['rating.id'], name=op.f('fk_rectification_rating_id_rating')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_rectification_staff_id_staff')),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_rectification_window_id_window')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification')),
    sa.UniqueConstraint('rating_id', name=op.f('uq_rectification_rating_id'))
    )
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectification_center_id'), ['center_id'], unique=False)
        batch_op.create_index('ix_rectification_center_status', ['center_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectification_current_due'), ['current_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectification_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectification_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectification_staff_id'), ['staff_id'], unique=False)

    op.create_table('rectification_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rectification_id', sa.Integer(), nullable=False),
    sa.Column('at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_rectification_contact_by_id_staff')),
    sa.ForeignKeyConstraint(['rectification_id'], ['rectification.id'], name=op.f('fk_rectification_contact_rectification_id_rectification'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification_contact'))
    )
    with op.batch_alter_table('rectification_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectification_contact_rectification_id'), ['rectification_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('rectification_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_contact_rectification_id'))

    op.drop_table('rectification_contact')
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_staff_id'))
        batch_op.drop_index(batch_op.f('ix_rectification_item_id'))
        batch_op.drop_index(batch_op.f('ix_rectification_department_id'))
        batch_op.drop_index(batch_op.f('ix_rectification_current_due'))
        batch_op.drop_index('ix_rectification_center_status')
        batch_op.drop_index(batch_op.f('ix_rectification_center_id'))

    op.drop_table('rectification')
    with op.batch_alter_table('rating_follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_follow_up_rating_id'))

    op.drop_table('rating_follow_up')
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_window_id'))
        batch_op.drop_index(batch_op.f('ix_rating_staff_id'))
        batch_op.drop_index(batch_op.f('ix_rating_item_id'))
        batch_op.drop_index('ix_rating_department_rated_on')
        batch_op.drop_index('ix_rating_center_rated_on')
        batch_op.drop_index(batch_op.f('ix_rating_center_id'))
        batch_op.drop_index(batch_op.f('ix_rating_case_id'))

    op.drop_table('rating')
    with op.batch_alter_table('case_step', schema=None) as batch_op:
        batch_op.drop_index('ix_case_step_rating_due')
        batch_op.drop_index(batch_op.f('ix_case_step_handler_id'))
        batch_op.drop_index(batch_op.f('ix_case_step_department_id'))
        batch_op.drop_index(batch_op.f('ix_case_step_center_id'))
        batch_op.drop_index(batch_op.f('ix_case_step_case_id'))

    op.drop_table('case_step')
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_event_case_id'))

    op.drop_table('case_event')
    with op.batch_alter_table('service_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_case_window_id'))
        batch_op.drop_index(batch_op.f('ix_service_case_item_id'))
        batch_op.drop_index(batch_op.f('ix_service_case_handler_id'))
        batch_op.drop_index(batch_op.f('ix_service_case_due_on'))
        batch_op.drop_index(batch_op.f('ix_service_case_department_id'))
        batch_op.drop_index(batch_op.f('ix_service_case_center_id'))
        batch_op.drop_index('ix_service_case_center_completed_on')
        batch_op.drop_index(batch_op.f('ix_service_case_applicant_account'))

    op.drop_table('service_case')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_recipient_read')
        batch_op.drop_index(batch_op.f('ix_notification_center_id'))

    op.drop_table('notification')
    with op.batch_alter_table('concentration_alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concentration_alert_department_id'))
        batch_op.drop_index(batch_op.f('ix_concentration_alert_center_id'))

    op.drop_table('concentration_alert')
    op.drop_table('rating_settings')
    op.drop_table('loop_settings')
    op.drop_table('scheduled_job')
    op.drop_table('outbound_message')
    op.drop_table('job_run')
    op.drop_table('indicator_set')
    
