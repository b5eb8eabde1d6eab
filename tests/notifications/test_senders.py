"""E-mail through a real SMTP server, SMS through a real HTTP gateway, failures recorded and retried five times."""

import logging

from xiaoneng.notifications import service
from xiaoneng.notifications.rules import MAX_ATTEMPTS
from xiaoneng.notifications.senders import (ChannelSender, EmailSender, HttpSmsSender, LoggingSender,
                                            sender_from_env)
from tests.notifications.servers import sms_gateway, smtp_sink


def test_email_is_sent_over_smtp(db):
    message = service.queue_message(db, channel="email", address="wang.kezhang@jcxq.gov.cn", subject="差评整改即将到期",
                                    body="编号 R-0007 的整改将于 2026-11-25 到期。")
    with smtp_sink() as server:
        sender = EmailSender(host="127.0.0.1", port=server.server_address[1], from_address="xiaoneng@jcxq.gov.cn")
        assert service.deliver_outbound(db, sender=sender) == 1
    assert message.status == "sent" and message.attempts == 1 and message.sent_at is not None
    [received] = server.received
    mail = received["message"]
    assert mail["To"] == "wang.kezhang@jcxq.gov.cn"
    assert mail["Subject"] == "差评整改即将到期"
    assert "R-0007" in mail.get_content()


def test_sms_is_posted_to_the_gateway(db):
    message = service.queue_message(db, channel="sms", address="13800138000", subject="差评提醒", body="请于今日内联系评价人")
    with sms_gateway() as gateway:
        sender = HttpSmsSender(url=f"http://127.0.0.1:{gateway.server_address[1]}/send", token="s3cret")
        assert service.deliver_outbound(db, sender=sender) == 1
    [received] = gateway.received
    assert received["json"] == {"phone": "13800138000", "text": "差评提醒：请于今日内联系评价人", "id": message.id}
    assert received["authorization"] == "Bearer s3cret"
    assert message.status == "sent"


def test_a_refusing_gateway_is_retried_up_to_five_attempts(db):
    message = service.queue_message(db, channel="sms", address="13800138000", body="请联系评价人")
    with sms_gateway(status=503) as gateway:
        sender = HttpSmsSender(url=f"http://127.0.0.1:{gateway.server_address[1]}/send")
        for _ in range(MAX_ATTEMPTS + 2):
            assert service.deliver_outbound(db, sender=sender) == 0
    assert len(gateway.received) == MAX_ATTEMPTS
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS
    assert "503" in message.last_error


def test_a_failed_message_is_sent_on_a_later_attempt(db):
    message = service.queue_message(db, channel="email", address="li@jcxq.gov.cn", subject="通知", body="内容")
    unreachable = EmailSender(host="127.0.0.1", port=1, timeout=2)
    assert service.deliver_outbound(db, sender=unreachable) == 0
    assert message.status == "failed" and "ConnectionRefused" in message.last_error
    with smtp_sink() as server:
        assert service.deliver_outbound(db, sender=EmailSender(host="127.0.0.1", port=server.server_address[1])) == 1
    assert message.status == "sent" and message.attempts == 2 and message.last_error == ""


def test_logging_sender_writes_the_message_to_the_log(db, caplog):
    service.queue_message(db, channel="sms", address="13800138000", body="日志中的短信")
    with caplog.at_level(logging.INFO, logger="xiaoneng.notifications"):
        assert service.deliver_outbound(db, sender=LoggingSender()) == 1
    assert "日志中的短信" in caplog.text


def test_senders_come_from_the_environment():
    sender = sender_from_env({"XIAONENG_SMTP_HOST": "smtp.jcxq.gov.cn", "XIAONENG_SMTP_PORT": "587",
                              "XIAONENG_SMTP_STARTTLS": "true", "XIAONENG_SMTP_USER": "xn",
                              "XIAONENG_SMS_URL": "http://sms.jcxq.gov.cn/send"})
    assert isinstance(sender, ChannelSender)
    assert sender.email == EmailSender(host="smtp.jcxq.gov.cn", port=587, user="xn", starttls=True)
    assert sender.sms == HttpSmsSender(url="http://sms.jcxq.gov.cn/send")
    bare = sender_from_env({})
    assert isinstance(bare.email, LoggingSender) and isinstance(bare.sms, LoggingSender)
