"""Parsing the State Council's yearly holiday notice (国务院办公厅关于某年部分节假日安排的通知) into rest and make-up days."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from xiaoneng.calendar.statutory import statutory_days
from xiaoneng.errors import ValidationFailed

_NAMES = "元旦|春节|清明节|清明|劳动节|五一|端午节|端午|中秋节|中秋|国庆节|国庆"
_NUMERAL = "[一二三四五六七八九十]+"
# A section starts with an optional numbering "三、" and one or more holiday names joined by 、 and a colon.
HEADER_RE = re.compile(rf"(?:(?<=[。.\s;；])|^)\s*(?:{_NUMERAL}[、.,]\s*)?((?:{_NAMES})(?:[、和与](?:{_NAMES}))*)\s*:")
TITLE_RE = re.compile(r"关于\s*(\d{4})\s*年\s*(?:部分)?节假日安排的通知")
DATE_RE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:\(([^)]*)\))?")
RANGE_RE = re.compile(
    r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:\(([^)]*)\))?\s*(?:至|到|-|~|—|–|－)\s*"
    r"(?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})日(?:\(([^)]*)\))?"
)
TOTAL_RE = re.compile(r"共\s*(\d+)\s*天|放假\s*(\d+)\s*天")
WEEKDAY_RE = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
CANONICAL = {"清明": "清明节", "五一": "劳动节", "端午": "端午节", "中秋": "中秋节", "国庆": "国庆节"}


@dataclass
class ParsedHoliday:
    """One holiday of the notice: its rest days, its make-up working days and the stated total."""

    name: str
    rest_days: list[dt.date] = field(default_factory=list)
    workdays: list[dt.date] = field(default_factory=list)
    stated_total: int | None = None
    no_swap: bool = False
    text: str = ""

    @property
    def total_matches(self) -> bool:
        return self.stated_total is None or self.stated_total == len(self.rest_days)


@dataclass
class NoticePreview:
    """What the parser understood, shown before saving."""

    year: int
    title: str
    holidays: list[ParsedHoliday]
    warnings: list[str]

    @property
    def rest_days(self) -> dict[dt.date, str]:
        return {d: h.name for h in self.holidays for d in h.rest_days}

    @property
    def workdays(self) -> dict[dt.date, str]:
        return {d: h.name for h in self.holidays for d in h.workdays}

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "title": self.title,
            "holidays": [
                {
                    "name": h.name,
                    "rest_days": [d.isoformat() for d in h.rest_days],
                    "workdays": [d.isoformat() for d in h.workdays],
                    "stated_total": h.stated_total,
                    "total_matches": h.total_matches,
                }
                for h in self.holidays
            ],
            "warnings": list(self.warnings),
        }


def normalise(text: str) -> str:
    """Full-width punctuation and digits to half-width; the Chinese 、 and 。 stay as they are."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u3000", " ").replace("\r", "")


def _canonical_name(raw: str) -> str:
    parts = re.split(r"[、和与]", raw)
    return "、".join(CANONICAL.get(p, p) for p in parts)


def _weekday_note(paren: str | None) -> int | None:
    if not paren:
        return None
    m = WEEKDAY_RE.search(paren)
    return WEEKDAYS[m.group(1)] if m else None


class _Dates:
    """Resolves dates without a year: the notice's year, December of the year before for a 元旦 crossing years."""

    def __init__(self, year: int, name: str, warnings: list[str]):
        self.year, self.name, self.warnings = year, name, warnings

    def make(self, y: str | None, m: str, d: str, paren: str | None) -> dt.date:
        month, day = int(m), int(d)
        year = int(y) if y else (self.year - 1 if month == 12 and "元旦" in self.name else self.year)
        try:
            value = dt.date(year, month, day)
        except ValueError:
            raise ValidationFailed(f"{self.name}：日期 {year}年{month}月{day}日 不存在", field="text") from None
        stated = _weekday_note(paren)
        if stated is not None and stated != value.weekday():
            self.warnings.append(f"{self.name}：{value.month}月{value.day}日 注明为{paren}，但当天实际是"
                                 f"周{'一二三四五六日'[value.weekday()]}")
        return value


def _parse_section(name: str, body: str, year: int, warnings: list[str]) -> ParsedHoliday:
    holiday = ParsedHoliday(name=name, text=body.strip())
    dates = _Dates(year, name, warnings)
    for sentence in re.split(r"[。;；]", body):
        if "放假" in sentence or "休息" in sentence:
            total = TOTAL_RE.search(sentence)
            if total:
                holiday.stated_total = int(total.group(1) or total.group(2))
            if "不调休" in sentence:
                holiday.no_swap = True
            span = RANGE_RE.search(sentence)
            if span:
                y1, m1, d1, p1, y2, m2, d2, p2 = span.groups()
                first = dates.make(y1, m1, d1, p1)
                end_month = int(m2) if m2 else first.month
                end_year = int(y2) if y2 else first.year + (1 if end_month < first.month else 0)
                last = dates.make(str(end_year), str(end_month), d2, p2)
                if last < first:
                    raise ValidationFailed(f"{name}：放假结束日早于开始日", field="text")
                holiday.rest_days += [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
            else:
                single = DATE_RE.search(sentence)
                if single:
                    holiday.rest_days.append(dates.make(*single.groups()))
        elif "上班" in sentence:
            for m in DATE_RE.finditer(sentence):
                holiday.workdays.append(dates.make(*m.groups()))
        elif "调休" in sentence and "不调休" in sentence:
            holiday.no_swap = True
    return holiday


def parse_notice(text: str, year: int | None = None) -> NoticePreview:
    """Parse a whole notice, or just its holiday lines, into a preview; the year comes from the title or `year`."""
    if not text or not text.strip():
        raise ValidationFailed("请粘贴通知正文", field="text")
    norm = normalise(text)
    title_match = TITLE_RE.search(norm)
    if year is None:
        if not title_match:
            raise ValidationFailed("未能从通知标题中识别年份，请填写年份", field="year")
        year = int(title_match.group(1))
    elif title_match and int(title_match.group(1)) != year:
        raise ValidationFailed(f"填写的年份 {year} 与通知标题中的 {title_match.group(1)} 年不一致", field="year")
    if not 1999 <= year <= 2200:
        raise ValidationFailed("年份不正确", field="year")
    title = f"国务院办公厅关于{year}年部分节假日安排的通知"

    headers = list(HEADER_RE.finditer(norm))
    if not headers:
        raise ValidationFailed("未能从通知中识别出任何节假日安排（应形如“春节：2月15日至23日放假调休，共9天。”）",
                               field="text")
    warnings: list[str] = []
    holidays: list[ParsedHoliday] = []
    for i, header in enumerate(headers):
        end = headers[i + 1].start() if i + 1 < len(headers) else len(norm)
        body = norm[header.end():end]
        # The closing paragraphs of a notice are not part of the last holiday.
        body = re.split(r"\n\s*\n|节假日期间[,，]", body)[0]
        holidays.append(_parse_section(_canonical_name(header.group(1)), body, year, warnings))
    _check(year, holidays, warnings)
    return NoticePreview(year=year, title=title, holidays=holidays, warnings=warnings)


def _check(year: int, holidays: list[ParsedHoliday], warnings: list[str]) -> None:
    seen_rest: dict[dt.date, str] = {}
    seen_work: dict[dt.date, str] = {}
    for h in holidays:
        if not h.rest_days:
            warnings.append(f"{h.name}：未识别出放假日期")
        if not h.total_matches:
            warnings.append(f"{h.name}：通知写明共{h.stated_total}天，解析出的放假日期为{len(h.rest_days)}天")
        if h.no_swap and h.workdays:
            warnings.append(f"{h.name}：注明不调休，却列有上班日期")
        for d in h.workdays:
            if d.weekday() < 5:
                warnings.append(f"{h.name}：调休上班日 {d.month}月{d.day}日 不是周末")
        for d in h.rest_days + h.workdays:
            if d.year != year and not (d.year == year - 1 and d.month == 12):
                warnings.append(f"{h.name}：{d.isoformat()} 不在{year}年内")
        for d in h.rest_days:
            if d in seen_rest:
                warnings.append(f"{d.month}月{d.day}日 同时出现在{seen_rest[d]}和{h.name}的放假日期中")
            seen_rest[d] = h.name
        for d in h.workdays:
            seen_work[d] = h.name
    both = sorted(set(seen_rest) & set(seen_work))
    if both:
        listed = "、".join(f"{d.month}月{d.day}日" for d in both)
        raise ValidationFailed(f"{listed} 既是放假日又是上班日，请核对通知文本", field="text")
    for s in statutory_days(year):
        if s.day not in seen_rest:
            warnings.append(f"法定节假日 {s.day.month}月{s.day.day}日（{s.name}）不在解析出的放假日期中")
