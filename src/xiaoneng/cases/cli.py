"""`xiaoneng cases step-deadlines`: the step due dates of the cases already written, refolded from their events
(run once after upgrading to a version whose steps have due dates; running it again changes nothing)."""

from __future__ import annotations

import click


@click.group()
def cases() -> None:
    """办件。"""


@cases.command("step-deadlines")
@click.option("--center", "center_code", default="", help="只处理这个中心（中心编码）；默认全部中心")
def step_deadlines(center_code: str) -> None:
    """按各办件的计时事件补算每个环节的办理期限。"""
    from xiaoneng.cases.recompute import refold_steps
    from xiaoneng.db import session_scope
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.org import service as org

    with session_scope() as session:
        center_id = None
        if center_code:
            center = org.find_center_by_code(session, actor=system_actor(), code=center_code)
            if center is None:
                raise click.ClickException(f"没有编码为 {center_code} 的中心")
            center_id = center.id
        moved = refold_steps(session, center_id=center_id)
    click.echo(f"已补算环节期限：{moved} 个环节的期限有变动。")
