"""What an import file must look like: columns per kind, and how each cell is read (SPEC A4)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xiaoneng.auth.rules import ROLE_LABELS, Role
from xiaoneng.errors import RowError

KIND_LABELS = {"org": "组织机构", "items": "服务事项", "staff": "人员"}
CREATED_LABELS = {"department": "科室", "service_point": "服务点位", "window": "窗口", "item": "服务事项",
                  "staff": "人员"}
ORG_TYPES = {"科室": "department", "服务点位": "service_point", "窗口": "window"}
# Departments first, then points, then windows: a window may name a department or point from anywhere in the file.
ORG_ORDER = ("department", "service_point", "window")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False  # the column must be present in the header
    aliases: tuple[str, ...] = ()
    example: str = ""


COLUMNS: dict[str, tuple[Column, ...]] = {
    "org": (
        Column("类型", True, example="窗口"),
        Column("编码", True, example="W-BDC-01"),
        Column("名称", True, example="不动产登记1号窗口"),
        Column("上级编码", example="BDC"),
        Column("类别", aliases=("科室类型", "点位类型"), example=""),
        Column("地址", example=""),
        Column("所属点位编码", aliases=("点位编码",), example="HALL"),
    ),
    "items": (
        Column("事项编码", True, example="510109-BDC-001"),
        Column("事项名称", True, example="不动产首次登记"),
        Column("科室编码", True, example="BDC"),
        Column("设定依据", example="《不动产登记暂行条例》第十四条"),
        Column("法定时限(工作日)", aliases=("法定时限",), example="30"),
        Column("承诺时限(工作日)", aliases=("承诺时限",), example="5"),
        Column("办理流程", example="受理—审核—登簿—发证"),
        Column("收费标准", example="80元/件"),
        Column("可网办", aliases=("可网办(是/否)", "是否可网办"), example="是"),
        Column("指南审核日期", example="2025-12-01"),
        Column("申报材料", example="不动产登记申请书；申请人身份证明；权属来源证明"),
    ),
    "staff": (
        Column("工号", True, example="S0101"),
        Column("姓名", True, example="张三"),
        Column("科室编码", example="BDC"),
        Column("窗口编码", example="W-BDC-01"),
        Column("职务", example="科员"),
        Column("职级", example="1"),
        Column("电话", example="028-12345678"),
        Column("角色", True, example="窗口人员"),
        Column("用户名", example="zhangsan"),
        Column("初始密码", example="Chushi2025"),
    ),
}

# Extra example rows so a template shows each org type.
ORG_EXAMPLES = (
    ("科室", "BDC", "不动产登记科", "", "科室", "", ""),
    ("服务点位", "HALL", "区政务服务大厅", "", "区级大厅", "XX路1号", ""),
    ("窗口", "W-BDC-01", "不动产登记1号窗口", "BDC", "", "", "HALL"),
)

YES = {"是", "y", "yes", "true", "1", "√", "可", "可以"}
NO = {"否", "n", "no", "false", "0", "×", "不可", "不可以", ""}
DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
ROLE_BY_LABEL = {label: role for role, label in ROLE_LABELS.items()}


def canonical_headers(kind: str) -> dict[str, str]:
    """Every accepted header spelling → the column's canonical name."""
    names = {}
    for column in COLUMNS[kind]:
        names[column.name] = column.name
        for alias in column.aliases:
            names[alias] = column.name
    return names


def header_errors(kind: str, headers: list[str], duplicates: list[str] = ()) -> list[RowError]:
    """Unknown, repeated and missing required columns, all reported against row 1."""
    known = canonical_headers(kind)
    errors = [RowError(1, h, "未知的列（请使用导入模板中的列名）") for h in headers if h not in known]
    errors += [RowError(1, h, "列名重复") for h in duplicates]
    present = {known[h] for h in headers if h in known}
    errors += [RowError(1, c.name, "缺少必需的列") for c in COLUMNS[kind] if c.required and c.name not in present]
    return errors


def text(value: object) -> str:
    """A cell as text; whole numbers lose Excel's ".0" so codes and phone numbers typed as numbers survive."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_int(value: object, *, label: str, default: int = 0) -> tuple[int | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default, None
    if isinstance(value, bool):
        return None, f"{label}须为整数"
    if isinstance(value, float):
        return (int(value), None) if value.is_integer() else (None, f"{label}须为整数，不能有小数")
    if isinstance(value, int):
        return value, None
    raw = str(value).strip()
    if raw.endswith(".0"):
        raw = raw[:-2]
    if re.fullmatch(r"-?\d+", raw):
        return int(raw), None
    return None, f"{label}须为整数，“{value}”不是整数"


def parse_yes_no(value: object) -> tuple[bool | None, str | None]:
    if isinstance(value, bool):
        return value, None
    raw = text(value).lower()
    if raw in YES:
        return True, None
    if raw in NO:
        return False, None
    return None, f"须填“是”或“否”，“{text(value)}”无法识别"


def parse_date(value: object) -> tuple[dt.date | None, str | None]:
    """Excel dates arrive as datetimes; typed ones as 2025-12-01, 2025/12/1, 2025.12.1 or 2025年12月1日."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    match = DATE_RE.match(text(value))
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())), None
        except ValueError:
            pass
    return None, f"日期“{text(value)}”无效，格式应为 YYYY-MM-DD"


def parse_role(value: object) -> tuple[str | None, str | None]:
    raw = text(value)
    if raw in ROLE_BY_LABEL:
        return ROLE_BY_LABEL[raw].value, None
    if raw in {r.value for r in Role}:
        return raw, None
    if not raw:
        return None, "角色不能为空"
    return None, "角色须为 " + "、".join(ROLE_LABELS.values()) + " 之一（或其英文代码）"


def referenced_bad_row(label: str, code: str, row: int) -> str:
    return f"引用的{label} {code} 所在的第 {row} 行有错误，本行一并跳过"


def missing_reference(label: str, code: str) -> str:
    return f"{label} {code} 不存在（须已在系统中，或在本文件前面的行中）"


def duplicate_in_file(label: str, code: str, row: int) -> str:
    return f"{label} {code} 与第 {row} 行重复"


def column_order(kind: str) -> dict[str, int]:
    return {c.name: i for i, c in enumerate(COLUMNS[kind])}


def sort_errors(kind: str, errors: list[RowError]) -> list[RowError]:
    order = column_order(kind)
    return sorted(errors, key=lambda e: (e.row, order.get(e.column, len(order)), e.column))
