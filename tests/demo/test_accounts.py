"""Each demo account signs in with the password the demo prints."""

import pytest

from xiaoneng.auth.rules import ROLE_LABELS
from xiaoneng.demo import builder


@pytest.mark.parametrize("account", builder.DEMO_ACCOUNTS, ids=lambda a: a.username)
def test_demo_account_signs_in(demo, client, account):
    client.sign_in(account.username, account.password)
    home = client.page("/")
    assert home.status_code == 200
    assert ROLE_LABELS[account.role] in home.text


def test_generated_user_shares_the_role_password(db, demo, client):
    staff = next(s for s in demo.staff if s.username.startswith("jc") and s.role == "window_staff")
    client.sign_in(staff.username, builder.ROLE_PASSWORDS[staff.role])
    assert staff.full_name in client.page("/").text


def test_account_rows_name_who_signs_in(db, demo):
    rows = builder.account_rows(db)
    assert [r.account.username for r in rows] == [a.username for a in builder.DEMO_ACCOUNTS]
    head = next(r for r in rows if r.account.username == "head_scjg")
    assert head.department == "区市场监督管理局" and head.full_name
