"""The use cases of reports: render a content into its three files, produce and store a report (files under
<var_dir>/reports with their SHA-256, the Report row, the audit record), the monthly job that produces last
month's report on the first working day and tells the director and the supervisors."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.config import get_settings
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor, ensure_visible, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org.models import Center
from xiaoneng.reports import charts, content, docx_doc, pdf_doc, preview, rules, xlsx_doc
from xiaoneng.reports.models import Report

log = logging.getLogger(__name__)

EXTENSIONS = ("xlsx", "docx", "pdf")
MEDIA_TYPES = {"xlsx": xlsx_doc.XLSX_MEDIA_TYPE, "docx": docx_doc.DOCX_MEDIA_TYPE, "pdf": pdf_doc.PDF_MEDIA_TYPE}
EXT_LABELS = {"xlsx": "表格（XLSX）", "docx": "Word（DOCX）", "pdf": "PDF"}


def render_all(made: content.Content) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """({extension: file}, {chart key: PNG}) of a content, the charts drawn once for both documents."""
    images = charts.all_png(made.charts())
    return ({"xlsx": xlsx_doc.xlsx_bytes(made), "docx": docx_doc.docx_bytes(made, images),
             "pdf": pdf_doc.pdf_bytes(made, images)}, images)


def render(made: content.Content) -> dict[str, bytes]:
    return render_all(made)[0]


def file_names(made: content.Content) -> dict[str, str]:
    return {ext: f"{made.stem}.{ext}" for ext in EXTENSIONS}


def center_of(session: Session, *, actor: Actor, center_id: int | None = None, code: str | None = None) -> Center:
    """The center a report is of: by code (the CLI), else the actor's own; an unknown one refused in Chinese."""
    if code is not None:
        center = session.scalar(select(Center).where(Center.code == code.strip()))
        if center is None:
            raise ValidationFailed(f"中心 {code} 不存在", field="center")
        return center
    center = session.get(Center, center_id or actor.center_id)
    if center is None:
        raise ValidationFailed("中心不存在", field="center")
    return ensure_visible(center, actor) if not actor.is_system else center


def compose(session: Session, *, actor: Actor, center: Center, period: rules.Period,
            today: dt.date | None = None) -> content.Content:
    actor.require("reports.read")
    if not actor.is_system and center.id != actor.center_id:
        raise NotFound()
    return content.compose(session, center=center, period=period, today=today or clock.today())


def report_dir(report: Report, center_code: str) -> Path:
    """Relative to the var dir: reports/<center>/<period>/v<version>."""
    return Path("reports") / center_code / report.period_key / f"v{report.version}"


def _write(var_dir: Path, path: Path, body: bytes) -> dict:
    (var_dir / path).parent.mkdir(parents=True, exist_ok=True)
    (var_dir / path).write_bytes(body)
    return {"path": str(path), "name": path.name, "sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}


def produce(session: Session, *, actor: Actor, center: Center, made: content.Content,
            rendered: tuple[dict[str, bytes], dict[str, bytes]] | None = None, scheduled: bool = False) -> Report:
    """Store a composed report as the period's next version, its three files, chart images and preview under the
    var dir, audited; flush only."""
    actor.require("reports.produce")
    period = made.period
    files, images = rendered if rendered is not None else render_all(made)
    latest = session.scalar(select(func.max(Report.version)).where(
        Report.center_id == center.id, Report.kind == period.kind, Report.period_key == period.key)) or 0
    report = Report(center_id=center.id, kind=period.kind, period_key=period.key, start=period.start, end=period.end,
                    version=latest + 1, scheduled=scheduled, files={}, summary=list(made.summary),
                    created_by_id=actor.user_id, created_by_name=actor.full_name or actor.username)
    session.add(report)
    session.flush()
    var_dir, folder = Path(get_settings().var_dir), report_dir(report, center.code)
    stored = {ext: _write(var_dir, folder / name, files[ext]) for ext, name in file_names(made).items()}
    for key, png in images.items():
        stored[f"chart:{key}"] = _write(var_dir, folder / "charts" / f"{key}.png", png)
    html = preview.fragment(made, chart_url=lambda key: f"/reports/{report.id}/charts/{key}.png", charts=set(images))
    stored["html"] = _write(var_dir, folder / "preview.html", html.encode())
    report.files = stored
    audit.record(session, actor=actor, action="report.produce", entity="report", entity_id=report.id,
                 center_id=center.id, detail={"period": period.label, "report_kind": rules.KIND_LABELS[period.kind],
                                              "version": report.version, "scheduled": scheduled})
    return report


def title_of(report: Report, center_name: str = "") -> str:
    period = rules.Period(report.kind, report.start, report.end)
    return f"{center_name}{rules.TITLES[report.kind]}（{period.label}）"


def get_report(session: Session, *, actor: Actor, report_id: int) -> Report:
    actor.require("reports.read")
    return ensure_visible(session.get(Report, report_id), actor)


def report_file(session: Session, *, actor: Actor, report_id: int, ext: str) -> tuple[Report, dict, bytes]:
    """(report, stored file entry, body) with its SHA-256 checked: a file changed on disk is refused. `ext`: xlsx,
    docx, pdf, html (the preview) or chart:<key>."""
    report = get_report(session, actor=actor, report_id=report_id)
    entry = report.files.get(ext)
    if entry is None:
        raise NotFound("没有这种格式的报告文件")
    path = Path(get_settings().var_dir) / entry["path"]
    if not path.is_file():
        raise NotFound("报告文件已不在服务器上，请重新生成")
    body = path.read_bytes()
    if hashlib.sha256(body).hexdigest() != entry["sha256"]:
        raise ValidationFailed("报告文件与生成时的校验值不符，可能已被改动，请重新生成", field="file")
    return report, entry, body


# --- the monthly job -------------------------------------------------------------------------------------------

def produce_due_reports(session: Session, *, today: dt.date) -> int:
    """On the first working day of a month (each center's calendar), last month's report of every active center,
    once: a month that already has a report is left alone (the job catches up on a later day of the month if a run
    was missed). The director and the supervisors find it in their inbox. Returns how many were produced."""
    produced = 0
    for center in session.scalars(select(Center).where(Center.active.is_(True)).order_by(Center.id)):
        period = rules.due_month(today, calendar.get_calendar(session, center_id=center.id))
        if period is None:
            continue
        exists = session.scalar(select(func.count()).select_from(Report).where(
            Report.center_id == center.id, Report.kind == rules.MONTH, Report.period_key == period.key))
        if exists or not content.has_data(session, center_id=center.id, period=period):
            continue
        actor = system_actor(center.id, name="reports")
        made = content.compose(session, center=center, period=period, today=today)
        report = produce(session, actor=actor, center=center, made=made, scheduled=True)
        title = title_of(report, center.name)
        body = "；".join(made.summary[:3])
        for role in (Role.DIRECTOR, Role.SUPERVISOR):
            notifications.notify_role(session, center_id=center.id, role=role, kind="report", title=f"{title}已生成",
                                      body=body, link=f"/reports/{report.id}", key=f"report:{report.id}")
        produced += 1
        log.info("report %s %s produced", center.code, period.key)
    return produced
