"""`xiaoneng letters list` (one letter a line, its id first) and `xiaoneng letters render ID --output DIR`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xiaoneng.errors import XiaonengError


@click.group()
def letters() -> None:
    """公文：列出提示函、督办函、催办通知书和通报，按 GB/T 9704 生成 DOCX 和 PDF。"""


def _fail(exc: XiaonengError) -> None:
    click.echo(f"错误{f'（{exc.field}）' if exc.field else ''}：{exc.message}", err=True)
    sys.exit(1)


def _center_id(session, code: str | None) -> int | None:
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.org import service as org

    if not code:
        return None
    center = org.find_center_by_code(session, actor=system_actor(name="cli"), code=code)
    if center is None:
        raise XiaonengError(f"中心 {code} 不存在", field="center")
    return center.id


@letters.command("list")
@click.option("--center", "center_code", help="只列出这个中心（中心编码）的公文")
@click.option("--kind", default="", help="文种：notice 提示函、urge 督办函、reminder 催办通知书、bulletin 通报")
def list_command(center_code: str | None, kind: str) -> None:
    """每行一件：编号（id）、发文字号、文种、状态、成文日期、主送机关、标题，以制表符分隔。"""
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.letters import queries, rules

    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(engine, readonly=True) as session:
            actor = system_actor(_center_id(session, center_code), name="cli")
            filters = queries.Filters(kind=kind, sort="date", descending=False)
            for letter in queries.every_letter(session, actor=actor, filters=filters):
                click.echo("\t".join((str(letter.id), letter.number or "（未编号）",
                                      rules.KIND_LABELS[rules.Kind(letter.kind)],
                                      rules.STATUS_LABELS[rules.Status(letter.status)],
                                      rules.cn_date(letter.dated_on) if letter.dated_on else "—",
                                      letter.to_name, letter.title)))
    except XiaonengError as exc:
        _fail(exc)
    finally:
        engine.dispose()


@letters.command("render")
@click.argument("letter_id", type=int)
@click.option("--output", required=True, type=click.Path(file_okay=False), help="写入 DOCX 和 PDF 的目录")
def render_command(letter_id: int, output: str) -> None:
    """把一件公文写成 DOCX 和 PDF（GB/T 9704-2012 版式）。"""
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.errors import NotFound
    from xiaoneng.kit import clock
    from xiaoneng.letters import docx_render, layout, pdf_render, render
    from xiaoneng.letters.models import Letter

    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(engine, readonly=True) as session:
            letter = session.get(Letter, letter_id) if 0 < letter_id < 2 ** 31 else None
            if letter is None:
                raise NotFound(f"公文 {letter_id} 不存在", field="letter_id")
            doc = layout.document(letter, today=clock.today())
            names = {suffix: render.file_name(letter, suffix) for suffix in ("docx", "pdf")}
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, draw in (("docx", docx_render.docx_bytes), ("pdf", pdf_render.pdf_bytes)):
            path = folder / names[suffix]
            path.write_bytes(draw(doc))
            click.echo(str(path))
    except XiaonengError as exc:
        _fail(exc)
    finally:
        engine.dispose()
