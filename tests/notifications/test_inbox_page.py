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


def test_repeats_about_one_record_are_one_row_with_their_count_and_can_be_read_together(db, people, sign_in):
    for n in range(55):
        service.notify(db, recipient_id=people.director.id, kind="escalated", title="差评整改超期：窗口甲",
                       body=f"第 {n + 1} 次提醒", link="/rectifications/7")
    other = service.notify(db, recipient_id=people.director.id, kind="escalated", title="差评整改超期：窗口乙",
                           link="/rectifications/8")
    browser = sign_in(people.director)
    page = browser.page("/inbox")
    assert page.text.count('href="/rectifications/7"') == 1 and 'href="/rectifications/8"' in page.text
    assert "55 条未读" in page.text and "<td>55</td>" in page.text and "第 55 次提醒" in page.text
    assert "共 2 组" in page.text
    latest = db.scalar(select(Notification.id).where(Notification.link == "/rectifications/7")
                       .order_by(Notification.id.desc()))
    response = browser.submit(f"/inbox/{latest}/read-group")
    assert response.status_code == 303
    unread = db.scalars(select(Notification.link).where(Notification.recipient_id == people.director.id,
                                                        Notification.read_at.is_(None))).all()
    assert unread == ["/rectifications/8"] and other.read_at is None
    assert "已将这一组的 55 条消息标为已读" in browser.page("/inbox").text


def test_notices_without_a_link_group_by_title_and_a_group_is_only_ones_own(db, people, sign_in):
    service.notify(db, recipient_id=people.head.id, kind="alert", title="甲")
    service.notify(db, recipient_id=people.head.id, kind="alert", title="乙")
    mine = service.notify(db, recipient_id=people.director.id, kind="alert", title="甲")
    page = sign_in(people.head).page("/inbox")
    assert "共 2 组" in page.text
    browser = sign_in(people.head)
    browser.page("/inbox")
    assert browser.submit(f"/inbox/{mine.id}/read-group").status_code == 404
