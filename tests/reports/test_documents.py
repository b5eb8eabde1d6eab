"""The report of 2026-10 on the demo: its sections and sentences, the XLSX (the 部门评价 sheet's columns and totals),
the PDF read back with pdfplumber (Chinese text, the font embedded), the DOCX opened with python-docx."""

import io
import re

import pytest
from sqlalchemy import text

from xiaoneng.reports import content, rules, sections
from xiaoneng.reports.shapes import Section

OCT = rules.parse_month("2026-10")


def test_every_built_in_section_is_there_in_order(october):
    built_in = [e.key for e in sections.BUILT_IN]
    keys = [s.key for s in october.sections]
    # 热点与预警, registered by insights, follows the breaches when the month's topics or warnings are stored
    assert keys in (built_in, [*built_in, "insights"]), keys
    assert october.title == "锦城新区政务服务中心政务服务月报" and october.stem == "DEMO_政务服务月报_2026-10"
    for section in october.sections:
        assert section.sentences and all(s.endswith("。") for s in section.sentences), section.key
    cases = october.sections[0]
    assert cases.metrics[0].label == "办件量" and cases.metrics[0].previous is not None
    assert cases.metrics[0].year_ago is None  # the demo's year began in November 2025: no October before it
    assert october.summary and october.summary[0].startswith("办件量 ")


def test_the_sentences_carry_the_numbers_of_the_tables(october):
    cases = october.sections[0]
    received = cases.metrics[0].current
    assert cases.sentences[0].startswith(f"办件量 {received:,} 件")
    ratings = october.sections[1]
    total = next(m for m in ratings.metrics if m.label.startswith("评价数")).current
    sheet = next(t for t in ratings.tables if t.sheet == "部门评价")
    assert sum(r[1] for r in sheet.rows) == total
    assert f"评价数（含默认好评） {total:,} 条" in ratings.sentences[0]


def test_department_rating_sheet(db, center, october_files):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(october_files["xlsx"]), read_only=True)
    assert book.sheetnames[:2] == ["报告说明", "指标对比"] and "部门评价" in book.sheetnames
    rows = list(book["部门评价"].iter_rows(values_only=True))
    assert list(rows[0]) == ["部门", "评价数", "默认好评数", "差评数"]
    got = {r[0]: r[1:] for r in rows[1:]}
    expected = db.execute(text(
        "SELECT d.name, count(r.id), sum(CASE WHEN r.is_default THEN 1 ELSE 0 END), "
        "sum(CASE WHEN r.is_bad THEN 1 ELSE 0 END) FROM rating r JOIN department d ON d.id = r.department_id "
        "WHERE r.center_id = :c AND r.rated_on BETWEEN :s AND :e GROUP BY d.name"),
        {"c": center.id, "s": OCT.start, "e": OCT.end}).all()
    assert {n: (c, int(d), int(b)) for n, c, d, b in expected} == {k: v for k, v in got.items() if v[0]}
    everything = db.execute(text("SELECT count(*) FROM rating WHERE center_id = :c AND rated_on BETWEEN :s AND :e"),
                            {"c": center.id, "s": OCT.start, "e": OCT.end}).scalar()
    assert sum(v[0] for v in got.values()) == everything
    assert all(isinstance(v, int) for row in got.values() for v in row)
    assert len(set(book.sheetnames)) == len(book.sheetnames) >= 15


def test_pdf_reads_back_in_chinese_with_its_font_embedded(october_files):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(october_files["pdf"])) as pdf:
        assert len(pdf.pages) >= 5
        first = pdf.pages[0].extract_text()
        every = "".join(page.extract_text() or "" for page in pdf.pages)
        fonts = {c["fontname"] for c in pdf.pages[0].chars}
        images = sum(len(page.images) for page in pdf.pages)
    assert "锦城新区政务服务中心政务服务月报" in first and "2026年10月" in first and "主要情况" in first
    for heading in ("一、总体运行情况", "二、满意度分析", "三、差评整改情况", "各部门评价数", "延时服务办件"):
        assert heading in every, heading
    # A subset of the embedded TrueType (named XXXXXX+…), never a base font the reader would have to supply.
    assert fonts and all(re.fullmatch(r"[A-Z]{6}\+WenQuanYiMicroHei.*", f) for f in fonts), fonts
    assert images >= 6  # the charts


def test_docx_opens_with_the_east_asian_fonts_and_pictures(october_files):
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(october_files["docx"]))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "锦城新区政务服务中心政务服务月报" and "一、总体运行情况" in texts
    assert len(document.inline_shapes) >= 6 and len(document.tables) >= 10
    run = document.paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == ["指标", "本月", "上月", "环比", "去年同月", "同比"]


def test_a_month_without_data_and_a_future_month_are_refused(db, center):
    from xiaoneng.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as caught:
        content.compose(db, center=center, period=rules.parse_month("2024-03"), today=rules.parse_month("2026-11").end)
    assert caught.value.message == "锦城新区政务服务中心2024年3月没有办件和评价数据，不能生成报告"
    with pytest.raises(ValidationFailed):
        content.compose(db, center=center, period=rules.parse_month("2027-01"), today=OCT.end)


def test_a_registered_section_appears_where_it_asks(db, center):
    def hotspots(session, center_id, period):
        assert (center_id, period) == (center.id, OCT)
        return Section(key="hotspots", title="热点与预警", sentences=["本月热点三个。"])

    sections.register("hotspots", "热点与预警", hotspots, after="complaints")
    try:
        made = content.compose(db, center=center, period=OCT, today=OCT.end, only={"complaints", "hotspots"})
        assert [s.title for s in made.sections] == ["投诉处理情况", "热点与预警"]
        assert [e.key for e in sections.entries()].index("hotspots") == 4
    finally:
        sections.unregister("hotspots")
    assert "hotspots" not in [e.key for e in sections.entries()]


def test_an_annual_report(db, center):
    from xiaoneng.reports import layout

    made = content.compose(db, center=center, period=rules.parse_year("2026"), today=OCT.end,
                           only={"cases", "ratings"})
    assert made.title == "锦城新区政务服务中心政务服务年度报告" and made.stem == "DEMO_政务服务年度报告_2026"
    trend = made.sections[0].charts[0]
    assert trend.categories == [f"{m}月" for m in range(1, 13)]
    assert layout.metric_header(made.period) == ["指标", "本年", "上年", "同比"]
    year_total = db.execute(text("SELECT count(*) FROM rating WHERE center_id = :c AND rated_on BETWEEN :s AND :e"),
                            {"c": center.id, "s": made.period.start, "e": made.period.end}).scalar()
    assert made.sections[1].metrics[0].current == year_total
    # 2025 holds only the demo's first weeks: a part of a year is no comparison, and no sentence makes one.
    assert all(m.previous is None and m.year_ago is None for s in made.sections for m in s.metrics)
    assert not any(w in sentence for s in made.sections for sentence in s.sentences for w in ("环比", "同比", "由 "))
