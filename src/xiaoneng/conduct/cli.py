"""`xiaoneng conduct scan`: the phrases of the code of conduct found in any file of texts."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from xiaoneng.errors import XiaonengError


_OPTIONS = {"text_column": "--text-column", "input": "--input", "phrases": "--phrases", "code": "--phrases",
            "kind": "--phrases", "text": "--phrases", "slots": "--phrases"}


@click.group()
def conduct() -> None:
    """服务规范用语：扫描文本中的禁止用语。"""


@conduct.command("scan")
@click.option("--input", "source", required=True, type=click.Path(exists=True, dir_okay=False),
              help="要扫描的文件（.csv 或 .xlsx，第一行为表头）")
@click.option("--text-column", required=True, help="文本所在列的表头")
@click.option("--output", required=True, type=click.Path(dir_okay=False),
              help="结果文件（CSV，每个命中一行：row, phrase_id, matched, start, end）")
@click.option("--phrases", "phrase_file", type=click.Path(exists=True, dir_okay=False),
              help="用语文件（JSON，格式同内置的 conduct/data/phrases.json）；默认用内置用语")
@click.option("--polite", is_flag=True, help="同时找出文明用语")
def scan(source: str, text_column: str, output: str, phrase_file: str | None, polite: bool) -> None:
    """扫描 CSV/XLSX 文件中每条文本的禁止用语（含变体），每个命中写一行。"""
    from xiaoneng.conduct import phrases
    from xiaoneng.conduct.matcher import Matcher
    from xiaoneng.conduct.scan_file import write_hits

    started = time.perf_counter()
    try:
        matcher = Matcher(phrases.read_file(Path(phrase_file))) if phrase_file else phrases.builtin_matcher()
        kinds = ("forbidden", "polite") if polite else ("forbidden",)
        count = write_hits(Path(source), text_column, matcher, Path(output), kinds)
    except XiaonengError as exc:
        Path(output).unlink(missing_ok=True)  # no half-written result is left to be mistaken for a whole one
        option = _OPTIONS.get(exc.field or "", "--input")
        click.echo(f"错误（{option}）：{exc.message}", err=True)
        sys.exit(1)
    seconds = time.perf_counter() - started
    click.echo(f"扫描 {count.texts} 条文本，命中 {count.hits} 处，用时 {seconds:.1f} 秒；结果已写入 {output}")
