"""`xiaoneng analysis train|classify|evaluate|train-ratings|train-complaints`: text models trained, applied and
measured on files, or trained on a center's own ratings and complaints."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from xiaoneng.analysis.tasks import TASKS
from xiaoneng.errors import XiaonengError

_OPTIONS = {"input": "--input", "text_column": "--text-column", "label_column": "--label-column",
            "model_dir": "--model-dir", "task": "--task", "center": "--center", "folds": "--folds"}
_TASK = click.option("--task", required=True, type=click.Choice(sorted(TASKS)), help="topic 主题/部门；sentiment 情感")
_INPUT = click.option("--input", "source", required=True, type=click.Path(exists=True, dir_okay=False),
                      help=".csv 或 .xlsx，第一行为表头；文本可为原文或以空格分好的词")
_TEXT = click.option("--text-column", required=True, help="文本所在列的表头")
_LABEL = click.option("--label-column", required=True, help="标签所在列的表头")


def _fail(exc: XiaonengError, output: Path | None = None) -> None:
    if output is not None:
        output.unlink(missing_ok=True)  # no half-written result is left to be mistaken for a whole one
    click.echo(f"错误（{_OPTIONS.get(exc.field or '', '--input')}）：{exc.message}", err=True)
    sys.exit(1)


def _figures(metrics: dict | None) -> str:
    if not metrics:
        return "数据太少，未留出测试集评估"
    return f"留出测试集（{metrics['split']}，{metrics['rows']} 条）：准确率 {metrics['accuracy']:.4f}，宏平均 F1 {metrics['macro_f1']:.4f}"


@click.group()
def analysis() -> None:
    """文本分析：主题/部门分类与情感模型的训练、应用和评估。"""


@analysis.command("train")
@_TASK
@_INPUT
@_TEXT
@_LABEL
@click.option("--model-dir", required=True, type=click.Path(file_okay=False), help="模型写入的目录")
def train(task: str, source: str, text_column: str, label_column: str, model_dir: str) -> None:
    """用带标签的文件训练模型，写入模型目录（model.joblib 与 manifest.json）。"""
    from xiaoneng.analysis import files, store, training
    from xiaoneng.kit import clock

    try:
        result = training.train(task, files.pairs(files.read(Path(source)), text_column, label_column))
        store.save(result, Path(model_dir), trained_at=clock.now(), source=Path(source).name)
    except XiaonengError as exc:
        _fail(exc)
    classes = "、".join(f"{c} {n}" for c, n in result.class_counts.items())
    click.echo(f"已训练 {TASKS[task].label} 模型：{result.rows} 条（{classes}），用时 {result.seconds:.1f} 秒")
    click.echo(_figures(result.metrics))
    click.echo(f"模型已写入 {model_dir}")


@analysis.command("classify")
@_TASK
@click.option("--model-dir", required=True, type=click.Path(file_okay=False), help="train 写出的模型目录")
@_INPUT
@_TEXT
@click.option("--output", required=True, type=click.Path(dir_okay=False), help="结果 CSV：输入各列加 label、score")
@click.option("--evidence", is_flag=True, help="再加一列 evidence：依据的词及其在文本中的位置")
def classify_file(task: str, model_dir: str, source: str, text_column: str, output: str, evidence: bool) -> None:
    """用训练好的模型给文件中的每条文本打标签。"""
    from xiaoneng.analysis import files, store
    from xiaoneng.analysis.classify import classify

    started = time.perf_counter()
    try:
        loaded = store.load(Path(model_dir), task)
        table = files.read(Path(source))
        tags = classify(loaded.model, files.texts(table, text_column), with_evidence=evidence)
        headers = list(table.headers) + ["label", "score"] + (["evidence"] if evidence else [])
        rows = []
        for row, tag in zip(table.rows, tags):
            cells = [row.values.get(h) for h in table.headers] + [tag.label, f"{tag.score:.4f}"]
            if evidence:
                cells.append("；".join(f"{s.text}[{s.start}:{s.end}]" for s in tag.evidence))
            rows.append(cells)
        files.write_rows(Path(output), headers, rows)
    except XiaonengError as exc:
        _fail(exc, Path(output))
    seconds = time.perf_counter() - started
    click.echo(f"已分类 {len(tags)} 条文本，用时 {seconds:.1f} 秒；结果已写入 {output}")


@analysis.command("evaluate")
@_TASK
@_INPUT
@_TEXT
@_LABEL
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 20), help="交叉验证折数")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部数字")
def evaluate(task: str, source: str, text_column: str, label_column: str, folds: int, as_json: bool) -> None:
    """分层 k 折交叉验证：每折的准确率与宏平均 F1，以及各类别的精确率、召回率。"""
    from xiaoneng.analysis import files, training

    try:
        report = training.cross_validate(task, files.pairs(files.read(Path(source)), text_column, label_column),
                                         folds=folds)
    except XiaonengError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{TASKS[task].label}：{report['rows']} 条，{report['split']}")
    click.echo(f"准确率 {report['accuracy_mean']:.4f} ± {report['accuracy_sd']:.4f}，"
               f"宏平均 F1 {report['macro_f1_mean']:.4f} ± {report['macro_f1_sd']:.4f}")
    for label, f in report["per_class"].items():
        click.echo(f"  {label}：精确率 {f['precision']:.4f}，召回率 {f['recall']:.4f}，F1 {f['f1']:.4f}（{f['support']} 条）")


def _train_for_center(center_code: str, train) -> dict:
    from xiaoneng.db import session_scope
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.org import service as org

    try:
        with session_scope() as session:
            center = org.find_center_by_code(session, actor=system_actor(name="cli"), code=center_code)
            if center is None:
                raise XiaonengError(f"中心 {center_code} 不存在", field="center")
            return train(session, actor=system_actor(center.id, name="cli"))
    except XiaonengError as exc:
        _fail(exc)


@analysis.command("train-ratings")
@click.option("--center", "center_code", required=True, help="中心编码")
def train_ratings(center_code: str) -> None:
    """用本中心的评价训练情感模型：满意及以上为正面，不满意及以下为负面（基本满意与默认好评不用）。"""
    from xiaoneng.analysis import service

    manifest = _train_for_center(center_code, service.train_sentiment_from_ratings)
    classes = "、".join(f"{c} {n}" for c, n in manifest["class_counts"].items())
    click.echo(f"已用 {manifest['rows']} 条评价内容（{classes}）训练本中心的情感模型，用时 {manifest['training_seconds']:.1f} 秒")
    click.echo(_figures(manifest["metrics"]))


@analysis.command("train-complaints")
@click.option("--center", "center_code", required=True, help="中心编码")
def train_complaints(center_code: str) -> None:
    """用本中心已确定承办部门的投诉训练部门分类模型；训练后新投诉的承办部门建议来自该模型。"""
    from xiaoneng.analysis import service

    manifest = _train_for_center(center_code, service.train_departments_from_complaints)
    click.echo(f"已用 {manifest['rows']} 条投诉（{len(manifest['classes'])} 个承办部门）训练本中心的部门分类模型，"
               f"用时 {manifest['training_seconds']:.1f} 秒")
    click.echo(_figures(manifest["metrics"]))
