"""`xiaoneng import org|items|staff FILE --center CODE`: bulk import as the system actor of one center."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xiaoneng.errors import ImportRejected, XiaonengError


@click.group("import")
def import_group():
    """批量导入。"""


def _run(kind: str, file: str, center_code: str, good_rows_only: bool) -> None:
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.imports import rules, service
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.org import service as org

    path = Path(file)
    settings = get_settings()
    limits = service.limits_of(settings)
    if path.stat().st_size > limits.max_upload_bytes:  # refused before it is read into memory
        from xiaoneng.kit.readers import size_label

        click.echo(f"错误（file）：文件超过 {size_label(limits.max_upload_bytes)} 的上限，未导入任何数据。"
                   "请分成多个文件导入，或调整 XIAONENG_IMPORT_MAX_UPLOAD_BYTES", err=True)
        sys.exit(1)
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            center = org.find_center_by_code(session, actor=system_actor(name="cli"), code=center_code)
            if center is None:
                raise XiaonengError(f"中心 {center_code} 不存在", field="center")
            actor = system_actor(center.id, name="cli")
            report = service.run_import(session, actor=actor, kind=kind, file_name=path.name,
                                        data=path.read_bytes(), good_rows_only=good_rows_only, limits=limits)
    except ImportRejected as exc:
        click.echo(f"{exc.message}：", err=True)
        for e in exc.errors:
            click.echo(f"第{e.row}行\t{e.column}\t{e.reason}", err=True)
        sys.exit(1)
    except XiaonengError as exc:
        where = f"（{exc.field}）" if exc.field else ""
        click.echo(f"错误{where}：{exc.message}", err=True)
        sys.exit(1)
    finally:
        engine.dispose()
    counts = "，".join(f"{rules.CREATED_LABELS[k]} {n} 条" for k, n in report.created.items())
    click.echo(f"已导入 {path.name}（{report.rows} 行数据）：{counts}")
    if report.skipped:
        click.echo(f"跳过 {len({e.row for e in report.skipped})} 行：")
        for e in report.skipped:
            click.echo(f"第{e.row}行\t{e.column}\t{e.reason}")


def _command(kind: str, help_text: str):
    @import_group.command(kind, help=help_text)
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--center", "center_code", required=True, help="中心编码")
    @click.option("--good-rows-only", is_flag=True, help="只导入无误的行（默认有任何错误则全部不导入）")
    def command(file: str, center_code: str, good_rows_only: bool) -> None:
        _run(kind, file, center_code, good_rows_only)

    return command


import_org = _command("org", "导入组织机构（科室、服务点位、窗口）。")
import_items = _command("items", "导入服务事项。")
import_staff = _command("staff", "导入人员。")
