import csv
import json

import openpyxl
from click.testing import CliRunner

from xiaoneng.cli import main


def read_hits(path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_csv(path, rows, encoding="utf-8"):
    with path.open("w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)


def test_scan_writes_one_row_per_hit_with_row_numbers_and_offsets(tmp_path):
    source, out = tmp_path / "texts.csv", tmp_path / "hits.csv"
    write_csv(source, [["编号", "评价内容"], ["1", "服务很好\n点赞"], ["2", "她说：下班了，明天再来！"],
                       ["3", "不知道，你去问别人。有意见找领导去"]])
    result = CliRunner().invoke(main, ["conduct", "scan", "--input", str(source), "--text-column", "评价内容",
                                       "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "扫描 3 条文本，命中 3 处" in result.output
    rows = read_hits(out)
    assert rows[0] == ["row", "phrase_id", "matched", "start", "end"]
    # Rows as a spreadsheet numbers them (header 1), although the first text spans two lines of the file.
    assert rows[1:] == [["3", "J03", "下班了，明天再来", "3", "11"], ["4", "J01", "不知道，你去问", "0", "7"],
                        ["4", "J08", "有意见找领导", "10", "16"]]


def test_scan_reads_gb18030_csv_and_xlsx(tmp_path):
    gbk, out = tmp_path / "texts.csv", tmp_path / "hits.csv"
    write_csv(gbk, [["内容"], ["快点，我要下班了"]], encoding="gb18030")
    assert CliRunner().invoke(main, ["conduct", "scan", "--input", str(gbk), "--text-column", "内容",
                                     "--output", str(out)]).exit_code == 0
    assert read_hits(out)[1][:3] == ["2", "J04", "快点，我要下班"]
    book = openpyxl.Workbook()
    book.active.append(["内容"])
    book.active.append(["没看我正忙着吗"])
    book.save(tmp_path / "texts.xlsx")
    assert CliRunner().invoke(main, ["conduct", "scan", "--input", str(tmp_path / "texts.xlsx"), "--text-column",
                                     "内容", "--output", str(out)]).exit_code == 0
    assert read_hits(out)[1][:3] == ["2", "J06", "没看我正忙"]


def test_a_missing_column_is_named_and_no_output_is_left(tmp_path):
    source, out = tmp_path / "texts.csv", tmp_path / "hits.csv"
    write_csv(source, [["编号", "评价内容"], ["1", "下班了，明天再来"]])
    result = CliRunner().invoke(main, ["conduct", "scan", "--input", str(source), "--text-column", "内容",
                                       "--output", str(out)])
    assert result.exit_code == 1
    assert "错误（--text-column）：文件中没有“内容”列（有：编号、评价内容）" in result.output
    assert not out.exists()


def test_a_phrase_file_replaces_the_builtin_phrases(tmp_path):
    source, out, phrase_file = tmp_path / "texts.csv", tmp_path / "hits.csv", tmp_path / "p.json"
    write_csv(source, [["t"], ["下班了，明天再来；慢死了"]])
    phrase_file.write_text(json.dumps({"phrases": [{"code": "Z1", "kind": "forbidden", "text": "慢死了",
                                                    "slots": [["慢死"]]}]}), encoding="utf-8")
    result = CliRunner().invoke(main, ["conduct", "scan", "--input", str(source), "--text-column", "t",
                                       "--output", str(out), "--phrases", str(phrase_file)])
    assert result.exit_code == 0, result.output
    assert [r[1] for r in read_hits(out)[1:]] == ["Z1"]
