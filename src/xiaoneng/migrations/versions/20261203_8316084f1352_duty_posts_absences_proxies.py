"""duty posts absences proxies

Revision ID: 8316084f1352
Revises: dab723cbf71f
Create Date: 2026-12-02 22:41:25.105795
"""
from alembic import op
import sqlalchemy as sa
import xiaoneng.db


revision = '8316084f1352'
down_revision = 'dab723cbf71f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('duty_absence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('start_half', sa.Integer(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('end_half', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('working_days', sa.Double(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', xiaoneng.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.String(length=500), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_duty_absence_center_id_center')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_duty_absence_decided_by_id_staff')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_duty_absence_department_id_department')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_duty_absence_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_absence'))
    )
    with op.batch_alter_table('duty_absence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_absence_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_absence_department_id'), ['department_id'], unique=False)
        batch_op.create_index('ix_duty_absence_staff_dates', ['staff_id', 'start_date', 'end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_absence_status'), ['status'], unique=False)

    op.create_table('duty_post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('duties', sa.String(length=500), nullable=False),
    sa.Column('a_staff_id', sa.Integer(), nullable=False),
    sa.Column('b_staff_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['a_staff_id'], ['staff.id'], name=op.f('fk_duty_post_a_staff_id_staff')),
    sa.ForeignKeyConstraint(['b_staff_id'], ['staff.id'], name=op.f('fk_duty_post_b_staff_id_staff')),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_duty_post_center_id_center')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_duty_post_department_id_department')),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_duty_post_window_id_window')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_post'))
    )
    with op.batch_alter_table('duty_post', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_post_a_staff_id'), ['a_staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_post_b_staff_id'), ['b_staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_post_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_post_department_id'), ['department_id'], unique=False)

    op.create_table('duty_post_proxy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('start_half', sa.Integer(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('end_half', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('designated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', xiaoneng.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_duty_post_proxy_center_id_center')),
    sa.ForeignKeyConstraint(['designated_by_id'], ['staff.id'], name=op.f('fk_duty_post_proxy_designated_by_id_staff')),
    sa.ForeignKeyConstraint(['post_id'], ['duty_post.id'], name=op.f('fk_duty_post_proxy_post_id_duty_post')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_duty_post_proxy_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_post_proxy'))
    )
    with op.batch_alter_table('duty_post_proxy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_post_proxy_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_post_proxy_post_id'), ['post_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('duty_post_proxy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_post_proxy_post_id'))
        batch_op.drop_index(batch_op.f('ix_duty_post_proxy_center_id'))

    op.drop_table('duty_post_proxy')
    with op.batch_alter_table('duty_post', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_post_department_id'))
        batch_op.drop_index(batch_op.f('ix_duty_post_center_id'))
        batch_op.drop_index(batch_op.f('ix_duty_post_b_staff_id'))
        batch_op.drop_index(batch_op.f('ix_duty_post_a_staff_id'))

    op.drop_table('duty_post')
    with op.batch_alter_table('duty_absence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_absence_status'))
        batch_op.drop_index('ix_duty_absence_staff_dates')
        batch_op.drop_index(batch_op.f('ix_duty_absence_department_id'))
        batch_op.drop_index(batch_op.f('ix_duty_absence_center_id'))

    op.drop_table('duty_absence')
