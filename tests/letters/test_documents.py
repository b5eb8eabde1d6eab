"""The PDF read back for the GB/T 9704-2012 measures (page size, text block, 22 lines of 28 characters, font sizes,
page numbers, the 版记 on the bottom edge), its fonts embedded (pdffonts), its pages drawn (pdftoppm); the DOCX read
back for its page, grid, standard font names, odd/even page numbers and the floating 版记."""

import collections
import io
import subprocess

import docx
import pdfplumber
import pytest

from tests.letters.conftest import draft
from xiaoneng.auth.service import actor_for
from xiaoneng.letters import render, service

MM = 25.4 / 72  # millimetres in a PDF point
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FILLER = "请你科对照问题清单逐项整改，举一反三，切实提升窗口服务质量和群众满意度，杜绝类似问题再次发生。"


@pytest.fixture
def long_letter(db, office):
    letter = draft(db, office, paragraphs=["现将巡查发现的问题提示如下。", "一、存在的问题。窗口工作人员离岗未放置提示牌。",
                                           "（一）窗口纪律。严格执行首问负责制度。"] + [FILLER * 3] * 12,
                   attachments=["窗口巡查问题清单", "整改情况报告模板"])
    return service.issue(db, actor=actor_for(office["supervisor"]), letter_id=letter.id)


@pytest.fixture
def pdf_file(long_letter, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(render.pdf_bytes(long_letter))
    return path


def _lines(page, font: str) -> dict[float, list]:
    found = collections.defaultdict(list)
    for c in page.chars:
        if font in c["fontname"]:
            found[round(c["top"] * MM, 1)].append(c)
    return found


def test_page_text_block_and_grid(pdf_file):
    with pdfplumber.open(pdf_file) as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            assert (round(page.width * MM, 1), round(page.height * MM, 1)) == (210.0, 297.0)
        body = [c for page in pdf.pages for c in page.chars if "Fang" in c["fontname"] and round(c["size"]) == 16]
        assert min(c["x0"] for c in body) * MM == pytest.approx(28.0, abs=0.2)  # left margin 28 mm
        assert max(c["x1"] for c in body) * MM <= 184.2  # 28 + 156 mm
        middle = pdf.pages[1]  # a page of body text only
        lines = _lines(middle, "Fang")
        assert len(lines) == 22  # 22 lines a page
        tops = sorted(lines)
        assert 37.0 <= tops[0] <= 40.0  # the first line at the top of the text block (37 mm)
        assert (tops[-1] - tops[0]) / 21 == pytest.approx(225 / 22, abs=0.02)  # the line pitch of the grid
        assert max(len(cs) for cs in lines.values()) == 28  # 28 characters a line
        full = max(lines.values(), key=len)
        assert max(c["x1"] for c in full) * MM == pytest.approx(184.0, abs=0.3)


def test_font_sizes_of_each_element(pdf_file):
    with pdfplumber.open(pdf_file) as pdf:
        first = pdf.pages[0]
        sizes = collections.defaultdict(set)
        for c in first.chars:
            sizes[c["fontname"].split("+")[1]].add(round(c["size"], 1))
        assert sizes["XnSongBold"] == {36.0, 22.0}  # the issuer's mark, the title in 2号
        assert sizes["XnFang"] == {16.0}  # body in 3号
        assert sizes["XnHei"] == {16.0} and sizes["XnKai"] == {16.0}  # 一、 in 黑体, （一） in 楷体
        assert sizes["XnSong"] == {14.0}  # page number in 4号
        title = "".join(c["text"] for c in first.chars if round(c["size"]) == 22)
        assert title == "关于不动产登记科窗口服务不规范问题的提示函"
        red = [r for r in first.rects if r.get("non_stroking_color") and r["non_stroking_color"][0] > 0.8]
        assert red and red[0]["x0"] * MM == pytest.approx(28.0, abs=0.1) and red[0]["x1"] * MM == pytest.approx(184, abs=0.1)


def test_page_numbers_outside_corners_seven_millimetres_below(pdf_file):
    with pdfplumber.open(pdf_file) as pdf:
        for page in pdf.pages:
            number = [c for c in page.chars if "XnSong" in c["fontname"] and "Bold" not in c["fontname"]]
            assert "".join(c["text"] for c in number).replace(" ", "") == f"—{page.page_number}—"
            assert min(c["top"] for c in number) * MM == pytest.approx(262 + 7, abs=0.5)
            if page.page_number % 2:  # odd pages at the right, one character in
                assert max(c["x1"] for c in number) * MM == pytest.approx(184 - 14 * MM, abs=0.3)
            else:
                assert min(c["x0"] for c in number) * MM == pytest.approx(28 + 14 * MM, abs=0.3)


def test_the_banji_ends_on_the_bottom_of_the_last_text_block(pdf_file):
    with pdfplumber.open(pdf_file) as pdf:
        last = pdf.pages[-1]
        text = last.extract_text()
        assert "抄送：中心主任、中心纪检组。" in text
        assert "锦城新区政务服务中心综合服务科" in text and "2026年11月18日印发" in text
        bottom = max(r["bottom"] for r in last.rects) * MM
        assert bottom == pytest.approx(262.0, abs=0.3)
        notes = {round(c["size"]) for c in last.chars if c["top"] * MM > 235 and c["top"] * MM < 262}
        assert notes == {14}  # 抄送 and 印发 in 4号
        first_text = pdf.pages[0].extract_text()
        assert "锦政服函〔2026〕1号" in first_text and "不动产登记科：" in first_text
        assert "附件：1.窗口巡查问题清单" in "".join(p.extract_text() for p in pdf.pages).replace(" ", "")


def test_fonts_are_embedded_and_the_pages_draw(pdf_file, tmp_path):
    fonts = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert len(rows) == 5 and all(r[-5] == "yes" for r in rows)  # emb = yes for every font
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf_file), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3 and all(p.stat().st_size > 5000 for p in pages)


def test_docx_names_the_standard_fonts_on_the_standard_page(long_letter):
    document = docx.Document(io.BytesIO(render.docx_bytes(long_letter)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.left_margin, section.right_margin,
                                   section.bottom_margin)] == [37, 28, 26, 35]
    grid = section._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "lines" and grid.get(f"{W}linePitch") == "579"
    body_run = next(r for p in document.paragraphs for r in p.runs if r.text.startswith("现将"))
    assert body_run._element.rPr.find(f"{W}spacing").get(f"{W}val") == "-5"  # 28 characters a line
    fonts = {r._element.rPr.rFonts.get(f"{W}eastAsia"): r.font.size.pt for p in document.paragraphs for r in p.runs}
    assert fonts["方正小标宋简体"] in (22.0, 36.0) and fonts["仿宋_GB2312"] == 16.0
    assert fonts["黑体"] == 16.0 and fonts["楷体_GB2312"] == 16.0
    texts = [p.text for p in document.paragraphs]
    assert "锦政服函〔2026〕1号" in texts and "不动产登记科：" in texts and "2026年11月18日" in texts
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert document.settings.odd_and_even_pages_header_footer
    assert odd.alignment == 2 and even.alignment == 0  # right, left
    assert "PAGE" in odd._p.xml and odd.text.startswith("— ") and odd.text.endswith(" —")
    [table] = document.tables
    floating = table._tbl.tblPr.find(f"{W}tblpPr")
    assert floating.get(f"{W}vertAnchor") == "page" and int(floating.get(f"{W}tblpY")) == round(262 / MM * 20) - 2 * 579
    assert table.rows[0].cells[0].text == "抄送：中心主任、中心纪检组。"
    assert [c.text for c in table.rows[1].cells] == ["锦城新区政务服务中心综合服务科", "2026年11月18日印发"]


def test_a_draft_shows_where_its_number_goes(db, office):
    letter = draft(db, office)
    with pdfplumber.open(io.BytesIO(render.pdf_bytes(letter))) as pdf:
        assert "（印发时编号）" in pdf.pages[0].extract_text()
    assert render.file_name(letter, "pdf") == "提示函_草稿_关于不动产登记科窗口服务不规范问题的提示函.pdf"
