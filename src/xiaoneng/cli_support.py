"""What the domains' command groups share: the center a command works on, and a refusal printed in Chinese."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from xiaoneng.errors import ImportRejected, XiaonengError


def one_center(session, code: str | None):
    """The center named by `--center`, or the only active one when none is named."""
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.org import service as org
    from xiaoneng.org.models import Center

    if code:
        center = org.find_center_by_code(session, actor=system_actor(name="cli"), code=code)
        if center is None:
            raise XiaonengError(f"中心 {code} 不存在", field="center")
        return center
    centers = list(session.scalars(select(Center).where(Center.active.is_(True))))
    if len(centers) != 1:
        raise XiaonengError("本库有多个中心，请用 --center 指明中心编码", field="center")
    return centers[0]


def fail(exc: XiaonengError) -> None:
    """Print the refusal (every bad row of a rejected import) on stderr and exit 1."""
    if isinstance(exc, ImportRejected):
        click.echo(f"{exc.message}：", err=True)
        for e in exc.errors:
            click.echo(f"第{e.row}行\t{e.column}\t{e.reason}", err=True)
    else:
        click.echo(f"错误{f'（{exc.field}）' if exc.field else ''}：{exc.message}", err=True)
    sys.exit(1)
