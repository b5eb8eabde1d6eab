"""A notice as its printed document says it, read from the notice's snapshot alone: the texts both formats (PDF and
DOCX) lay out the same way, once per copy (申请人留存联, 存档联)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xiaoneng.kit import clock
from xiaoneng.notices.rules import COPIES, TITLES, NoticeKind

MATERIAL_HEADER = ("序号", "材料名称", "份数", "示范文本", "审查情况")
REMEDY = ("申请人对本决定不服的，可以自收到本告知书之日起六十日内依法申请行政复议，"
          "或者六个月内依法提起行政诉讼。")


def url(notice, ext: str) -> str:
    """Where a notice's document is downloaded: /api/cases/{case}/notices/{n}.pdf (n: its place in the case)."""
    return f"/api/cases/{notice.case_id}/notices/{notice.case_seq}.{ext}"


def copy_label(index: int, label: str) -> str:
    """第一联　申请人留存联."""
    return f"第{'一二三四'[index]}联　{label}"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class NoticeDocument:
    kind: NoticeKind
    title: str
    number: str
    applicant: str
    opening: str
    reasons: tuple[str, ...]  # a refusal's, numbered
    facts: tuple[tuple[str, str], ...]  # (label, text): item, department, basis, limit, procedure, fees
    materials: tuple[tuple[str, ...], ...]  # rows under MATERIAL_HEADER
    note: str
    closing: tuple[str, ...]  # what follows the tables: the remedy of a refusal
    handler: str
    center: str
    date: str
    copies: tuple[str, ...] = COPIES

    @property
    def file_stem(self) -> str:
        """The download's name: 一次性告知书_锦政服告〔2026〕第0001号."""
        return f"{self.title}_{self.number}"


def _opening(kind: NoticeKind, s: dict) -> str:
    received = chinese_date(dt.date.fromisoformat(s["received_on"]))
    item = s["item"]["name"]
    case = s["case_number"]
    if kind is NoticeKind.REFUSAL:
        return (f"你（单位）于{received}申请办理的“{item}”事项（办件编号 {case}），经审查，决定不予受理。"
                "理由如下：")
    return (f"你（单位）于{received}申请办理的“{item}”事项（办件编号 {case}），经审查，申请材料不齐全或者不符合"
            "要求。现将办理该事项的依据、时限、程序和所需的全部材料一次性告知如下，请按“审查情况”一栏补正后"
            "重新提交；办理时限自收到全部补正材料之日起重新计算。")


def of(notice) -> NoticeDocument:
    """The document of a CaseNotice (its number, kind, date and snapshot)."""
    s = notice.snapshot
    kind = NoticeKind(notice.kind)
    item = s["item"]
    facts = (("办理事项", f"{item['name']}（{item['code']}）"), ("承办科室", s.get("department", "")),
             ("设定依据", item["legal_basis"] or "—"), ("办理时限", item["time_limit"]),
             ("办理程序", item["procedure"] or "—"), ("收费标准", item["fees"] or "—"))
    materials = tuple((str(i), m["name"], m["copies"] or "—", m["sample_text"] or "—", m["status_text"])
                      for i, m in enumerate(s["materials"], start=1))
    return NoticeDocument(
        kind=kind, title=TITLES[kind], number=notice.number, applicant=s["applicant"], opening=_opening(kind, s),
        reasons=tuple(s.get("reasons") or ()), facts=facts, materials=materials, note=s.get("note") or "",
        closing=(REMEDY,) if kind is NoticeKind.REFUSAL else (), handler=s.get("handler") or "",
        center=s["center"], date=chinese_date(clock.local(notice.issued_at).date()))
