"""Printable QR sheets (PDF): one A4 page per window, badge cards for staff, each linking to its rating page; and
the window's codes shown on its page (QR code as inline SVG, kiosk link). Every address is under the configured
public base (`base_url`, the setting XIAONENG_PUBLIC_BASE_URL), never the Host of the request that printed it."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org
from xiaoneng.org.models import Department
from xiaoneng.ratings import links
from xiaoneng.ratings.tokens import TokenKind

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT = "WQY"
PAGE = 200


def _every(listing, **kw) -> list:
    """Every record of a paged listing (a sheet covers them all, not the first page)."""
    found, page = [], 1
    while True:
        result = listing(page=page, per_page=PAGE, **kw)
        found += result.items
        if page >= result.pages:
            return found
        page += 1


@dataclass(frozen=True)
class Sheet:
    title: str  # window name, or the staff member's name
    subtitle: str  # department, or 工号
    url: str
    valid_until: dt.date


@lru_cache(maxsize=1)
def _font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))  # embedded: readable without a CJK font
    return FONT


def _draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code as vector rectangles (sharp at any print size), one rectangle per run of dark modules."""
    qr = segno.make(url, error="m")
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=0)]
    module = size / len(rows)
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                canvas.rect(x + start * module, y + size - (r + 1) * module, (c - start) * module, module,
                            stroke=0, fill=1)
            else:
                c += 1


def window_pdf(sheets: list[Sheet]) -> bytes:
    """One A4 page per window: name, department, “扫码评价 好差评”, the QR code, its URL and validity."""
    font = _font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("窗口评价二维码")
    width, height = A4
    for sheet in sheets:
        canvas.setFont(font, 30)
        canvas.drawCentredString(width / 2, height - 45 * mm, sheet.title)
        canvas.setFont(font, 16)
        canvas.drawCentredString(width / 2, height - 58 * mm, sheet.subtitle)
        canvas.setFont(font, 34)
        canvas.drawCentredString(width / 2, height - 80 * mm, "扫码评价 好差评")
        size = 120 * mm
        _draw_qr(canvas, sheet.url, (width - size) / 2, height - 95 * mm - size, size)
        canvas.setFont(font, 9)
        canvas.drawCentredString(width / 2, height - 105 * mm - size, sheet.url)
        canvas.setFont(font, 12)
        canvas.drawCentredString(width / 2, height - 115 * mm - size,
                                 f"有效期至 {sheet.valid_until:%Y年%m月%d日} · 评价真实自愿，任何人不得强迫或干扰")
        canvas.showPage()
    if not sheets:
        canvas.setFont(font, 16)
        canvas.drawString(30 * mm, height - 40 * mm, "没有可打印的窗口")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def staff_pdf(sheets: list[Sheet]) -> bytes:
    """Badge-size cards (85 × 54 mm), two columns and five rows per A4 page, with cut marks as the card outline."""
    font = _font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("工作人员评价二维码")
    width, height = A4
    card_w, card_h, cols, rows = 85 * mm, 54 * mm, 2, 5
    left = (width - cols * card_w) / 2
    top = height - (height - rows * card_h) / 2
    for index, sheet in enumerate(sheets):
        if index and index % (cols * rows) == 0:
            canvas.showPage()
        slot = index % (cols * rows)
        x = left + (slot % cols) * card_w
        y = top - (slot // cols + 1) * card_h
        canvas.setStrokeColorRGB(0.7, 0.7, 0.7)
        canvas.rect(x, y, card_w, card_h, stroke=1, fill=0)
        qr_size = 40 * mm
        _draw_qr(canvas, sheet.url, x + card_w - qr_size - 5 * mm, y + 9 * mm, qr_size)
        size = 15
        while size > 8 and pdfmetrics.stringWidth(sheet.title, font, size) > card_w - qr_size - 12 * mm:
            size -= 1  # long names shrink rather than run under the code
        canvas.setFont(font, size)
        canvas.drawString(x + 5 * mm, y + card_h - 13 * mm, sheet.title)
        canvas.setFont(font, 10)
        canvas.drawString(x + 5 * mm, y + card_h - 20 * mm, sheet.subtitle)
        canvas.setFont(font, 12)
        canvas.drawString(x + 5 * mm, y + 22 * mm, "扫码评价")
        canvas.drawString(x + 5 * mm, y + 16 * mm, "好差评")
        canvas.setFont(font, 6)
        canvas.drawString(x + 5 * mm, y + 4 * mm, f"有效期至 {sheet.valid_until:%Y-%m-%d}")
    if not sheets:
        canvas.setFont(font, 16)
        canvas.drawString(30 * mm, height - 40 * mm, "没有可打印的工作人员")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def window_sheets(session: Session, *, actor: Actor, base_url: str, secret: str, now: dt.datetime, days: int,
                  window_id: int | None = None, department_id: int | None = None) -> list[Sheet]:
    """Sheets of the active windows the actor may see (one window, one department's, or all of them)."""
    actor.require("ratings.qr")
    if window_id:
        windows = [org.get_window(session, actor=actor, window_id=window_id)]
    else:
        windows = _every(org.list_windows, session=session, actor=actor, department_id=department_id)
    departments = org.related(session, actor=actor, model=Department, ids=[w.department_id for w in windows])
    until = (now + dt.timedelta(days=days)).date()
    return [Sheet(title=w.name, subtitle=getattr(departments.get(w.department_id), "name", ""),
                  url=_url(base_url, links.rating_path, TokenKind.WINDOW, w, secret=secret, now=now, days=days),
                  valid_until=until)
            for w in windows if w.active]


def staff_sheets(session: Session, *, actor: Actor, base_url: str, secret: str, now: dt.datetime, days: int,
                 department_id: int | None = None) -> list[Sheet]:
    """Cards of the active staff the actor may see, optionally of one department."""
    actor.require("ratings.qr")
    staff = _every(org.list_staff, session=session, actor=actor, department_id=department_id)
    until = (now + dt.timedelta(days=days)).date()
    return [Sheet(title=s.full_name, subtitle=f"工号 {s.staff_no}",
                  url=_url(base_url, links.rating_path, TokenKind.STAFF, s, secret=secret, now=now, days=days),
                  valid_until=until)
            for s in staff if s.active]


def _url(base_url: str, path, kind: TokenKind, record, *, secret: str, now: dt.datetime, days: int) -> str:
    token = links.qr_token(kind, record.id, center_id=record.center_id, secret=secret, now=now, days=days)
    return links.public_url(base_url, path(token))


@dataclass(frozen=True)
class WindowCodes:
    """What a window's page shows: its rating QR code (inline SVG) and address, and its kiosk (评价器) address."""

    rating_url: str
    qr_svg: str
    kiosk_url: str
    valid_until: dt.date


def window_codes(session: Session, *, actor: Actor, window_id: int, base_url: str, secret: str, now: dt.datetime,
                 days: int) -> WindowCodes | None:
    """The codes of an active window the actor may see and print codes for; None for an inactive window."""
    actor.require("ratings.qr")
    window = org.get_window(session, actor=actor, window_id=window_id)
    if not window.active:
        return None
    url = _url(base_url, links.rating_path, TokenKind.WINDOW, window, secret=secret, now=now, days=days)
    svg = segno.make(url, error="m").svg_inline(scale=3, title="窗口评价二维码")
    return WindowCodes(rating_url=url, qr_svg=svg, valid_until=(now + dt.timedelta(days=days)).date(),
                       kiosk_url=_url(base_url, links.kiosk_path, TokenKind.KIOSK, window, secret=secret, now=now,
                                      days=days))
