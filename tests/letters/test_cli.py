"""`xiaoneng letters list` prints one letter a line with its id first; `xiaoneng letters render ID --output DIR`
writes the DOCX and the PDF; an unknown id is refused in Chinese."""

import docx
import pdfplumber
from click.testing import CliRunner

from tests.fixtures.objects import make_center, make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.cli import main
from xiaoneng.db import session_scope
from xiaoneng.letters import service


def test_list_and_render(cli_database, tmp_path):
    with session_scope(cli_database) as s:
        center = make_center(s, name="锦城新区政务服务中心", code="JC")
        land = make_department(s, center=center, name="不动产登记科")
        supervisor = actor_for(make_staff(s, role=Role.SUPERVISOR, center=center))
        issued = service.draft(s, actor=supervisor, kind="urge", to_department_id=land.id, title="关于积压件的督办函",
                               paragraphs=["请于5个工作日内办结。"])
        service.issue(s, actor=supervisor, letter_id=issued.id)
        pending = service.draft(s, actor=supervisor, kind="notice", to_name="锦城新区行政审批局", title="关于窗口的提示函",
                                paragraphs=["请整改。"])
        ids = (issued.id, pending.id)
    result = CliRunner().invoke(main, ["letters", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].split("\t") == [str(ids[0]), "锦政服督函〔2026〕1号", "督办函", "已印发", "2026年11月18日",
                                    "不动产登记科", "关于积压件的督办函"]
    assert lines[1].split("\t")[:4] == [str(ids[1]), "（未编号）", "提示函", "草稿"]
    assert CliRunner().invoke(main, ["letters", "list", "--kind", "notice"]).output.count("\n") == 1
    out = tmp_path / "letters"
    result = CliRunner().invoke(main, ["letters", "render", str(ids[0]), "--output", str(out)])
    assert result.exit_code == 0, result.output
    pdf = out / "督办函_锦政服督函〔2026〕1号_关于积压件的督办函.pdf"
    with pdfplumber.open(pdf) as document:
        assert "请于5个工作日内办结。" in document.pages[0].extract_text()
    assert "请于5个工作日内办结。" in [p.text for p in docx.Document(str(pdf.with_suffix(".docx"))).paragraphs]
    missing = CliRunner().invoke(main, ["letters", "render", "999999", "--output", str(out)])
    assert missing.exit_code == 1 and "公文 999999 不存在" in missing.output
