"""The demo's AB posts (E1): a post per window and one per department, A and B two people of that department, and
the main center's leader post (the director as A, the deputy as B), with the duties the AB set-up report lists."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.demo.catalog import duty_texts as texts
from xiaoneng.duty import rules
from xiaoneng.duty.models import DutyPost, PostKind


def _items(spec, first: int, count: int) -> str:
    names = list(dict.fromkeys(t.name for t in spec.items))
    picked = [names[(first + k) % len(names)] for k in range(min(count, len(names)))]
    return "、".join(dict.fromkeys(picked))


def _clerks(ctx, department) -> list[list]:
    """The window clerks of a department, window by window, in the order they were created."""
    by_window = {w.id: [] for w in ctx.windows_by_department[department.code]}
    for s in ctx.staff:
        if s.role == Role.WINDOW_STAFF and s.window_id in by_window:
            by_window[s.window_id].append(s)
    return [by_window[w.id] for w in ctx.windows_by_department[department.code]]


def _post(department, name: str, a, b, duties: str, window=None, kind: PostKind = PostKind.POST) -> DutyPost:
    rules.check_post(name=name, a_id=a.id, b_id=b.id)
    return DutyPost(center_id=a.center_id, department_id=department.id if department else None,
                    window_id=window.id if window else None, kind=kind, name=name, duties=duties[:500],
                    a_staff_id=a.id, b_staff_id=b.id)


def department_posts(ctx, code: str) -> list[DutyPost]:
    """A window's clerk as A, a clerk of the next window (of the same window when there is only one) as B; the head
    with a senior clerk who is nobody's A as B; at the supervision department one more post for the supervisors."""
    rng, department, spec = ctx.rng, ctx.departments[code], ctx.department_specs[code]
    windows, clerks = ctx.windows_by_department[code], _clerks(ctx, department)
    posts = []
    for i, window in enumerate(windows):
        a = clerks[i][0]
        b = clerks[(i + 1) % len(windows)][1] if len(windows) > 1 else clerks[i][1]
        duties = texts.WINDOW_DUTIES.format(window=window.name, items=_items(spec, 2 * i, 2))
        posts.append(_post(department, f"{window.code}窗口岗", a, b, duties, window))
    head = next(s for s in ctx.staff if s.role == Role.DEPT_HEAD and s.department_id == department.id)
    supervisors = [s for s in ctx.staff if s.role == Role.SUPERVISOR and s.department_id == department.id]
    spare = [c for window_clerks in clerks for c in window_clerks[2:]] or [c[1] for c in clerks]
    senior = max(s.rank for s in spare)
    deputy = supervisors[-1] if supervisors else rng.choice([s for s in spare if s.rank == senior])
    head_post = "部门负责人岗" if department.kind == "部门" else "科室负责人岗"
    posts.append(_post(department, head_post, head, deputy,
                       texts.HEAD_DUTIES.format(department=department.name, items=_items(spec, 0, 3))))
    if len(supervisors) >= 2:
        posts.append(_post(department, texts.SUPERVISION_POST, supervisors[0], supervisors[1],
                           texts.SUPERVISION_DUTIES))
    return posts


def add_duty_posts(session: Session, ctx) -> None:
    """Every department's posts and the main center's leader post."""
    session.flush()
    posts = [p for code in ctx.departments for p in department_posts(ctx, code)]
    gov = ctx.centers["gov"]
    director, deputy = [s for s in ctx.staff if s.center_id == gov.id and s.role == Role.DIRECTOR][:2]
    posts.insert(0, _post(None, texts.LEADER_POST, director, deputy, texts.LEADER_DUTIES, kind=PostKind.LEADER))
    session.add_all(posts)
    session.flush()
    ctx.counts["duty_posts"] = len(posts)
    audit.record(session, actor=ctx.actor, action="demo_build", entity="center", entity_id=gov.id, center_id=gov.id,
                 detail={"step": "duty_posts", "duty_posts": len(posts)})
