"""Rules of notifications: message kinds and channels, and when a failed outbound message is tried again."""

from __future__ import annotations

from enum import StrEnum

# A message that failed this many times stays failed: the address or the gateway needs a person's attention.
MAX_ATTEMPTS = 5


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class OutboundStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


CHANNEL_LABELS = {Channel.EMAIL: "电子邮件", Channel.SMS: "短信"}
STATUS_LABELS = {OutboundStatus.PENDING: "待发送", OutboundStatus.SENT: "已发送", OutboundStatus.FAILED: "发送失败"}

# Kinds other domains use; an unknown kind still shows, under its own name.
KIND_LABELS = {
    "bad_review": "差评",
    "due_soon": "即将到期",
    "overdue": "已超期",
    "escalated": "升级督办",
    "alert": "预警",
    "appeal": "申诉",
    "case_extension": "延期审批",
    "ledger": "台账",
    "spot_check": "巡查抽检",
    "system": "系统",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def should_try(status: str, attempts: int) -> bool:
    """Pending messages are sent; failed ones are tried again until MAX_ATTEMPTS attempts have been made."""
    return status in (OutboundStatus.PENDING, OutboundStatus.FAILED) and attempts < MAX_ATTEMPTS


def address_problem(channel: str, address: str) -> str | None:
    """Why an address cannot take a message of this channel, or None."""
    if channel not in {c.value for c in Channel}:
        return "发送渠道只能是电子邮件或短信"
    if not address:
        return "收件地址不能为空"
    if channel == Channel.EMAIL:
        local, at, domain = address.partition("@")
        if not at or not local or "." not in domain or " " in address:
            return "电子邮件地址格式不正确"
    else:
        # A mainland mobile number (11 digits from 1), or an international one written with its "+" prefix.
        if address.startswith("+"):
            ok = address[1:].isdigit() and 8 <= len(address) - 1 <= 15
        else:
            ok = address.isdigit() and len(address) == 11 and address.startswith("1")
        if not ok:
            return "手机号码格式不正确"
    return None
