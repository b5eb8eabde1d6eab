"""The two documents of a notice downloaded from a real `xiaoneng serve` on a file database: the PDF embeds its
Chinese font and reads back as text with both copies, the number, the applicant and every material; the DOCX holds
the same with East Asian fonts on its runs; another department's clerk gets 404."""

import io
import shutil
import subprocess

import docx
import pytest

from tests.fixtures.live import serve_live
from tests.notices.conftest import AT, build_hall, missing, noncompliant
from xiaoneng.auth.service import actor_for
from xiaoneng.db import make_engine, session_scope
from xiaoneng.notices import service

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PDF_TOOLS = all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdftoppm"))


def _build(url):
    engine = make_engine(url)
    with session_scope(engine) as s:
        hall = build_hall(s)
        m = hall["materials"]
        for who in ("clerk", "other_clerk"):
            hall[who].username = f"live_{who}"
        service.issue_notice(s, actor=actor_for(hall["clerk"]), case_id=hall["case"].id, at=AT,
                             findings=[missing(m["营业执照"]), noncompliant(m["食品安全管理制度"], "未加盖公章")])
        service.refuse_case(s, actor=actor_for(hall["clerk"]), case_id=hall["case"].id, at=AT,
                            reasons=["申请人逾期未补正材料"])
        case_id = hall["case"].id
    engine.dispose()
    return case_id


def _run(*args, stdin: bytes) -> str:
    return subprocess.run(args, input=stdin, capture_output=True, check=True).stdout.decode()


@pytest.mark.skipif(not PDF_TOOLS, reason="poppler-utils (pdftotext, pdffonts, pdftoppm) not installed")
def test_the_notice_documents_from_a_served_server(own_database_url, tmp_path):
    case_id = _build(own_database_url)
    with serve_live(own_database_url) as server:
        clerk = server.sign_in("live_clerk")
        pdf = clerk.get(f"/api/cases/{case_id}/notices/1.pdf")
        word = clerk.get(f"/api/cases/{case_id}/notices/1.docx")
        refusal = clerk.get(f"/api/cases/{case_id}/notices/2.pdf")
        clerk.close()
        outsider = server.sign_in("live_other_clerk")
        hidden = outsider.get(f"/api/cases/{case_id}/notices/1.pdf")
        outsider.close()
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in pdf.headers["content-disposition"]
    assert word.headers["content-type"] == ("application/vnd.openxmlformats-officedocument"
                                            ".wordprocessingml.document")
    assert hidden.status_code == 404
    fonts = _run("pdffonts", "-", stdin=pdf.content)
    cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts  # embedded
    assert "Helvetica" not in fonts  # no standard font the file does not carry
    text = _run("pdftotext", "-", "-", stdin=pdf.content)
    flat = text.replace(" ", "").replace("\n", "")
    assert text.count("一次性告知书") == 2 and "申请人留存联" in text and "存档联" in text
    assert text.count("锦政服告〔2026〕第0001号") == 2
    for words in ("成都锦程餐饮管理有限公司", "食品经营许可申请书", "营业执照", "法定代表人身份证明",
                  "不符合要求：未加盖公章", "《中华人民共和国食品安全法》第三十五条", "锦城新区政务服务中心",
                  "2026年11月16日", "申请人（签名）", "经办人（签名）", "（张伟）"):
        assert words in flat, words
    pages = tmp_path / "page"
    (tmp_path / "notice.pdf").write_bytes(pdf.content)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(tmp_path / "notice.pdf"), str(pages)], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == 2  # one page per copy
    refused = _run("pdftotext", "-", "-", stdin=refusal.content).replace(" ", "").replace("\n", "")
    assert refused.count("不予受理告知书") == 2 and "申请人逾期未补正材料" in refused
    assert "锦政服告〔2026〕第0002号" in refused and "行政复议" in refused
    document = docx.Document(io.BytesIO(word.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.count("一次性告知书") == 2 and paragraphs.count("锦政服告〔2026〕第0001号") == 2
    assert "第一联\u3000申请人留存联" in paragraphs and "第二联\u3000存档联" in paragraphs
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "不符合要求：未加盖公章" in cells and "法定代表人身份证明" in cells
    title = next(p for p in document.paragraphs if p.text == "一次性告知书")
    assert title.runs[0]._element.rPr.rFonts.get(W_NS + "eastAsia") == "方正小标宋简体"
    body_fonts = {r._element.rPr.rFonts.get(W_NS + "eastAsia") for p in document.paragraphs for r in p.runs if r.text}
    assert body_fonts == {"方正小标宋简体", "仿宋_GB2312"}
