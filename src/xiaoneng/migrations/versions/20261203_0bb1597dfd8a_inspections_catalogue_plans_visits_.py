"""inspections catalogue plans visits findings phone checks

Revision ID: 0bb1597dfd8a
Revises: 69e1ac1231e9
Create Date: 2026-12-03 07:29:02.977754
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = '0bb1597dfd8a'
down_revision = '69e1ac1231e9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inspection_budget',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('point_type', sa.String(length=32), nullable=False),
    sa.Column('capacity_halves', sa.Integer(), nullable=False),
    sa.Column('visit_halves', sa.Integer(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inspection_budget_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', 'point_type', name=op.f('pk_inspection_budget'))
    )
    op.create_table('inspection_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('point_type', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('category', sa.String(length=50), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('method', sa.Text(), nullable=False),
    sa.Column('frequency', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inspection_indicator_center_id_center')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_indicator')),
    sa.UniqueConstraint('center_id', 'point_type', 'code', name=op.f('uq_inspection_indicator_center_id_point_type_code'))
    )
    with op.batch_alter_table('inspection_indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_indicator_center_id'), ['center_id'], unique=False)

    op.create_table('inspection_settings',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('finding_days', sa.Integer(), nullable=False),
    sa.Column('ring_limit', sa.Integer(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inspection_settings_center_id_center')),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_inspection_settings'))
    )
    op.create_table('inspection_point_unit',
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inspection_point_unit_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_inspection_point_unit_department_id_department')),
    sa.ForeignKeyConstraint(['point_id'], ['service_point.id'], name=op.f('fk_inspection_point_unit_point_id_service_point')),
    sa.PrimaryKeyConstraint('point_id', name=op.f('pk_inspection_point_unit'))
    )
    with op.batch_alter_table('inspection_point_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_point_unit_center_id'), ['center_id'], unique=False)

    op.create_table('inspection_inspector',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inspection_inspector_center_id_center')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_inspection_inspector_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_inspector')),
    sa.UniqueConstraint('center_id', 'staff_id', name=op.f('uq_inspection_inspector_center_id_staff_id'))
    )
    with op.batch_alter_table('inspection_inspector', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_inspector_center_id'), ['center_id'], unique=False)

    op.create_table('inspection_phone_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('called_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('connected', sa.Boolean(), nullable=False),
    sa.Column('rings', sa.Integer(), nullable=True),
    sa.Column('answered_correctly', sa.Boolean(), nullable=True),
    sa.Column('question', sa.String(length=500), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('checker_id', sa.Integer(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('published_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inspection_phone_check_center_id_center')),
    sa.ForeignKeyConstraint(['checker_id'], ['staff.id'], name=op.f('fk_inspection_phone_check_checker_id_staff')),
    sa.ForeignKeyConstraint(['point_id'], ['service_point.id'], name=op.f('fk_inspection_phone_check_point_id_service_point')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_phone_check'))
    )
    with op.batch_alter_table('inspection_phone_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_phone_check_center_id'), ['center_id'], unique=False)

    op.create_table('inspection_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('optimal', sa.Boolean(), nullable=False),
    sa.Column('spent_halves', sa.Integer(), nullable=False),
    sa.Column('usage_bound', sa.Integer(), nullable=False),
    sa.Column('street_days', sa.Integer(), nullable=False),
    sa.Column('street_days_bound', sa.Integer(), nullable=False),
    sa.Column('solve_seconds', sa.Double(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('made_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inspection_plan_center_id_center')),
    sa.ForeignKeyConstraint(['made_by_id'], ['staff.id'], name=op.f('fk_inspection_plan_made_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_plan')),
    sa.UniqueConstraint('center_id', 'month', name=op.f('uq_inspection_plan_center_id_month'))
    )
    with op.batch_alter_table('inspection_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_plan_center_id'), ['center_id'], unique=False)

    op.create_table('inspection_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('inspector_id', sa.Integer(), nullable=False),
    sa.Column('halves', sa.Integer(), nullable=False),
    sa.Column('indicator_ids', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.Column('recorded_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('published_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inspection_visit_center_id_center')),
    sa.ForeignKeyConstraint(['inspector_id'], ['staff.id'], name=op.f('fk_inspection_visit_inspector_id_staff')),
    sa.ForeignKeyConstraint(['plan_id'], ['inspection_plan.id'], name=op.f('fk_inspection_visit_plan_id_inspection_plan')),
    sa.ForeignKeyConstraint(['point_id'], ['service_point.id'], name=op.f('fk_inspection_visit_point_id_service_point')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_inspection_visit_recorded_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_visit')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_inspection_visit_submission_key'))
    )
    with op.batch_alter_table('inspection_visit', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_visit_center_day', ['center_id', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_visit_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_visit_inspector_id'), ['inspector_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_visit_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index('ix_inspection_visit_point_day', ['point_id', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_visit_status'), ['status'], unique=False)

    op.create_table('inspection_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=True),
    sa.Column('indicator_code', sa.String(length=16), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('phone_check_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('notified_on', sa.Date(), nullable=True),
    sa.Column('deadline_days', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('repeat_of_id', sa.Integer(), nullable=True),
    sa.Column('repeat_count', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('failed_reinspections', sa.Integer(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['staff.id'], name=op.f('fk_inspection_finding_answered_by_id_staff')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inspection_finding_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_inspection_finding_department_id_department')),
    sa.ForeignKeyConstraint(['indicator_id'], ['inspection_indicator.id'], name=op.f('fk_inspection_finding_indicator_id_inspection_indicator')),
    sa.ForeignKeyConstraint(['phone_check_id'], ['inspection_phone_check.id'], name=op.f('fk_inspection_finding_phone_check_id_inspection_phone_check')),
    sa.ForeignKeyConstraint(['point_id'], ['service_point.id'], name=op.f('fk_inspection_finding_point_id_service_point')),
    sa.ForeignKeyConstraint(['repeat_of_id'], ['inspection_finding.id'], name=op.f('fk_inspection_finding_repeat_of_id_inspection_finding')),
    sa.ForeignKeyConstraint(['visit_id'], ['inspection_visit.id'], name=op.f('fk_inspection_finding_visit_id_inspection_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_finding')),
    sa.UniqueConstraint('center_id', 'number', name=op.f('uq_inspection_finding_center_id_number'))
    )
    with op.batch_alter_table('inspection_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_finding_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_finding_department_id'), ['department_id'], unique=False)
        batch_op.create_index('ix_inspection_finding_point_indicator', ['point_id', 'indicator_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_finding_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_finding_visit_id'), ['visit_id'], unique=False)

    op.create_table('inspection_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('indicator_id', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_inspection_photo_center_id_center')),
    sa.ForeignKeyConstraint(['indicator_id'], ['inspection_indicator.id'], name=op.f('fk_inspection_photo_indicator_id_inspection_indicator')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['staff.id'], name=op.f('fk_inspection_photo_uploaded_by_id_staff')),
    sa.ForeignKeyConstraint(['visit_id'], ['inspection_visit.id'], name=op.f('fk_inspection_photo_visit_id_inspection_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_photo')),
    sa.UniqueConstraint('submission_key', 'sha256', name=op.f('uq_inspection_photo_submission_key_sha256'))
    )
    with op.batch_alter_table('inspection_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_photo_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_photo_submission_key'), ['submission_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_photo_visit_id'), ['visit_id'], unique=False)

    op.create_table('inspection_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=8), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['inspection_indicator.id'], name=op.f('fk_inspection_result_indicator_id_inspection_indicator')),
    sa.ForeignKeyConstraint(['visit_id'], ['inspection_visit.id'], name=op.f('fk_inspection_result_visit_id_inspection_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_result')),
    sa.UniqueConstraint('visit_id', 'indicator_id', name=op.f('uq_inspection_result_visit_id_indicator_id'))
    )
    with op.batch_alter_table('inspection_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_result_visit_id'), ['visit_id'], unique=False)

    op.create_table('inspection_reinspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['inspection_finding.id'], name=op.f('fk_inspection_reinspection_finding_id_inspection_finding')),
    sa.ForeignKeyConstraint(['visit_id'], ['inspection_visit.id'], name=op.f('fk_inspection_reinspection_visit_id_inspection_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_reinspection')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_inspection_reinspection_visit_id'))
    )
    with op.batch_alter_table('inspection_reinspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_reinspection_finding_id'), ['finding_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('inspection_reinspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_reinspection_finding_id'))

    op.drop_table('inspection_reinspection')
    with op.batch_alter_table('inspection_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_result_visit_id'))

    op.drop_table('inspection_result')
    with op.batch_alter_table('inspection_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_photo_visit_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_photo_submission_key'))
        batch_op.drop_index(batch_op.f('ix_inspection_photo_center_id'))

    op.drop_table('inspection_photo')
    with op.batch_alter_table('inspection_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_finding_visit_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_finding_status'))
        batch_op.drop_index('ix_inspection_finding_point_indicator')
        batch_op.drop_index(batch_op.f('ix_inspection_finding_department_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_finding_center_id'))

    op.drop_table('inspection_finding')
    with op.batch_alter_table('inspection_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_visit_status'))
        batch_op.drop_index('ix_inspection_visit_point_day')
        batch_op.drop_index(batch_op.f('ix_inspection_visit_plan_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_visit_inspector_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_visit_center_id'))
        batch_op.drop_index('ix_inspection_visit_center_day')

    op.drop_table('inspection_visit')
    with op.batch_alter_table('inspection_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_plan_center_id'))

    op.drop_table('inspection_plan')
    with op.batch_alter_table('inspection_phone_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_phone_check_center_id'))

    op.drop_table('inspection_phone_check')
    with op.batch_alter_table('inspection_inspector', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_inspector_center_id'))

    op.drop_table('inspection_inspector')
    with op.batch_alter_table('inspection_point_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_point_unit_center_id'))

    op.drop_table('inspection_point_unit')
    op.drop_table('inspection_settings')
    with op.batch_alter_table('inspection_indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_indicator_center_id'))

    op.drop_table('inspection_indicator')
    op.drop_table('inspection_budget')
