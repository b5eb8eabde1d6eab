"""Bulk import of organisation, items and staff: every row checked, all-or-nothing unless good rows only (SPEC A4)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import ImportRejected, RowError, ValidationFailed
from xiaoneng.imports import rules
from xiaoneng.items import service as items
from xiaoneng.items.rules import split_materials
from xiaoneng.kit import readers
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org

# Service field → the column a user sees, so a service's refusal lands on the right cell.
ORG_FIELDS = {"code": "编码", "name": "名称", "kind": "类别", "point_type": "类别", "address": "地址",
              "parent_id": "上级编码", "department_id": "上级编码", "service_point_id": "所属点位编码"}
ITEM_FIELDS = {"code": "事项编码", "name": "事项名称", "department_id": "科室编码", "legal_basis": "设定依据",
               "statutory_limit_days": "法定时限(工作日)", "promised_limit_days": "承诺时限(工作日)",
               "procedure": "办理流程", "fees": "收费标准", "online": "可网办", "guide_reviewed_on": "指南审核日期",
               "materials": "申报材料"}
STAFF_FIELDS = {"staff_no": "工号", "full_name": "姓名", "department_id": "科室编码", "window_id": "窗口编码",
                "title": "职务", "rank": "职级", "phone": "电话", "role": "角色", "username": "用户名",
                "password": "初始密码"}


@dataclass
class ImportReport:
    """What an import did: records created per kind, and the rows skipped with their reasons."""

    kind: str
    file_name: str
    rows: int
    created: dict[str, int]
    skipped: list[RowError] = field(default_factory=list)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    def to_dict(self) -> dict:
        return {"kind": self.kind, "file_name": self.file_name, "rows": self.rows, "created": self.created,
                "total_created": self.total_created,
                "skipped": [{"row": e.row, "column": e.column, "reason": e.reason} for e in self.skipped]}


class _Run:
    """The state of one import: errors so far, and which codes came from good or bad rows of the file."""

    def __init__(self, session: Session, actor: Actor, kind: str):
        self.session, self.actor, self.kind = session, actor, kind
        self.errors: list[RowError] = []
        self.bad_rows: set[int] = set()
        self.created: dict[str, int] = {}
        self.first_row: dict[tuple[str, str], int] = {}  # (key kind, code) → first row that used it
        self.bad_codes: dict[tuple[str, str], int] = {}  # (key kind, code) → the bad row that defined it

    def fail(self, row: int, column: str, reason: str) -> None:
        self.errors.append(RowError(row, column, reason))
        self.bad_rows.add(row)

    def claim(self, row: int, key: str, code: str, column: str, label: str) -> bool:
        """Note a row's unique code; False (with an error) when an earlier row of the file already has it."""
        if not code:
            return True
        earlier = self.first_row.get((key, code))
        if earlier is not None:
            self.fail(row, column, rules.duplicate_in_file(label, code, earlier))
            return False
        self.first_row[(key, code)] = row
        return True

    def resolve(self, row: int, column: str, key: str, label: str, code: str, find: Callable) -> int | None:
        """The id of a referenced record by code, or None with a reason (missing, or defined by a bad row)."""
        if not code:
            return None
        found = find(self.session, actor=self.actor, code=code)
        if found is not None:
            return found.id
        if (key, code) in self.bad_codes:
            self.fail(row, column, rules.referenced_bad_row(label, code, self.bad_codes[(key, code)]))
        else:
            self.fail(row, column, rules.missing_reference(label, code))
        return None

    def create(self, row: int, key: str, code: str, fields: dict[str, str], call: Callable[[], object]) -> None:
        """Create one record inside its own savepoint, so a refused row leaves nothing behind."""
        if row not in self.bad_rows:
            try:
                with self.session.begin_nested():
                    call()
            except ValidationFailed as exc:
                self.fail(row, fields.get(exc.field or "", ""), exc.message)
            else:
                self.created[key] = self.created.get(key, 0) + 1
                return
        # Only the row that first used a code defines it; a later duplicate must not hide the good original.
        if code and self.first_row.get((key, code)) == row:
            self.bad_codes[(key, code)] = row


def _org(run: _Run, rows: list[readers.Row]) -> None:
    typed: dict[str, list] = {key: [] for key in rules.ORG_ORDER}
    for row in rows:
        kind = rules.text(row.values.get("类型"))
        if kind not in rules.ORG_TYPES:
            reason = "类型须为 " + "、".join(rules.ORG_TYPES) + " 之一" if kind else "类型不能为空"
            run.fail(row.number, "类型", reason)
            continue
        typed[rules.ORG_TYPES[kind]].append(row)
    labels = {"department": "科室编码", "service_point": "点位编码", "window": "窗口编码"}
    for key in rules.ORG_ORDER:
        for row in typed[key]:
            v = {name: rules.text(row.values.get(name)) for name in rules.canonical_headers("org").values()}
            n, code = row.number, v["编码"]
            run.claim(n, key, code, "编码", labels[key])
            if key == "department":
                call = lambda v=v: org.create_department(run.session, actor=run.actor, code=v["编码"], name=v["名称"],
                                                         kind=v["类别"] or "科室")
            elif key == "service_point":
                parent = run.resolve(n, "上级编码", "service_point", "上级点位编码", v["上级编码"],
                                     org.find_service_point_by_code)
                if not v["类别"]:
                    run.fail(n, "类别", "服务点位须填写类别（点位类型）")
                call = lambda v=v, parent=parent: org.create_service_point(
                    run.session, actor=run.actor, code=v["编码"], name=v["名称"], point_type=v["类别"],
                    address=v["地址"], parent_id=parent)
            else:
                if not v["上级编码"]:
                    run.fail(n, "上级编码", "窗口须填写上级编码（所属科室编码）")
                dept = run.resolve(n, "上级编码", "department", "科室编码", v["上级编码"], org.find_department_by_code)
                point = run.resolve(n, "所属点位编码", "service_point", "点位编码", v["所属点位编码"],
                                    org.find_service_point_by_code)
                call = lambda v=v, dept=dept, point=point: org.create_window(
                    run.session, actor=run.actor, code=v["编码"], name=v["名称"], department_id=dept,
                    service_point_id=point)
            run.create(n, key, code, ORG_FIELDS, call)


def _items(run: _Run, rows: list[readers.Row]) -> None:
    for row in rows:
        n, values = row.number, row.values
        code = rules.text(values.get("事项编码"))
        run.claim(n, "item", code, "事项编码", "事项编码")
        dept_code = rules.text(values.get("科室编码"))
        if not dept_code:
            run.fail(n, "科室编码", "科室编码不能为空")
        dept = run.resolve(n, "科室编码", "department", "科室编码", dept_code, org.find_department_by_code)
        limits = {}
        for column, label in (("法定时限(工作日)", "法定时限"), ("承诺时限(工作日)", "承诺时限")):
            # A blank promised limit is "not set" (cases take the statutory one); 0 is 即办件.
            days, problem = rules.parse_int(values.get(column), label=label,
                                            default=None if column == "承诺时限(工作日)" else 0)
            if problem:
                run.fail(n, column, problem)
            limits[column] = days
        online, problem = rules.parse_yes_no(values.get("可网办"))
        if problem:
            run.fail(n, "可网办", problem)
        reviewed, problem = rules.parse_date(values.get("指南审核日期"))
        if problem:
            run.fail(n, "指南审核日期", problem)
        materials = [{"name": name} for name in split_materials(rules.text(values.get("申报材料")))]
        call = lambda: items.create_item(
            run.session, actor=run.actor, code=code, name=rules.text(values.get("事项名称")), department_id=dept,
            legal_basis=rules.text(values.get("设定依据")), statutory_limit_days=limits["法定时限(工作日)"],
            promised_limit_days=limits["承诺时限(工作日)"], procedure=rules.text(values.get("办理流程")),
            fees=rules.text(values.get("收费标准")) or "不收费", online=online, guide_reviewed_on=reviewed,
            materials=materials)
        run.create(n, "item", code, ITEM_FIELDS, call)


def _staff(run: _Run, rows: list[readers.Row]) -> None:
    for row in rows:
        n, values = row.number, row.values
        staff_no = rules.text(values.get("工号"))
        username = rules.text(values.get("用户名"))
        run.claim(n, "staff", staff_no, "工号", "工号")
        run.claim(n, "username", username, "用户名", "用户名")
        dept = run.resolve(n, "科室编码", "department", "科室编码", rules.text(values.get("科室编码")),
                           org.find_department_by_code)
        window = run.resolve(n, "窗口编码", "window", "窗口编码", rules.text(values.get("窗口编码")),
                             org.find_window_by_code)
        role, problem = rules.parse_role(values.get("角色"))
        if problem:
            run.fail(n, "角色", problem)
        rank, problem = rules.parse_int(values.get("职级"), label="职级", default=1)
        if problem:
            run.fail(n, "职级", problem)
        call = lambda: org.create_staff(
            run.session, actor=run.actor, staff_no=staff_no, full_name=rules.text(values.get("姓名")), role=role,
            department_id=dept, window_id=window, title=rules.text(values.get("职务")), rank=rank,
            phone=rules.text(values.get("电话")), username=username or None,
            password=rules.text(values.get("初始密码")) or None)
        run.create(n, "staff", staff_no, STAFF_FIELDS, call)


IMPORTERS = {"org": _org, "items": _items, "staff": _staff}


def _canonical(kind: str, table: readers.Table) -> list[readers.Row]:
    names = rules.canonical_headers(kind)
    return [readers.Row(r.number, {names[h]: v for h, v in r.values.items() if h in names}) for r in table.rows]


def check_kind(kind: str) -> None:
    if kind not in IMPORTERS:
        raise ValidationFailed("导入类型须为 " + "、".join(f"{k}（{v}）" for k, v in rules.KIND_LABELS.items()),
                               field="kind")


def limits_of(settings) -> readers.Limits:
    """The import limits a center set (XIAONENG_IMPORT_MAX_*)."""
    return readers.Limits(max_upload_bytes=settings.import_max_upload_bytes, max_rows=settings.import_max_rows,
                          max_unpacked_bytes=settings.import_max_unpacked_bytes)


def run_import(session: Session, *, actor: Actor, kind: str, file_name: str, data: bytes,
               good_rows_only: bool = False, limits: readers.Limits | None = None) -> ImportReport:
    """Import one file; any bad row rejects the whole file (nothing written) unless good_rows_only is set.

    A file past the limits (size, rows, unpacked size; the settings' by default) is refused before it is parsed
    further. This is slow work (milliseconds a row): web handlers call it in a worker thread."""
    actor.require("import.run")
    check_kind(kind)
    if limits is None:
        from xiaoneng.config import get_settings

        limits = limits_of(get_settings())
    table = readers.read_table(file_name, data, limits)
    if not table.headers:
        raise ValidationFailed("文件为空：第 1 行应为表头", field="file")
    problems = rules.header_errors(kind, table.headers, table.duplicate_headers)
    if problems:
        raise ImportRejected(problems)
    if not table.rows:
        raise ValidationFailed("文件中只有表头，没有数据行", field="file")
    run = _Run(session, actor, kind)
    outer = session.begin_nested()
    try:
        IMPORTERS[kind](run, _canonical(kind, table))
        errors = rules.sort_errors(kind, run.errors)
        if errors and not good_rows_only:
            raise ImportRejected(errors)
        report = ImportReport(kind=kind, file_name=file_name, rows=len(table.rows),
                              created={k: run.created.get(k, 0) for k in _created_keys(kind)}, skipped=errors)
        audit.record(session, actor=actor, action="import.run", entity="import", entity_id=kind,
                     detail={"file_name": file_name, "rows": report.rows, "created": report.created,
                             "skipped_rows": sorted({e.row for e in errors}), "good_rows_only": good_rows_only})
    except BaseException:
        outer.rollback()
        raise
    outer.commit()
    return report


def _created_keys(kind: str) -> tuple[str, ...]:
    return {"org": rules.ORG_ORDER, "items": ("item",), "staff": ("staff",)}[kind]


def template_xlsx(kind: str) -> bytes:
    """An import template: the headers and example rows, as an XLSX file."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    check_kind(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = rules.KIND_LABELS[kind]
    columns = rules.COLUMNS[kind]
    sheet.append([c.name for c in columns])
    for cell, column in zip(sheet[1], columns):
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.name) * 2 + 4)
    if kind == "org":
        for example in rules.ORG_EXAMPLES:
            sheet.append(list(example))
    else:
        sheet.append([c.example for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
