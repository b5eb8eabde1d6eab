"""Roles and what each may do (pure data, read by the scope helper and the web layer); the sign-in back-off."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    WINDOW_STAFF = "window_staff"
    DEPT_HEAD = "dept_head"
    SUPERVISOR = "supervisor"
    DIRECTOR = "director"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.WINDOW_STAFF: "窗口人员",
    Role.DEPT_HEAD: "科室负责人",
    Role.SUPERVISOR: "效能监察",
    Role.DIRECTOR: "中心领导",
    Role.ADMIN: "管理员",
}

# Roles that see only their own department's records; the others see their whole center.
DEPARTMENT_SCOPED = frozenset({Role.WINDOW_STAFF, Role.DEPT_HEAD})

# Permission names are "<domain>.<verb>". Department-scoped roles hold them only within their department.
# Loop and rating permissions: cases.* (办件), ratings.read (see ratings), ratings.enter (type in social-channel
# ratings), ratings.qr (print QR sheets), rectification.act (contact, rectify, call back), rectification.decide
# (leader: ledger deadlines, appeal decisions), rectification.settings (per-center loop deadlines), personal.read
# (unmasked rater contacts, needed for the callback), rankings.read (internal rankings, S0 art.13: published on
# the center's internal system, so every role holds it and sees the whole center's),
# exchange.export (provincial platform exchange), jobs.read (timed work status).
# Duty systems: duty.read (posts, absences), duty.leave (ask for one's own leave), duty.approve (decide leave: a
# department head within the department, a director any).
# Conduct (E4): conduct.read (findings: a head their department's), conduct.decide (a supervisor confirms or
# dismisses), conduct.settings (an admin edits the phrases).
# Attendance (E5): attendance.read (monthly summaries and spot checks: a head their department's, window staff
# their own), attendance.import, attendance.spot_check (an inspector records the key-time spot checks).
# Text analysis: analysis.train (a supervisor or the admin trains the center's text models on its own records).
# First inquiries: inquiries.read / inquiries.write (log, sign for and answer referrals), held by every role
# but the admin's.
# One-time notices (E3): issuing a notice or a refusal and downloading its documents go with cases.write /
# cases.read and the case's scope; notices.read is the list of one-time-notification violations (a head their
# department's, supervisors and directors the center's).
# Supervision (B4): supervision.read (yellow and red cards, 督办 notices, the breach list: a head their
# department's), supervision.issue (a supervisor sends and closes 督办 notices), supervision.reply (a department
# head answers one with the 整改说明).
_SEE = {"org.read", "items.read", "staff.read", "duty.read", "duty.leave", "inquiries.read"}
_LOOP_SEE = {"cases.read", "ratings.read", "rectification.read", "rankings.read"}
PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.WINDOW_STAFF: frozenset(
        _SEE | _LOOP_SEE | {"cases.write", "inquiries.write", "ratings.qr", "rectification.act", "personal.read",
                            "attendance.read"}
    ),
    Role.DEPT_HEAD: frozenset(
        _SEE | _LOOP_SEE | {"items.write", "cases.write", "inquiries.write", "ratings.qr", "rectification.act",
                            "rectification.appeal", "personal.read", "duty.approve", "conduct.read",
                            "attendance.read", "notices.read", "supervision.read", "supervision.reply"}
    ),
    Role.SUPERVISOR: frozenset(
        _SEE | _LOOP_SEE | {"calendar.read", "audit.read", "inquiries.write", "ratings.enter", "ratings.qr",
                            "rectification.act", "rectification.decide", "personal.read", "rankings.read",
                            "exchange.export", "conduct.read", "conduct.decide", "attendance.read",
                            "attendance.import", "attendance.spot_check", "notices.read",
                            "supervision.read", "supervision.issue", "analysis.train"}
    ),
    Role.DIRECTOR: frozenset(
        _SEE | _LOOP_SEE | {"calendar.read", "audit.read", "rectification.decide", "rankings.read", "duty.approve",
                            "inquiries.write", "conduct.read", "attendance.read", "notices.read",
                            "supervision.read"}
    ),
    Role.ADMIN: frozenset(
        _SEE | _LOOP_SEE | {
            "org.write", "items.write", "staff.write", "calendar.read", "calendar.write", "import.run", "audit.read",
            "ratings.qr", "rectification.settings", "conduct.read", "conduct.settings", "rankings.read", "exchange.export",
            "jobs.read", "attendance.read", "attendance.import", "analysis.train",
        }
    ),
}

# Complaints (F1): complaints.read (a head their unit's), complaints.manage (register, import, assign, merge, call
# back), complaints.handle (sign for, investigate, answer), complaints.decide (the director on an escalated one),
# complaints.settings (the center's deadlines and duplicate period).
_COMPLAINTS = {
    Role.DEPT_HEAD: {"complaints.read", "complaints.handle"},
    Role.SUPERVISOR: {"complaints.read", "complaints.manage", "complaints.handle", "complaints.settings"},
    Role.DIRECTOR: {"complaints.read", "complaints.decide"},
    Role.ADMIN: {"complaints.settings"},
}
for _role, _extra in _COMPLAINTS.items():
    PERMISSIONS[_role] = PERMISSIONS[_role] | _extra


# Official letters: letters.read (a department head: the issued letters addressed to the department), letters.write
# (draft and issue), letters.settings (the center's 发文机关代字, 落款 and 印发机关). Questionnaires (满意度调查):
# surveys.read (results), surveys.write (compose, publish, close).
_LETTERS_AND_SURVEYS = {
    Role.DEPT_HEAD: {"letters.read"},
    Role.SUPERVISOR: {"letters.read", "letters.write", "surveys.read", "surveys.write"},
    Role.DIRECTOR: {"letters.read", "surveys.read"},
    Role.ADMIN: {"letters.settings"},
}
for _role, _extra in _LETTERS_AND_SURVEYS.items():
    PERMISSIONS[_role] = PERMISSIONS[_role] | _extra


# Inspections (F2-F3): inspections.read (plans, visits, phone checks and findings of the whole center),
# inspections.plan (make a month's plan), inspections.record (take a visit's record, a phone check, a 暗访),
# inspections.manage (the catalogue, budgets, team and units; re-inspections; publishing a 暗访),
# inspections.findings (the findings list: a head sees its department's once the unit may know of them),
# inspections.answer (a head reports a finding rectified).
_INSPECTIONS = {
    Role.SUPERVISOR: {"inspections.read", "inspections.plan", "inspections.record", "inspections.manage",
                      "inspections.findings"},
    Role.DIRECTOR: {"inspections.read", "inspections.findings"},
    Role.DEPT_HEAD: {"inspections.findings", "inspections.answer"},
}
for _role, _granted in _INSPECTIONS.items():
    PERMISSIONS[_role] = PERMISSIONS[_role] | _granted


# Monthly and annual reports (G1): reports.read (the produced reports, their preview and files), reports.produce
# (produce a month's or year's report). The report compares the departments of the whole center, so it is the
# director's and the supervisors'; a department head has neither and reads the department's figures elsewhere.
_REPORTS = {
    Role.SUPERVISOR: {"reports.read", "reports.produce"},
    Role.DIRECTOR: {"reports.read", "reports.produce"},
}
for _role, _granted in _REPORTS.items():
    PERMISSIONS[_role] = PERMISSIONS[_role] | _granted


# Insights (G3, G4): insights.read (hot topics and anomaly warnings: a head its department's), insights.act (a
# supervisor or director acknowledges or closes a warning), insights.compute (a supervisor computes a period again).
_INSIGHTS = {
    Role.DEPT_HEAD: {"insights.read"},
    Role.SUPERVISOR: {"insights.read", "insights.act", "insights.compute"},
    Role.DIRECTOR: {"insights.read", "insights.act"},
}
for _role, _granted in _INSIGHTS.items():
    PERMISSIONS[_role] = PERMISSIONS[_role] | _granted


def has_permission(role: Role | str, permission: str) -> bool:
    return permission in PERMISSIONS.get(Role(role), frozenset())


def is_department_scoped(role: Role | str) -> bool:
    return Role(role) in DEPARTMENT_SCOPED


# --- sign-in back-off ------------------------------------------------------------------------------------------------
# Failures are counted per account and per client address. Past `free_failures` each further failure locks sign-in for
# twice as long as the last (capped); failures that follow each other (or the end of a lock) within `window` keep
# counting, a quieter spell starts afresh. While locked, the password is not even checked.

@dataclass(frozen=True)
class BackOff:
    free_failures: int
    window: dt.timedelta = dt.timedelta(minutes=15)
    first_lock: dt.timedelta = dt.timedelta(minutes=1)
    longest_lock: dt.timedelta = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Failures:
    """What is known of one account's or address's recent failures."""

    count: int
    last_at: dt.datetime
    locked_until: dt.datetime | None = None


def lock_left(state: Failures | None, now: dt.datetime) -> dt.timedelta | None:
    """Time until sign-in may be tried again, or None when it may be tried now."""
    if state is None or state.locked_until is None or state.locked_until <= now:
        return None
    return state.locked_until - now


def after_failure(state: Failures | None, now: dt.datetime, policy: BackOff) -> Failures:
    """The state after one more failure at `now` (never called while locked: such attempts are refused unchecked)."""
    quiet_since = None if state is None else max(state.last_at, state.locked_until or state.last_at)
    count = 1 if quiet_since is None or now - quiet_since > policy.window else state.count + 1
    locked_until = None
    if count >= policy.free_failures:
        doublings = min(count - policy.free_failures, 20)
        locked_until = now + min(policy.first_lock * 2 ** doublings, policy.longest_lock)
    return Failures(count=count, last_at=now, locked_until=locked_until)


def retry_after_seconds(left: dt.timedelta) -> int:
    """The Retry-After header's whole seconds, never 0 while a lock holds."""
    return max(1, math.ceil(left.total_seconds()))


def wait_label(left: dt.timedelta) -> str:
    """How long to wait, as people read it."""
    seconds = retry_after_seconds(left)
    return f"{seconds} 秒" if seconds < 60 else f"{math.ceil(seconds / 60)} 分钟"
