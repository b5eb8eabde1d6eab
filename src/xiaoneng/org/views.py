"""Admin pages of the organisation: the center and its departments, service points, windows and staff."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from xiaoneng.auth.rules import ROLE_LABELS, Role
from xiaoneng.errors import Forbidden, ValidationFailed
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service
from xiaoneng.org import staff as staff_service
from xiaoneng.kit import clock
from xiaoneng.org.models import Department, DepartmentKind, ServicePoint, ServicePointType, Window
from xiaoneng.ratings import edge, qrsheets
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/admin", dependencies=[Depends(require_csrf)], include_in_schema=False)


async def _form(request: Request) -> dict:
    form = await request.form()
    return {k: v for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}


FormData = Annotated[dict, Depends(_form)]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, number, password, select
    options: tuple[tuple[str, str], ...] = ()
    required: bool = False
    help: str = ""


@dataclass
class Entity:
    """One kind of record with a create/edit page, its permissions and the services behind it."""

    key: str
    base: str
    list_url: str
    label: str
    read_perm: str
    write_perm: str
    id_arg: str
    get: Callable
    create: Callable
    update: Callable
    deactivate: Callable
    activate: Callable
    fields: Callable[[Session, Actor], list[Field]]
    title: Callable[[object], str]
    values: Callable[[object], dict] = field(default=lambda obj: {})


def _require(actor: Actor, permission: str) -> None:
    if not actor.can(permission):
        raise Forbidden()


def _choices(records, *, blank: str | None = "（无）") -> tuple[tuple[str, str], ...]:
    options = [("", blank)] if blank is not None else []
    options += [(str(r.id), f"{r.code} {r.name}" + ("" if r.active else "（已停用）")) for r in records]
    return tuple(options)


def _pager_url(base: str, params: dict, page: int) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "", False)}
    query["page"] = page
    return f"{base}?{urlencode(query)}"


def _list_context(request: Request, result, params: dict, base: str) -> dict:
    return {
        "page": result, "params": params, "flash": take_flash(request),
        "prev_url": _pager_url(base, params, result.page - 1) if result.page > 1 else None,
        "next_url": _pager_url(base, params, result.page + 1) if result.page < result.pages else None,
    }


def _int_or_none(value: str | None) -> int | None:
    return id_or_none(value)


# --- the records' fields ---------------------------------------------------------------------------------------------

def _department_fields(db, actor) -> list[Field]:
    return [
        Field("code", "编码", required=True, help="本中心内唯一，字母、数字、下划线、点或连字符"),
        Field("name", "名称", required=True),
        Field("kind", "类型", "select", tuple((k.value, k.value) for k in DepartmentKind), required=True),
    ]


def _point_fields(db, actor) -> list[Field]:
    return [
        Field("code", "编码", required=True),
        Field("name", "名称", required=True),
        Field("point_type", "点位类型", "select", (("", "请选择"),) + tuple((t.value, t.value) for t in ServicePointType),
              required=True),
        Field("address", "地址"),
        Field("parent_id", "上级点位", "select", _choices(service.service_point_choices(db, actor=actor))),
    ]


def _window_fields(db, actor) -> list[Field]:
    return [
        Field("code", "编码", required=True),
        Field("name", "名称", required=True),
        Field("department_id", "所属科室", "select",
              _choices(service.department_choices(db, actor=actor), blank="请选择"), required=True),
        Field("service_point_id", "服务点位", "select", _choices(service.service_point_choices(db, actor=actor))),
    ]


def _staff_fields(db, actor) -> list[Field]:
    fields = [
        Field("staff_no", "工号", required=True),
        Field("full_name", "姓名", required=True),
        Field("role", "角色", "select", tuple((r.value, ROLE_LABELS[r]) for r in Role), required=True),
        Field("department_id", "所属科室", "select", _choices(service.department_choices(db, actor=actor)),
              help="窗口人员和科室负责人必须指定"),
        Field("window_id", "窗口", "select", _choices(service.window_choices(db, actor=actor)),
              help="须属于所选科室"),
        Field("title", "职务"),
        Field("rank", "级别", "number", help="1-99，越高越先担责（首问负责）"),
        Field("phone", "电话"),
        Field("username", "登录用户名", help="不填则不开通登录账号"),
    ]
    if actor.can("staff.write"):
        fields.append(Field("password", "登录密码", "password", help="至少 8 位，含字母和数字；修改时留空表示不变"))
    return fields


def _plain(obj, names) -> dict:
    return {n: "" if getattr(obj, n) is None else str(getattr(obj, n)) for n in names}


ENTITIES = {
    "departments": Entity(
        key="departments", base="/admin/org/departments", list_url="/admin/org", label="科室",
        read_perm="org.read", write_perm="org.write", id_arg="department_id",
        get=service.get_department, create=service.create_department, update=service.update_department,
        deactivate=service.deactivate_department, activate=service.activate_department,
        fields=_department_fields, title=lambda d: f"{d.name}（{d.code}）",
        values=lambda d: _plain(d, ("code", "name", "kind")),
    ),
    "points": Entity(
        key="points", base="/admin/points", list_url="/admin/points", label="服务点位",
        read_perm="org.read", write_perm="org.write", id_arg="service_point_id",
        get=service.get_service_point, create=service.create_service_point, update=service.update_service_point,
        deactivate=service.deactivate_service_point, activate=service.activate_service_point,
        fields=_point_fields, title=lambda p: f"{p.name}（{p.code}）",
        values=lambda p: _plain(p, ("code", "name", "point_type", "address", "parent_id")),
    ),
    "windows": Entity(
        key="windows", base="/admin/windows", list_url="/admin/windows", label="窗口",
        read_perm="org.read", write_perm="org.write", id_arg="window_id",
        get=service.get_window, create=service.create_window, update=service.update_window,
        deactivate=service.deactivate_window, activate=service.activate_window,
        fields=_window_fields, title=lambda w: f"{w.name}（{w.code}）",
        values=lambda w: _plain(w, ("code", "name", "department_id", "service_point_id")),
    ),
    "staff": Entity(
        key="staff", base="/admin/staff", list_url="/admin/staff", label="人员",
        read_perm="staff.read", write_perm="staff.write", id_arg="staff_id",
        get=staff_service.get_staff, create=staff_service.create_staff, update=staff_service.update_staff,
        deactivate=staff_service.deactivate_staff, activate=staff_service.activate_staff,
        fields=_staff_fields, title=lambda s: f"{s.full_name}（{s.staff_no}）",
        values=lambda s: _plain(s, ("staff_no", "full_name", "role", "department_id", "window_id", "title", "rank",
                                    "phone", "username")),
    ),
}


# --- generic record pages --------------------------------------------------------------------------------------------

def _form_page(request: Request, db: Session, actor: Actor, entity: Entity, *, obj=None, values: dict | None = None,
               errors: dict | None = None, error: str | None = None, status_code: int = 200):
    can_write = actor.can(entity.write_perm)
    ctx = {
        "entity": entity, "obj": obj, "fields": entity.fields(db, actor), "can_write": can_write,
        "values": values if values is not None else (entity.values(obj) if obj is not None else {}),
        "errors": errors or {}, "error": error, "flash": take_flash(request),
        "title": (entity.title(obj) if obj is not None else f"新建{entity.label}"),
        "action": f"{entity.base}/{obj.id}" if obj is not None else entity.base,
    }
    if entity.key == "staff" and obj is not None:
        ctx["account"] = _account_status(obj)
    if entity.key == "windows" and obj is not None and actor.can("ratings.qr"):
        ctx["codes"] = _window_codes(request, db, actor, obj.id)
    response = render(request, "org/form.html", ctx, status_code=status_code, actor=actor)
    return edge.mark_staff_device(request, response)  # ratings later sent from this browser are flagged


def _window_codes(request: Request, db: Session, actor: Actor, window_id: int):
    """The window's rating QR code and kiosk address, under the configured public base."""
    settings = request.app.state.settings
    return qrsheets.window_codes(db, actor=actor, window_id=window_id, base_url=settings.public_base_url,
                                 secret=settings.secret_key, now=clock.now(), days=settings.qr_token_days)


def _invalid(request, db, actor, entity, exc: ValidationFailed, *, obj=None, values: dict):
    names = {f.name for f in entity.fields(db, actor)}
    errors = {exc.field: exc.message} if exc.field in names else {}
    return _form_page(request, db, actor, entity, obj=obj, values=values, errors=errors,
                      error=exc.message, status_code=422)


def _cleaned(entity: Entity, data: dict, db, actor) -> dict:
    names = [f.name for f in entity.fields(db, actor)]
    out = {n: data.get(n, "") for n in names}
    if "password" in out and not out["password"]:
        out.pop("password")  # left empty: no password on create, unchanged on edit
    return out


def _register(entity: Entity) -> None:
    def new_page(request: Request, db: DbSession, actor: CurrentUser):
        _require(actor, entity.write_perm)
        values = {"kind": DepartmentKind.KESHI.value, "rank": "1", "role": Role.WINDOW_STAFF.value}
        return _form_page(request, db, actor, entity, values=values)

    def create(request: Request, db: DbSession, actor: CurrentUser, data: FormData):
        _require(actor, entity.write_perm)
        values = _cleaned(entity, data, db, actor)
        try:
            with db.begin_nested():
                obj = entity.create(db, actor=actor, **values)
        except ValidationFailed as exc:
            return _invalid(request, db, actor, entity, exc, values=data)
        flash(request, f"已新建{entity.label}：{entity.title(obj)}")
        return RedirectResponse(entity.list_url, status_code=303)

    def detail(record_id: Id, request: Request, db: DbSession, actor: CurrentUser):
        _require(actor, entity.read_perm)
        obj = entity.get(db, actor=actor, **{entity.id_arg: record_id})
        return _form_page(request, db, actor, entity, obj=obj)

    def update(record_id: Id, request: Request, db: DbSession, actor: CurrentUser, data: FormData):
        _require(actor, entity.write_perm)
        obj = entity.get(db, actor=actor, **{entity.id_arg: record_id})
        values = _cleaned(entity, data, db, actor)
        try:
            with db.begin_nested():
                entity.update(db, actor=actor, **{entity.id_arg: record_id}, **values)
        except ValidationFailed as exc:
            db.refresh(obj)
            return _invalid(request, db, actor, entity, exc, obj=obj, values=data)
        flash(request, f"已保存：{entity.title(obj)}")
        return RedirectResponse(f"{entity.base}/{record_id}", status_code=303)

    def switch(active: bool):
        def handler(record_id: Id, request: Request, db: DbSession, actor: CurrentUser):
            _require(actor, entity.write_perm)
            call = entity.activate if active else entity.deactivate
            try:
                with db.begin_nested():
                    obj = call(db, actor=actor, **{entity.id_arg: record_id})
            except ValidationFailed as exc:
                flash(request, exc.message)
                return RedirectResponse(f"{entity.base}/{record_id}", status_code=303)
            flash(request, f"已{'启用' if active else '停用'}：{entity.title(obj)}")
            return RedirectResponse(f"{entity.base}/{record_id}", status_code=303)

        return handler

    router.add_api_route(f"{entity.base[6:]}/new", new_page, methods=["GET"])
    router.add_api_route(entity.base[6:], create, methods=["POST"])
    router.add_api_route(f"{entity.base[6:]}/{{record_id:int}}", detail, methods=["GET"])
    router.add_api_route(f"{entity.base[6:]}/{{record_id:int}}", update, methods=["POST"])
    router.add_api_route(f"{entity.base[6:]}/{{record_id:int}}/deactivate", switch(False), methods=["POST"])
    router.add_api_route(f"{entity.base[6:]}/{{record_id:int}}/activate", switch(True), methods=["POST"])


def _account_status(staff) -> tuple[str, str]:
    if not staff.active:
        return "已停用", "off"
    if staff.username and staff.password_hash:
        return "已开通", "ok"
    return "未开通账号", ""


# --- list pages ------------------------------------------------------------------------------------------------------

def _params(request: Request, *names: str) -> dict:
    qp = request.query_params
    params = {"q": (qp.get("q") or "").strip(), "include_inactive": qp.get("include_inactive") == "1"}
    for name in names:
        params[name] = (qp.get(name) or "").strip()
    return params


def _page_no(request: Request) -> int:
    return _int_or_none(request.query_params.get("page")) or 1


@router.get("/org")
def org_page(request: Request, db: DbSession, actor: CurrentUser):
    """The center's details and its departments."""
    _require(actor, "org.read")
    params = _params(request)
    result = service.list_departments(db, actor=actor, q=params["q"], page=_page_no(request),
                                      include_inactive=params["include_inactive"])
    center = service.get_center(db, actor=actor)
    ctx = _list_context(request, result, params, "/admin/org")
    ctx.update(center=center, center_values=_plain(center, ("code", "name", "region_code")), center_errors={},
               center_error=None, can_write=actor.can("org.write"))
    return render(request, "org/org.html", ctx, actor=actor)


@router.post("/org/center")
def update_center(request: Request, db: DbSession, actor: CurrentUser, data: FormData):
    _require(actor, "org.write")
    values = {k: data.get(k, "") for k in ("code", "name", "region_code")}
    try:
        with db.begin_nested():
            service.update_center(db, actor=actor, **values)
    except ValidationFailed as exc:
        params = _params(request)
        result = service.list_departments(db, actor=actor, q=params["q"], page=1)
        center = service.get_center(db, actor=actor)
        db.refresh(center)
        ctx = _list_context(request, result, params, "/admin/org")
        ctx.update(center=center, center_values=values, center_errors={exc.field: exc.message},
                   center_error=exc.message, can_write=True)
        return render(request, "org/org.html", ctx, status_code=422, actor=actor)
    flash(request, "中心信息已保存")
    return RedirectResponse("/admin/org", status_code=303)


@router.get("/points")
def points_page(request: Request, db: DbSession, actor: CurrentUser):
    """Service points with a filter by type and the count of each type."""
    _require(actor, "org.read")
    params = _params(request, "point_type")
    result = service.list_service_points(db, actor=actor, q=params["q"], page=_page_no(request),
                                         include_inactive=params["include_inactive"],
                                         point_type=params["point_type"] or None)
    ctx = _list_context(request, result, params, "/admin/points")
    counts = service.count_service_points_by_type(db, actor=actor)
    parents = service.related(db, actor=actor, model=ServicePoint, ids=[p.parent_id for p in result.items])
    ctx.update(counts=counts, total_points=sum(counts.values()), parents=parents, can_write=actor.can("org.write"),
               point_types=[t.value for t in ServicePointType])
    return render(request, "org/points.html", ctx, actor=actor)


@router.get("/windows")
def windows_page(request: Request, db: DbSession, actor: CurrentUser):
    """Windows with their department and service point."""
    _require(actor, "org.read")
    params = _params(request, "department_id")
    result = service.list_windows(db, actor=actor, q=params["q"], page=_page_no(request),
                                  include_inactive=params["include_inactive"],
                                  department_id=_int_or_none(params["department_id"]))
    ctx = _list_context(request, result, params, "/admin/windows")
    ctx.update(
        departments=service.related(db, actor=actor, model=Department, ids=[w.department_id for w in result.items]),
        points=service.related(db, actor=actor, model=ServicePoint, ids=[w.service_point_id for w in result.items]),
        department_choices=service.department_choices(db, actor=actor), can_write=actor.can("org.write"),
    )
    return render(request, "org/windows.html", ctx, actor=actor)


@router.get("/staff")
def staff_page(request: Request, db: DbSession, actor: CurrentUser):
    """Staff with department, window, role and account status."""
    _require(actor, "staff.read")
    params = _params(request, "department_id", "role")
    result = staff_service.list_staff(db, actor=actor, q=params["q"], page=_page_no(request),
                                include_inactive=params["include_inactive"],
                                department_id=_int_or_none(params["department_id"]), role=params["role"] or None)
    ctx = _list_context(request, result, params, "/admin/staff")
    ctx.update(
        departments=service.related(db, actor=actor, model=Department, ids=[s.department_id for s in result.items]),
        windows=service.related(db, actor=actor, model=Window, ids=[s.window_id for s in result.items]),
        department_choices=service.department_choices(db, actor=actor),
        roles=[(r.value, ROLE_LABELS[r]) for r in Role], accounts={s.id: _account_status(s) for s in result.items},
        can_write=actor.can("staff.write"),
    )
    return render(request, "org/staff.html", ctx, actor=actor)


for _entity in ENTITIES.values():
    _register(_entity)
