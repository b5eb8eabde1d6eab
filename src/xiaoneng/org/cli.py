"""`xiaoneng user ...`: create the first accounts of an installation and reset passwords, as the system actor."""

from __future__ import annotations

import sys

import click

from xiaoneng.auth.rules import ROLE_LABELS, Role
from xiaoneng.errors import XiaonengError


def _engine():
    # Built from the settings of this invocation (not the process-wide cached engine) and disposed at the end.
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine

    return make_engine(get_settings().database_url)


def _fail(exc: XiaonengError) -> None:
    where = f"（{exc.field}）" if exc.field else ""
    click.echo(f"错误{where}：{exc.message}", err=True)
    sys.exit(1)


@click.group()
def user():
    """用户。"""


@user.command("create")
@click.option("--username", required=True, help="登录用户名")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="角色：" + "，".join(f"{r.value}={label}" for r, label in ROLE_LABELS.items()))
@click.option("--name", "full_name", required=True, help="姓名")
@click.option("--center", "center_code", required=True, help="所属中心编码")
@click.option("--center-name", default=None, help="中心名称；中心不存在时据此新建")
@click.option("--region-code", default="", help="新建中心时的行政区划代码")
@click.option("--department", "department_code", default=None, help="所属科室编码")
@click.option("--staff-no", default=None, help="工号（默认同用户名）")
@click.option("--password", default=None, help="密码；不提供时交互输入")
def create(username, role, full_name, center_code, center_name, region_code, department_code, staff_no, password):
    """新建一名可登录的工作人员（必要时新建中心）。"""
    from xiaoneng.db import session_scope
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.org import service
    from xiaoneng.org import staff as staff_service

    if password is None:
        password = click.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
    engine = _engine()
    messages = []  # printed only after the commit, so a refused run never claims to have created anything
    try:
        with session_scope(engine) as session:
            system = system_actor(name="cli")
            center = service.find_center_by_code(session, actor=system, code=center_code)
            if center is None:
                if not center_name:
                    raise XiaonengError(f"中心 {center_code} 不存在；要新建请同时提供 --center-name", field="center")
                center = service.create_center(session, actor=system, code=center_code, name=center_name,
                                               region_code=region_code)
                messages.append(f"已新建中心：{center.name}（{center.code}）")
            actor = system_actor(center.id, name="cli")
            department_id = None
            if department_code:
                department = service.find_department_by_code(session, actor=actor, code=department_code)
                if department is None:
                    raise XiaonengError(f"科室 {department_code} 不存在", field="department")
                department_id = department.id
            staff = staff_service.create_staff(session, actor=actor, staff_no=staff_no or username, full_name=full_name,
                                         role=role, department_id=department_id, username=username, password=password)
            messages.append(f"已新建用户：{staff.username}（{staff.full_name}，{ROLE_LABELS[Role(role)]}）")
    except XiaonengError as exc:
        _fail(exc)
    finally:
        engine.dispose()
    for message in messages:
        click.echo(message)


@user.command("set-password")
@click.argument("username")
@click.option("--password", default=None, help="新密码；不提供时交互输入")
def set_password(username, password):
    """重设一名用户的密码。"""
    from xiaoneng.db import session_scope
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.org import staff as staff_service

    if password is None:
        password = click.prompt("新密码", hide_input=True, confirmation_prompt="再次输入新密码")
    engine = _engine()
    try:
        with session_scope(engine) as session:
            staff = staff_service.find_staff_by_username(session, actor=system_actor(name="cli"), username=username)
            if staff is None:
                raise XiaonengError(f"用户 {username} 不存在", field="username")
            staff_service.set_password(session, actor=system_actor(staff.center_id, name="cli"), staff_id=staff.id,
                                 password=password)
            click.echo(f"已重设 {username} 的密码。")
    except XiaonengError as exc:
        _fail(exc)
    finally:
        engine.dispose()
