"""Pluggable senders of e-mail and SMS (SPEC K5): SMTP, an HTTP SMS gateway, and a log for machines without either."""

from __future__ import annotations

import logging
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

import httpx

from xiaoneng.notifications.rules import Channel

log = logging.getLogger("xiaoneng.notifications")


class Sender(Protocol):
    """Hands one outbound message to the outside world; raises when it could not."""

    def send(self, message) -> None: ...


class LoggingSender:
    """Writes each message to the `xiaoneng.notifications` log: the default until a gateway is configured."""

    def send(self, message) -> None:
        log.info("outbound %s to %s: %s %s", message.channel, message.address, message.subject, message.body)


@dataclass
class EmailSender:
    """Sends through an SMTP server (plain, STARTTLS or SMTPS), logging in when a user is configured."""

    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    from_address: str = "xiaoneng@localhost"
    starttls: bool = False
    ssl: bool = False
    timeout: float = 10.0

    def send(self, message) -> None:
        mail = EmailMessage()
        mail["From"] = self.from_address
        mail["To"] = message.address
        mail["Subject"] = message.subject or "效能监督平台通知"
        mail.set_content(message.body, charset="utf-8")
        smtp_class = smtplib.SMTP_SSL if self.ssl else smtplib.SMTP
        with smtp_class(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(mail)


@dataclass
class HttpSmsSender:
    """Posts {"phone", "text", "id"} as JSON to the SMS gateway's URL; any non-2xx answer is a failure."""

    url: str
    token: str = ""
    timeout: float = 10.0

    def send(self, message) -> None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        text = f"{message.subject}：{message.body}" if message.subject else message.body
        response = httpx.post(self.url, json={"phone": message.address, "text": text, "id": message.id},
                              headers=headers, timeout=self.timeout)
        if not response.is_success:
            raise RuntimeError(f"短信网关返回 {response.status_code}：{response.text[:200]}")


@dataclass
class ChannelSender:
    """Routes each message to the sender of its channel."""

    email: Sender
    sms: Sender

    def send(self, message) -> None:
        (self.email if message.channel == Channel.EMAIL else self.sms).send(message)


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def sender_from_env(env: dict | None = None) -> Sender:
    """The configured senders: XIAONENG_SMTP_HOST/PORT/USER/PASSWORD/FROM/STARTTLS/SSL for e-mail,
    XIAONENG_SMS_URL/TOKEN for SMS; a channel with nothing configured is written to the log."""
    env = os.environ if env is None else env
    email: Sender = LoggingSender()
    sms: Sender = LoggingSender()
    host = env.get("XIAONENG_SMTP_HOST", "")
    if host:
        email = EmailSender(
            host=host, port=int(env.get("XIAONENG_SMTP_PORT", "25")), user=env.get("XIAONENG_SMTP_USER", ""),
            password=env.get("XIAONENG_SMTP_PASSWORD", ""),
            from_address=env.get("XIAONENG_SMTP_FROM", "xiaoneng@localhost"),
            starttls=_flag(env.get("XIAONENG_SMTP_STARTTLS", "")), ssl=_flag(env.get("XIAONENG_SMTP_SSL", "")),
        )
    url = env.get("XIAONENG_SMS_URL", "")
    if url:
        sms = HttpSmsSender(url=url, token=env.get("XIAONENG_SMS_TOKEN", ""))
    return ChannelSender(email=email, sms=sms)
