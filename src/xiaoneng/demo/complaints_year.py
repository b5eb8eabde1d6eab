"""The demo's year of complaints at the main center: every channel (12345 most), realistic texts by unit and topic,
some duplicates merged into an earlier one, some late (urged, a few 通报), some reopened once or twice and a few
escalated to the director; recent ones still open. Written in bulk (COPY on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from types import SimpleNamespace

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.complaints import rules
from xiaoneng.complaints.models import Complaint, ComplaintEvent, ComplaintNumber, ComplaintUrge
from xiaoneng.complaints.sorting import Sorter
from xiaoneng.complaints.urges import SUPERVISION_OFFICE, letter
from xiaoneng.kit import bulk
from xiaoneng.demo.catalog import complaint_texts as T
from xiaoneng.demo.catalog import people
from xiaoneng.demo.days import at, year_ending

PER_WORKING_DAY = 3.0
CHANNELS = [("hotline", 45), ("online", 15), ("phone", 12), ("mailbox", 8), ("platform", 8), ("email", 6),
            ("discipline", 6)]
KINDS = [("complaint", 52), ("consult", 18), ("suggest", 10), ("help", 6), ("report", 6), ("praise", 8)]
DUPLICATE_SHARE, LATE_SHARE, REOPEN_SHARE = 0.06, 0.12, 0.08


def _pick(rng: random.Random, weighted):
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _text(rng: random.Random, channel: str, kind: str, dept, items, windows, staff) -> tuple[str, str]:
    fill = {"dept": dept.name, "item": rng.choice(items) if items else "相关业务",
            "window": rng.choice(windows).name if windows else "综合窗口",
            "staff": rng.choice(staff).full_name if staff else "工作人员"}
    if kind in ("complaint", "report"):
        topic = rng.choice(["廉洁问题"] if kind == "report" and rng.random() < 0.5 else list(T.COMPLAINTS))
        template = rng.choice(T.COMPLAINTS[topic])
    else:
        template = rng.choice({"consult": T.CONSULTS, "help": T.HELPS, "suggest": T.SUGGESTS,
                               "praise": T.PRAISES}[kind])
    return rng.choice(T.OPENERS[channel]) + template.format(**fill), fill["item"]


def _phone(rng: random.Random) -> str:
    return rng.choice(people.PHONE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}"


def add_complaints_year(session: Session, ctx) -> None:
    session.flush()
    gov = ctx.centers["gov"]
    rng = ctx.rng
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    ref = ctx.reference_date
    start = year_ending(ref)
    days = cal.working_days_between(start, ref)
    units = [d for d in ctx.departments.values() if d.center_id == gov.id and d.code not in ("XNJD", "ZHFW")]
    items = {d.id: [i.name for i in ctx.items if i.department_id == d.id] for d in units}
    staff = {d.id: [s for s in ctx.staff if s.department_id == d.id and s.role == Role.WINDOW_STAFF] for d in units}
    windows = {d.id: [w for w in ctx.windows if w.department_id == d.id] for d in units}
    heads = {s.department_id: s for s in ctx.staff if s.role == Role.DEPT_HEAD and s.center_id == gov.id}
    supervisor = next(s for s in ctx.staff if s.username == "supervisor")
    director = next(s for s in ctx.staff if s.username == "director")
    sorter = Sorter(session, gov.id)
    weights = [3 if d.code in ("BDC", "SCJG", "RSJ", "YBJ", "GAJ", "SWJ") else 1 for d in units]
    per_day, rows, plans = Counter(), [], []
    total = round(PER_WORKING_DAY * len(days) * ctx.scale)
    for n in range(total):
        day = days[int(n * len(days) / total)]
        channel, kind = _pick(rng, CHANNELS), _pick(rng, KINDS)
        dept = rng.choices(units, weights=weights)[0]
        content, _ = _text(rng, channel, kind, dept, items[dept.id], windows[dept.id], staff[dept.id])
        received = at(day, rng.uniform(8.5 * 60, 17.5 * 60))
        per_day[day] += 1
        sorted_ = sorter.sort(content)
        due = rules.due_on(day, kind, cal)
        rows.append({"center_id": gov.id, "number": f"TS{day:%Y%m%d}{per_day[day]:04d}", "channel": channel,
                     "source_number": f"GD{day:%Y%m%d}{n:05d}" if channel == "hotline" else None, "kind": kind,
                     "status": rules.Status.CLOSED, "complainant_name": rng.choice(people.SURNAMES) +
                     rng.choice(("先生", "女士")), "complainant_phone": _phone(rng), "complainant_contact": "",
                     "title": "", "content": content, "received_at": received, "received_on": day,
                     "registered_by_id": None if channel in ("online", "hotline") else supervisor.id,
                     "topic": sorted_.topic, "suggested_department_id": sorted_.suggested_department_id or dept.id,
                     "suggestion_score": sorted_.score, "evidence": sorted_.evidence, "department_id": dept.id,
                     "item_id": sorted_.item_id, "staff_id": sorted_.staff_id, "window_id": sorted_.window_id,
                     "round": 0, "sign_by": cal.add_working_days(day, 1), "due_on": due, "due_provisional": False,
                     "due_from": day if due else None, "due_days": rules.handling_days(kind),
                     "deadline_state": "", "assigned_at": received + dt.timedelta(hours=1), "signed_at": None,
                     "handler_id": heads[dept.id].id if dept.id in heads else None, "answered_at": None,
                     "answered_on_time": None, "answer": "", "callback_result": "", "callback_at": None,
                     "escalated_at": None, "decision": "", "closed_at": None, "merged_into_id": None,
                     "duplicate_reason": "", "keep_apart": False, "created_at": received, "updated_at": received})
        plans.append(_plan(rng, kind, day, ref, due, cal))
    _apply(rows, plans, rng, cal, ref)
    _duplicates(rows, plans, rng)
    table = Complaint.__table__
    before = bulk.last_id(session, table)
    bulk.insert(session, table, rows)
    ids = dict(session.execute(select(table.c.number, table.c.id).where(table.c.id > before)).all())
    merges = [{"row_id": ids[r["number"]], "into": ids[rows[p["into"]]["number"]]}
              for r, p in zip(rows, plans) if p.get("into") is not None]
    if merges:
        session.connection().execute(update(table).where(table.c.id == bindparam("row_id"))
                                     .values(merged_into_id=bindparam("into")), merges)
    bulk.insert(session, ComplaintNumber.__table__, [{"center_id": gov.id, "day": d, "last": n}
                                                     for d, n in sorted(per_day.items())])
    events, urges = _trail(rows, plans, ids, heads, supervisor, director, cal, gov.name, {d.id: d.name for d in units})
    bulk.insert(session, ComplaintEvent.__table__, events)
    bulk.insert(session, ComplaintUrge.__table__, urges)
    statuses = Counter(r["status"] for r in rows)
    ctx.counts.update({"complaints": len(rows), "complaint_events": len(events), "complaint_urges": len(urges),
                       "complaints_merged": statuses[rules.Status.MERGED],
                       "complaints_reopened": sum(1 for r in rows if r["round"] > 0),
                       "complaints_open": sum(n for s, n in statuses.items() if s in rules.OPEN)})


def _plan(rng: random.Random, kind: str, day: dt.date, ref: dt.date, due: dt.date | None, cal) -> dict:
    """What happens to one complaint: how late its answer is, how often it is reopened, whether it is still open."""
    age = cal.get_working_days_delta(day, ref)
    late = due is not None and rng.random() < LATE_SHARE
    reopens = 0 if kind == "praise" else (rng.choice((1, 1, 1, 2, 2, 3)) if rng.random() < REOPEN_SHARE else 0)
    handle = rng.randint(1, max(1, (rules.handling_days(kind) or 3) - 1)) + (rng.randint(2, 9) if late else 0)
    return {"age": age, "late": late, "reopens": reopens, "handle": handle}


def _apply(rows, plans, rng, cal, ref) -> None:
    for r, p in zip(rows, plans):
        day, at_ = r["received_on"], r["assigned_at"]
        r["signed_at"] = at_ + dt.timedelta(hours=rng.randint(1, 20))
        answer_day = cal.add_working_days(day, p["handle"])
        p["rounds"] = []
        if answer_day > ref:  # not answered yet: still with the unit
            r["status"] = rules.Status.SIGNED if r["signed_at"].date() <= ref else rules.Status.ASSIGNED
            r["signed_at"] = r["signed_at"] if r["status"] == rules.Status.SIGNED else None
            r["deadline_state"] = "overdue" if r["due_on"] and ref >= r["due_on"] else ""
            continue
        answered = at(answer_day, rng.uniform(9 * 60, 17 * 60))
        r["answer"], r["answered_at"] = rng.choice(T.ANSWERS), answered
        r["answered_on_time"] = r["due_on"] is None or answer_day <= r["due_on"]
        p["rounds"].append((r["due_on"], answered, r["answered_on_time"]))
        if r["kind"] == "praise":
            r["status"], r["closed_at"] = rules.Status.CLOSED, answered
            continue
        for n in range(min(p["reopens"], 3)):
            reopen = answered + dt.timedelta(days=1)
            if reopen.date() > ref or n >= rules.MAX_REOPENS:
                break
            r["round"] = n + 1
            r["sign_by"] = cal.add_working_days(reopen.date(), 1)
            r["due_on"] = rules.due_on(reopen.date(), r["kind"], cal)
            r["due_from"] = reopen.date() if r["due_on"] else None
            again = cal.add_working_days(reopen.date(), rng.randint(1, 4))
            if again > ref:
                r["status"], r["answer"], r["answered_at"], r["answered_on_time"] = rules.Status.SIGNED, "", None, None
                break
            answered = at(again, rng.uniform(9 * 60, 17 * 60))
            r["answered_at"], r["answered_on_time"] = answered, again <= r["due_on"]
            p["rounds"].append((r["due_on"], answered, r["answered_on_time"]))
        if r["status"] == rules.Status.SIGNED:
            continue
        callback = r["answered_at"] + dt.timedelta(days=1)
        if callback.date() > ref:
            r["status"] = rules.Status.ANSWERED
            continue
        r["callback_at"] = callback
        if p["reopens"] > rules.MAX_REOPENS and r["round"] == rules.MAX_REOPENS:
            r["status"], r["callback_result"], r["escalated_at"] = rules.Status.ESCALATED, "unsatisfied", callback
            if rng.random() < 0.6 and (callback + dt.timedelta(days=2)).date() <= ref:
                r["status"], r["decision"] = rules.Status.CLOSED, rng.choice(T.DECISIONS)
                r["closed_at"] = callback + dt.timedelta(days=2)
            continue
        r["callback_result"] = rng.choices(["satisfied", "basic"], weights=[80, 20])[0]
        r["status"], r["closed_at"] = rules.Status.CLOSED, callback


def _duplicates(rows, plans, rng) -> None:
    """A share of complaints are the same person writing again about an earlier one, within a month."""
    for i in range(1, len(rows)):
        r = rows[i]
        if r["kind"] not in ("complaint", "report") or rng.random() >= DUPLICATE_SHARE:
            continue
        j = rng.randint(max(0, i - 60), i - 1)
        first = rows[j]
        if first["kind"] not in ("complaint", "report") or plans[j].get("into") is not None:
            continue
        r.update({"status": rules.Status.MERGED, "complainant_phone": first["complainant_phone"],
                  "complainant_name": first["complainant_name"], "department_id": first["department_id"],
                  "content": rng.choice(T.DUPLICATE_OPENERS) + first["content"].split("：", 1)[-1],
                  "duplicate_reason": "同一诉求人反映同一问题", "answer": "", "answered_at": None,
                  "answered_on_time": None, "callback_result": "", "callback_at": None, "closed_at": None,
                  "round": 0, "deadline_state": "", "escalated_at": None, "decision": "", "signed_at": None})
        plans[i] = {"into": j, "rounds": []}


def _event(cid, center_id, at_, kind, actor, text, **detail) -> dict:
    return {"complaint_id": cid, "center_id": center_id, "at": at_, "kind": kind,
            "actor_id": actor.id if actor else None, "actor_name": actor.full_name if actor else "系统", "text": text,
            "detail": detail}


def _trail(rows, plans, ids, heads, supervisor, director, cal, center_name, names):
    events, urges = [], []
    for r, p in zip(rows, plans):
        cid, c = ids[r["number"]], r["center_id"]
        head = heads.get(r["department_id"])
        first = "import" if r["channel"] == "hotline" else "public" if r["channel"] == "online" else "register"
        events.append(_event(cid, c, r["received_at"], first, None if first != "register" else supervisor, r["content"]))
        if r["status"] == rules.Status.MERGED:
            events.append(_event(cid, c, r["received_at"], "merged", None, f"{r['duplicate_reason']}，并入 {rows[p['into']]['number']}"))
            events.append(_event(ids[rows[p["into"]]["number"]], c, r["received_at"], "merge", None,
                                 f"{r['number']}（{r['duplicate_reason']}）并入本件"))
            continue
        events.append(_event(cid, c, r["assigned_at"], "assign", supervisor, "分派至承办单位"))
        if r["signed_at"]:
            events.append(_event(cid, c, r["signed_at"], "sign", head, "已签收"))
            events.append(_event(cid, c, r["signed_at"] + dt.timedelta(hours=2), "note", head, T.NOTES[cid % len(T.NOTES)]))
        for n, (due, answered, on_time) in enumerate(p.get("rounds", [])):
            if due is not None and not on_time:
                urge_on = rules.urge_day(due, cal)
                if urge_on <= answered.date():
                    urges.append(_urge(r, cid, n, urge_on, due, cal, center_name, names[r["department_id"]]))
                    events.append(_event(cid, c, at(urge_on, 9 * 60), "urge", None, urges[-1]["title"]))
            events.append(_event(cid, c, answered, "answer", head, r["answer"] or T.ANSWERS[0]))
            if n < len(p["rounds"]) - 1 or r["round"] > n:
                back = answered + dt.timedelta(days=1)
                events.append(_event(cid, c, back, "callback", supervisor, "回访结果：不满意。诉求人认为问题未解决"))
                events.append(_event(cid, c, back, "reopen", supervisor, f"第 {n + 1} 次重新办理"))
        if r["callback_at"]:
            label = rules.CALLBACK_LABELS[rules.Callback(r["callback_result"])]
            events.append(_event(cid, c, r["callback_at"], "callback", supervisor, f"回访结果：{label}"))
        if r["escalated_at"]:
            events.append(_event(cid, c, r["escalated_at"], "escalate", supervisor, "重新办理 2 次后诉求人仍不满意，提请中心领导"))
        if r["decision"]:
            events.append(_event(cid, c, r["closed_at"], "decide", director, r["decision"]))
        if r["closed_at"]:
            events.append(_event(cid, c, r["closed_at"], "close", supervisor if not r["decision"] else director, "办结"))
    return events, urges


def _urge(r, cid, round_, urge_on, due, cal, center_name, unit) -> dict:
    c = SimpleNamespace(**{**r, "due_on": due})  # what letter() reads of a complaint
    reply_by = cal.add_working_days(urge_on, rules.REPLY_DAYS)
    title, body = letter(c, rules.UrgeKind.URGE, unit=unit, center=center_name, today=urge_on, reply_by=reply_by,
                         overdue_days=rules.overdue_working_days(due, urge_on, cal), urged_on=None)
    return {"center_id": r["center_id"], "complaint_id": cid, "kind": "urge", "round": round_, "issued_on": urge_on,
            "issued_at": at(urge_on, 9 * 60), "department_id": r["department_id"], "recipient": unit,
            "title": title, "paragraphs": body, "reference": r["number"], "due_on": due, "reply_by": reply_by,
            "issuer": f"{center_name}{SUPERVISION_OFFICE}", "copy_to": []}
