"""What the public disclosure of S0 art.12 may show: the period, the publication delay and scrubbed free text.

S0 art.12: evaluation content and rectification status are published periodically, except information that may
not lawfully be published; personal data never appears (SPEC C6, D5).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xiaoneng.kit.masking import mask_name
from xiaoneng.kit.periods import default_month

# Free text written by raters and staff may carry contact details; they are replaced before anything is shown.
# Order matters: the 18-character ID number is matched before the 11-digit mobile that could sit inside it.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")
# GB 11643 before 1999: 15 digits, a two-digit year.
_OLD_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])")
# GB 32100 unified social credit code: 18 characters of digits and capitals without I, O, S, V, Z, with at least
# one capital (an all-digit run is an ID number or a case number, handled above or left alone).
_USCC = re.compile(r"(?<![0-9A-Za-z])(?=[0-9A-Z]{0,17}[A-HJ-NPQRTUWXY])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])")
# GA 36 vehicle plates: province character, issuing-office letter, five characters (six for new-energy plates).
_PLATE = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·.\s]?[A-HJ-NP-Z0-9]{5,6}(?![0-9A-Za-z])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:\(?0\d{2,3}\)?[- ]?)?[2-9]\d{6,7}(?:-\d{1,4})?(?!\d)")

ID_MASK = "[身份证号已隐去]"
EMAIL_MASK = "[邮箱已隐去]"
PHONE_MASK = "[电话已隐去]"
CREDIT_CODE_MASK = "[信用代码已隐去]"
PLATE_MASK = "[车牌号已隐去]"


def scrub(text: str | None, *, names: tuple[str, ...] | list[str] = ()) -> str:
    """Replace ID numbers, credit codes, plates, e-mail addresses, mobiles and landlines with a placeholder and known names with a surname.

    `names` are the people the record is known to concern (the rater, the staff member rated): a comment naming
    them keeps only their surname.
    """
    if not text:
        return ""
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    text = _ID_NUMBER.sub(ID_MASK, text)
    text = _USCC.sub(CREDIT_CODE_MASK, text)
    text = _OLD_ID_NUMBER.sub(ID_MASK, text)
    text = _PLATE.sub(PLATE_MASK, text)
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _MOBILE.sub(PHONE_MASK, text)
    return _LANDLINE.sub(PHONE_MASK, text)


@dataclass(frozen=True)
class Period:
    """One calendar month of the disclosure, first and last day inclusive."""

    year: int
    month: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return self.next().first - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    def next(self) -> Period:
        return Period(self.year + (self.month == 12), 1 if self.month == 12 else self.month + 1)

    def previous(self) -> Period:
        return Period(self.year - (self.month == 1), 12 if self.month == 1 else self.month - 1)


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(value: str | None) -> Period | None:
    """'2026-03' → Period(2026, 3); anything else → None."""
    match = _MONTH.match((value or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return Period(year, month)


def published_through(today: dt.date, delay_days: int) -> dt.date:
    """The last rating day that may be shown: ratings are published `delay_days` days after they were given."""
    return today - dt.timedelta(days=max(0, delay_days))


def latest_period(today: dt.date, delay_days: int) -> Period:
    """The month holding the newest publishable day: the page opens on it."""
    day = published_through(today, delay_days)
    return Period(day.year, day.month)


def opening_period(today: dt.date, delay_days: int) -> Period:
    """The month the page opens on: kit.periods.default_month of the newest publishable day, like the rankings
    (the month before until the 5th, so the page does not open nearly empty on the 1st)."""
    first = default_month(published_through(today, delay_days))
    return Period(first.year, first.month)


BAD_REVIEWS_PER_PAGE = 20


def page_number(raw: str | None, pages: int) -> int:
    """The page of the bad-review list asked for, within 1..pages (anything not a number is the first)."""
    text = (raw or "").strip()
    if not text.isdigit():
        return 1
    return max(1, min(int(text[:12]), max(1, pages)))


def recent_periods(today: dt.date, delay_days: int, count: int = 12) -> list[Period]:
    """The month selector: the newest publishable month and the ones before it."""
    period, out = latest_period(today, delay_days), []
    for _ in range(count):
        out.append(period)
        period = period.previous()
    return out
