"""The warnings list as a spreadsheet: the page's filters, labels and sentences, no codes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.insights import service, wording
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import Column, Sheet


def warnings_sheet(session: Session, *, actor: Actor, filters: service.WarningFilters, title: str) -> Sheet:
    statement = service.warnings_statement(actor, filters)

    def rows():
        offset = 0
        while True:
            chunk = list(session.scalars(statement.limit(500).offset(offset)))
            if not chunk:
                return
            for w in chunk:
                figures, drivers = service.describe(w)
                rate = w.measure != "complaints"
                yield [wording.period_text(w.period_start, w.period_end), wording.MEASURE_LABELS[w.measure],
                       wording.UNIT_LABELS[w.unit_kind], w.unit_name, w.current,
                       w.current_total if rate else None, round(w.expected, 1), round(w.current - w.expected, 1),
                       w.p_value, w.q_value, wording.STATE_LABELS[w.state], figures, drivers, w.note]
            offset += len(chunk)

    columns = [Column("统计期间", width=14), Column("指标"), Column("单位类型"), Column("单位", width=24),
               Column("本期件数", "int"), Column("本期总数", "int"), Column("按此前水平应有", "number"),
               Column("多出件数", "number"), Column("p值", "number"), Column("q值", "number"), Column("状态"),
               Column("数据说明", width=60), Column("主要来源", width=60), Column("处理说明", width=40)]
    return Sheet(name="异常预警", title=title, columns=columns, rows=rows())
