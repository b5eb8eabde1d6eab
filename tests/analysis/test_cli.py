import csv
import json

import openpyxl
import pytest
from click.testing import CliRunner

from tests.analysis.conftest import DATA
from xiaoneng.cli import main


def run(*args):
    return CliRunner().invoke(main, ["analysis", *args])


def read_out(path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("cli") / "topic"
    result = run("train", "--task", "topic", "--input", str(DATA / "messages_small.csv"), "--text-column", "留言内容",
                 "--label-column", "部门", "--model-dir", str(directory))
    assert result.exit_code == 0, result.output
    assert "已训练 主题/部门分类 模型：45 条（交通运输 15、城乡建设 15、教育文体 15）" in result.output
    assert "留出测试集（分层抽样 80/20，random_state=42，9 条）：准确率" in result.output
    return directory


def test_classify_writes_the_input_rows_with_label_and_score(model_dir, tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    with source.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["编号", "内容"], ["7", "小区电梯坏了\n物业不修"], ["8", "=公交车太挤"]])
    result = run("classify", "--task", "topic", "--model-dir", str(model_dir), "--input", str(source),
                 "--text-column", "内容", "--output", str(out), "--evidence")
    assert result.exit_code == 0, result.output
    assert "已分类 2 条文本" in result.output
    rows = read_out(out)
    assert rows[0] == ["编号", "内容", "label", "score", "evidence"]
    assert rows[1][:3] == ["7", "小区电梯坏了\n物业不修", "城乡建设"] and 0 < float(rows[1][3]) <= 1
    assert rows[2][1] == "'=公交车太挤" and rows[2][2] == "交通运输"  # a formula is never run by Excel
    assert rows[2][4].startswith("公交车") and "[1:" in rows[2][4]  # offsets into the text as given


def test_train_and_classify_read_xlsx(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["评价内容", "倾向"])
    for text, label in [("态度很好", "正面"), ("效率太低", "负面"), ("非常耐心", "正面"), ("排队太久", "负面")] * 3:
        sheet.append([text, label])
    book.save(tmp_path / "train.xlsx")
    model = tmp_path / "sentiment"
    assert run("train", "--task", "sentiment", "--input", str(tmp_path / "train.xlsx"), "--text-column", "评价内容",
               "--label-column", "倾向", "--model-dir", str(model)).exit_code == 0
    out = tmp_path / "out.csv"
    result = run("classify", "--task", "sentiment", "--model-dir", str(model), "--input", str(tmp_path / "train.xlsx"),
                 "--text-column", "评价内容", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert [r[2] for r in read_out(out)[1:5]] == ["正面", "负面", "正面", "负面"]


def test_evaluate_prints_cross_validated_figures(tmp_path):
    result = run("evaluate", "--task", "topic", "--input", str(DATA / "messages_small.csv"), "--text-column",
                 "留言内容", "--label-column", "部门", "--folds", "3", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["folds"] == 3 and report["rows"] == 45 and report["split"] == "分层 3 折交叉验证，random_state=42"
    assert 0 <= report["macro_f1_mean"] <= 1 and set(report["per_class"]) == {"交通运输", "城乡建设", "教育文体"}
    text = run("evaluate", "--task", "topic", "--input", str(DATA / "messages_small.csv"), "--text-column",
               "留言内容", "--label-column", "部门", "--folds", "3")
    assert "宏平均 F1" in text.output and "城乡建设：精确率" in text.output


def test_one_class_a_missing_column_or_a_wrong_model_is_a_chinese_error(tmp_path, model_dir):
    one = tmp_path / "one.csv"
    one.write_text("内容,标签\n路灯坏了,城乡建设\n电梯坏了,城乡建设\n", encoding="utf-8")
    result = run("train", "--task", "topic", "--input", str(one), "--text-column", "内容", "--label-column", "标签",
                 "--model-dir", str(tmp_path / "m"))
    assert result.exit_code == 1
    assert "错误（--label-column）：训练数据只有一个类别“城乡建设”，至少需要两个类别才能训练" in result.output
    assert not (tmp_path / "m").exists()
    result = run("train", "--task", "topic", "--input", str(one), "--text-column", "留言", "--label-column", "标签",
                 "--model-dir", str(tmp_path / "m"))
    assert "错误（--text-column）：文件中没有“留言”列（有：内容、标签）" in result.output
    out = tmp_path / "out.csv"
    result = run("classify", "--task", "sentiment", "--model-dir", str(model_dir), "--input", str(one),
                 "--text-column", "内容", "--output", str(out))
    assert result.exit_code == 1 and "错误（--model-dir）" in result.output and "不是“sentiment”" in result.output
    assert not out.exists()
    bad = tmp_path / "x.txt"
    bad.write_text("a", encoding="utf-8")
    assert "只能读取 .csv 或 .xlsx 文件" in run("evaluate", "--task", "topic", "--input", str(bad), "--text-column",
                                               "a", "--label-column", "b").output
