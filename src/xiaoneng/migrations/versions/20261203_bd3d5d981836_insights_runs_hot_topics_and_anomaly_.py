"""insights runs, hot topics and anomaly warnings

Revision ID: bd3d5d981836
Revises: daa5c804dcad
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = 'bd3d5d981836'
down_revision = 'daa5c804dcad'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('insight_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('computed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('texts', sa.Integer(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_insight_run_center_id_center')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insight_run')),
    sa.UniqueConstraint('center_id', 'kind', 'period_start', 'period_end', name=op.f('uq_insight_run_center_id_kind_period_start_period_end'))
    )
    with op.batch_alter_table('insight_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insight_run_center_id'), ['center_id'], unique=False)

    op.create_table('hot_topic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('heat', sa.Double(), nullable=False),
    sa.Column('heat_parts', sa.JSON(), nullable=False),
    sa.Column('volume', sa.Integer(), nullable=False),
    sa.Column('previous_volume', sa.Integer(), nullable=False),
    sa.Column('support', sa.Integer(), nullable=False),
    sa.Column('emerging', sa.Boolean(), nullable=False),
    sa.Column('representatives', sa.JSON(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('by_department', sa.JSON(), nullable=False),
    sa.Column('by_place', sa.JSON(), nullable=False),
    sa.Column('by_day', sa.JSON(), nullable=False),
    sa.Column('trend', sa.JSON(), nullable=False),
    sa.Column('forecast', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_hot_topic_center_id_center')),
    sa.ForeignKeyConstraint(['run_id'], ['insight_run.id'], name=op.f('fk_hot_topic_run_id_insight_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hot_topic'))
    )
    with op.batch_alter_table('hot_topic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hot_topic_center_id'), ['center_id'], unique=False)
        batch_op.create_index('ix_hot_topic_run_rank', ['run_id', 'rank'], unique=False)

    op.create_table('anomaly_warning',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('baseline_start', sa.Date(), nullable=False),
    sa.Column('measure', sa.String(length=16), nullable=False),
    sa.Column('unit_kind', sa.String(length=16), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('unit_name', sa.String(length=200), nullable=False),
    sa.Column('current', sa.Integer(), nullable=False),
    sa.Column('current_total', sa.Integer(), nullable=False),
    sa.Column('baseline', sa.Integer(), nullable=False),
    sa.Column('baseline_total', sa.Integer(), nullable=False),
    sa.Column('current_days', sa.Double(), nullable=False),
    sa.Column('baseline_days', sa.Double(), nullable=False),
    sa.Column('expected', sa.Double(), nullable=False),
    sa.Column('p_value', sa.Double(), nullable=False),
    sa.Column('q_value', sa.Double(), nullable=False),
    sa.Column('drivers', sa.JSON(), nullable=False),
    sa.Column('mix', sa.Double(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('acted_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('computed_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['acted_by_id'], ['staff.id'], name=op.f('fk_anomaly_warning_acted_by_id_staff')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_anomaly_warning_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_anomaly_warning_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_anomaly_warning')),
    sa.UniqueConstraint('center_id', 'measure', 'unit_kind', 'unit_id', 'period_start', 'period_end', name=op.f('uq_anomaly_warning_center_id_measure_unit_kind_unit_id_period_start_period_end'))
    )
    with op.batch_alter_table('anomaly_warning', schema=None) as batch_op:
        batch_op.create_index('ix_anomaly_warning_center_state', ['center_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_anomaly_warning_department_id'), ['department_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('anomaly_warning', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_anomaly_warning_department_id'))
        batch_op.drop_index('ix_anomaly_warning_center_state')

    op.drop_table('anomaly_warning')
    with op.batch_alter_table('hot_topic', schema=None) as batch_op:
        batch_op.drop_index('ix_hot_topic_run_rank')
        batch_op.drop_index(batch_op.f('ix_hot_topic_center_id'))

    op.drop_table('hot_topic')
    with op.batch_alter_table('insight_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insight_run_center_id'))

    op.drop_table('insight_run')
