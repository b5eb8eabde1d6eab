"""The inbox page: one's own notices, unread first; reading one follows its link; the header count helper."""

from sqlalchemy import select

from xiaoneng.notifications import service
from xiaoneng.notifications.models import Notification
from xiaoneng.notifications.views import inbox_unread


def test_inbox_shows_own_notices_only(db, people, sign_in):
    service.notify(db, recipient_id=people.head.id, kind="bad_review", title="窗口甲收到差评", body="请两个工作日内联系评价人")
    service.notify(db, recipient_id=people.director.id, kind="alert", title="主任的预警")
    page = sign_in(people.head).page("/inbox")
    assert page.status_code == 200
    assert "窗口甲收到差评" in page.text and "差评" in page.text
    assert "主任的预警" not in page.text
    assert "1 条未读" in page.text


def test_opening_a_notice_marks_it_read_and_follows_its_link(db, people, sign_in):
    note = service.notify(db, recipient_id=people.head.id, kind="overdue", title="整改超期", link="/rectifications/5")
    browser = sign_in(people.head)
    browser.page("/inbox")
    response = browser.submit(f"/inbox/{note.id}/read")
    assert response.status_code == 303
    assert response.headers["location"] == "/rectifications/5"
    assert db.scalar(select(Notification.read_at).where(Notification.id == note.id)) is not None


def test_a_link_outside_the_platform_is_not_followed(db, people, sign_in):
    note = service.notify(db, recipient_id=people.head.id, kind="alert", title="外链", link="//evil.example/x")
    browser = sign_in(people.head)
    browser.page("/inbox")
    assert browser.submit(f"/inbox/{note.id}/read").headers["location"] == "/inbox"


def test_someone_elses_notice_cannot_be_marked(db, people, sign_in):
    note = service.notify(db, recipient_id=people.director.id, kind="alert", title="主任的")
    browser = sign_in(people.head)
    browser.page("/inbox")
    assert browser.submit(f"/inbox/{note.id}/read").status_code == 404
    assert db.scalar(select(Notification.read_at).where(Notification.id == note.id)) is None


def test_mark_all_read(db, people, sign_in):
    for title in ("一", "二", "三"):
        service.notify(db, recipient_id=people.clerk.id, kind="due_soon", title=title)
    browser = sign_in(people.clerk)
    browser.page("/inbox")
    assert browser.submit("/inbox/read-all").status_code == 303
    page = browser.page("/inbox")
    assert "已将 3 条消息标为已读" in page.text
    assert "条未读" not in page.text


def test_marking_without_the_csrf_token_is_refused(db, people, sign_in):
    note = service.notify(db, recipient_id=people.head.id, kind="alert", title="科长的")
    browser = sign_in(people.head)
    response = browser.post(f"/inbox/{note.id}/read", data={}, headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/inbox", headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["location"]


def test_header_count_helper(db, people, app):
    from starlette.requests import Request

    from xiaoneng.auth.service import actor_for

    service.notify(db, recipient_id=people.head.id, kind="alert", title="一")
    service.notify(db, recipient_id=people.head.id, kind="alert", title="二")
    request = Request({"type": "http", "app": app, "state": {}, "headers": [], "method": "GET", "path": "/"})
    assert inbox_unread(request, actor_for(people.head)) == 2
    assert inbox_unread(request, None) == 0
