"""The attendance lists as spreadsheets: the monthly summary (each person, then each department's totals) and the
spot checks (one row per person checked). Read only, through the services, scoped like the pages."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.attendance import queries, summary
from xiaoneng.attendance.models import TARGET_LABELS, SpotCheckTarget
from xiaoneng.attendance.spot_checks import key_label
from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.kit.spreadsheets import Column, Sheet, period_text
from xiaoneng.org import service as org

KINDS = {"staff_no": "text", "name": "text", "department": "text", "working_days": "int", "present_days": "int",
         "absent_days": "number", "leave_days": "number"}


def summary_sheet(session: Session, *, actor: Actor, month: str, department_id: int | None, q: str, sort: str,
                  descending: bool) -> Sheet:
    rows = summary.sort_rows(summary.monthly_summary(session, actor=actor, month=month, today=clock.today(),
                                                     department_id=department_id, q=q), sort, descending)
    totals = summary.department_totals(rows)
    columns = [Column(summary.COLUMN_LABELS[c], KINDS.get(c, "int"), width=14 if c == "department" else None,
                      number_format="0.0" if c in ("absent_days", "leave_days") else None)
               for c in summary.SUMMARY_COLUMNS]
    lines = [r.row() for r in rows] + [["科室合计", f"{t.name} 人", t.department or "未分科室", *t.row()[3:]]
                                       for t in totals]
    filters = [f"科室：{rows[0].department}" if department_id and rows else "", f"搜索：{q}" if q else ""]
    title = "　".join(x for x in [f"{month} 月度考勤汇总", *filters, f"导出于 {clock.today().isoformat()}"] if x)
    return Sheet(name=f"{month}考勤汇总", title=title, columns=columns, rows=lines)


def spot_check_sheet(session: Session, *, actor: Actor, filters: queries.Filters) -> Sheet:
    center = actor.center_id
    departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(center))}
    windows = {w.id: w.name for w in org.window_choices(session, actor=system_actor(center))}
    staff = {s.id: s for s in org.staff_choices(session, center_id=center)}
    names = {}

    def rows():
        for check, entries in queries.all_spot_checks(session, actor=actor, filters=filters):
            place = windows.get(check.window_id, "") if check.target == SpotCheckTarget.WINDOW else \
                departments.get(check.department_id, "")
            missing = {e.staff_id for e in entries} - set(staff) - set(names)
            if missing:  # someone since deactivated: their name still belongs in the record
                names.update(org.staff_names(session, center_id=center, staff_ids=missing))
            for e in entries:
                person = staff.get(e.staff_id)
                yield [check.day, check.time.strftime("%H:%M"), key_label(check), departments.get(check.department_id, ""),
                       TARGET_LABELS[SpotCheckTarget(check.target)] + "：" + place, check.inspector_name,
                       person.full_name if person else names.get(e.staff_id, ""), person.staff_no if person else "",
                       "在岗" if e.present else "不在岗", e.note, check.note]

    columns = [Column("日期", "date"), Column("时间"), Column("关键时段", width=22), Column("科室", width=14),
               Column("抽检地点", width=24), Column("抽检人"), Column("人员"), Column("工号"), Column("结果"),
               Column("说明", width=30), Column("抽检说明", width=30)]
    parts = [period_text(filters.start, filters.end)]
    if filters.department_id and not actor.department_scoped:
        parts.append(f"科室：{departments.get(filters.department_id, '')}")
    if filters.result:
        parts.append(queries.RESULTS[filters.result])
    title = f"关键时段巡查抽检（{'，'.join(parts)}；导出于 {clock.today().isoformat()}）"
    return Sheet(name="关键时段抽检", title=title, columns=columns, rows=rows())
