"""national indicator sets

The 2019 national 好差评 template: an overall level plus a few indicators whose options depend on the level
(praise for 基本满意 and above, complaints for 不满意 and below). On site: 服务效率, 服务水平, 服务态度;
online: 办事效率, 办事指南精确度, 办事便捷度, 平台操作性. Later versions come as new rows; ratings keep theirs.

Revision ID: 564131135661
Revises: 664b5266d6c0
Create Date: 2026-11-23 11:55:00
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '564131135661'
down_revision = '664b5266d6c0'
branch_labels = None
depends_on = None


def _indicator(code, name, good, bad):
    return {"code": code, "name": name, "options": {"good": good, "bad": bad}}


ONSITE = {"indicators": [
    _indicator("service_efficiency", "服务效率", ["办理迅速", "一次办成", "等候时间短"],
               ["等候时间长", "办理拖沓", "多次跑动"]),
    _indicator("service_skill", "服务水平", ["业务熟练", "解答清楚", "指导到位"],
               ["业务不熟", "解答不清", "一次性告知不到位"]),
    _indicator("service_attitude", "服务态度", ["热情周到", "耐心细致", "文明礼貌"],
               ["态度生硬", "推诿扯皮", "缺乏耐心"]),
]}
ONLINE = {"indicators": [
    _indicator("handling_efficiency", "办事效率", ["办理快捷", "按时办结"], ["办理超时", "进度不透明"]),
    _indicator("guide_accuracy", "办事指南精确度", ["指南清晰准确", "材料要求明确"], ["指南与实际不符", "材料要求不清"]),
    _indicator("convenience", "办事便捷度", ["无需跑动", "材料精简"], ["需要多次提交", "需到现场补材料"]),
    _indicator("platform_usability", "平台操作性", ["操作简单", "系统稳定"], ["操作复杂", "系统卡顿出错"]),
]}


def upgrade() -> None:
    table = sa.table("indicator_set", sa.column("scope", sa.String), sa.column("version", sa.String),
                     sa.column("name", sa.String), sa.column("definition", sa.JSON), sa.column("active", sa.Boolean),
                     sa.column("created_at", sa.DateTime(timezone=True)))
    at = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    if op.get_bind().dialect.name == "sqlite":
        at = at.replace(tzinfo=None)
    op.bulk_insert(table, [
        {"scope": "onsite", "version": "national-2019", "name": "全国政务服务“好差评”现场评价指标",
         "definition": ONSITE, "active": True, "created_at": at},
        {"scope": "online", "version": "national-2019", "name": "全国政务服务“好差评”网上评价指标",
         "definition": ONLINE, "active": True, "created_at": at},
    ])


def downgrade() -> None:
    op.execute("DELETE FROM indicator_set WHERE version = 'national-2019'")
