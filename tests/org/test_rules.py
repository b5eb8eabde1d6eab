"""The pure input rules of the organisation domain."""

import pytest

from xiaoneng.auth.rules import Role
from xiaoneng.org import rules


@pytest.mark.parametrize(("value", "problem"), [
    ("D001", None),
    ("ks-01.a_b", None),
    ("", "编码不能为空"),
    ("   ", "编码不能为空"),
    ("x" * 33, "编码不能超过 32 个字符"),
    ("不动产", "编码只能包含字母、数字、下划线、点和连字符，并以字母或数字开头"),
    ("-abc", "编码只能包含字母、数字、下划线、点和连字符，并以字母或数字开头"),
    ("a b", "编码只能包含字母、数字、下划线、点和连字符，并以字母或数字开头"),
])
def test_code_problem(value, problem):
    assert rules.code_problem(value) == problem


@pytest.mark.parametrize(("value", "problem"), [
    ("zhangsan", None),
    ("li.si@dept", None),
    ("ab", "用户名至少 3 个字符"),
    ("a" * 65, "用户名不能超过 64 个字符"),
    ("张三丰", "用户名只能包含字母、数字、下划线、点、@ 和连字符，并以字母或数字开头"),
])
def test_username_problem(value, problem):
    assert rules.username_problem(value) == problem


@pytest.mark.parametrize(("value", "problem"), [
    ("", None),
    ("028-86001234", None),
    ("+86 138 0000 0000", None),
    ("call me", "电话只能包含数字、空格和 + - ( )"),
    ("1" * 33, "电话不能超过 32 个字符"),
])
def test_phone_problem(value, problem):
    assert rules.phone_problem(value) == problem


@pytest.mark.parametrize(("value", "problem"), [
    ("", None),
    ("510109", None),
    ("510109001001", None),
    ("51010", "行政区划代码须为 6 至 12 位数字"),
    ("51010a", "行政区划代码须为 6 至 12 位数字"),
    ("5101090010011", "行政区划代码须为 6 至 12 位数字"),
])
def test_region_code_problem(value, problem):
    assert rules.region_code_problem(value) == problem


@pytest.mark.parametrize(("value", "problem"), [
    (1, None), (99, None), (0, "级别须在 1 至 99 之间"), (100, "级别须在 1 至 99 之间"),
    ("3", "级别须为整数"), (True, "级别须为整数"), (None, "级别须为整数"),
])
def test_rank_problem(value, problem):
    assert rules.rank_problem(value) == problem


@pytest.mark.parametrize(("value", "role"), [
    ("admin", Role.ADMIN), (" dept_head ", Role.DEPT_HEAD), ("root", None), ("", None), (None, None),
])
def test_parse_role(value, role):
    assert rules.parse_role(value) == role


@pytest.mark.parametrize(("role", "needs"), [
    (Role.WINDOW_STAFF, True), (Role.DEPT_HEAD, True), (Role.SUPERVISOR, False), (Role.DIRECTOR, False),
    (Role.ADMIN, False),
])
def test_department_scoped_roles_need_a_department(role, needs):
    assert rules.needs_department(role) is needs
