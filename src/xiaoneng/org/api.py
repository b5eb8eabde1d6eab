"""JSON API of the organisation domain: departments, service points, windows, staff and the actor's center."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from xiaoneng.kit.bounds import Id, PageNo, PerPage
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service
from xiaoneng.org import staff as staff_service
from xiaoneng.org.schemas import (
    CenterRead, CenterUpdate, DepartmentCreate, DepartmentRead, DepartmentUpdate, PageOut, ServicePointCreate,
    ServicePointRead, ServicePointUpdate, StaffCreate, StaffRead, StaffUpdate, WindowCreate, WindowRead, WindowUpdate,
    staff_read,
)
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission

api = APIRouter(tags=["org"], dependencies=[Depends(require_csrf)])

OrgReader = Annotated[Actor, require_permission("org.read")]
OrgWriter = Annotated[Actor, require_permission("org.write")]
StaffReader = Annotated[Actor, require_permission("staff.read")]
StaffWriter = Annotated[Actor, require_permission("staff.write")]
Q = Annotated[str | None, Query(description="按编码、名称搜索")]


def _page(result, convert) -> dict:
    return {"items": [convert(x) for x in result.items], "total": result.total, "page": result.page,
            "per_page": result.per_page, "pages": result.pages}


# --- center --------------------------------------------------------------------------------------------------------

@api.get("/center", response_model=CenterRead)
def read_center(db: DbSession, actor: OrgReader):
    """The signed-in user's center."""
    return service.get_center(db, actor=actor)


@api.patch("/center", response_model=CenterRead)
def patch_center(body: CenterUpdate, db: DbSession, actor: OrgWriter):
    """Change the center's name, code or 行政区划代码."""
    return service.update_center(db, actor=actor, **body.model_dump(exclude_unset=True))


# --- departments ---------------------------------------------------------------------------------------------------

@api.get("/departments", response_model=PageOut[DepartmentRead])
def departments(db: DbSession, actor: OrgReader, q: Q = None, page: PageNo = 1, per_page: PerPage = 20,
                include_inactive: bool = False):
    """Departments in scope (a department head sees only their own)."""
    result = service.list_departments(db, actor=actor, q=q, page=page, per_page=per_page,
                                      include_inactive=include_inactive)
    return _page(result, DepartmentRead.model_validate)


@api.get("/departments/{department_id}", response_model=DepartmentRead)
def department(department_id: Id, db: DbSession, actor: OrgReader):
    return service.get_department(db, actor=actor, department_id=department_id)


@api.post("/departments", response_model=DepartmentRead, status_code=201)
def create_department(body: DepartmentCreate, db: DbSession, actor: OrgWriter):
    return service.create_department(db, actor=actor, **body.model_dump())


@api.patch("/departments/{department_id}", response_model=DepartmentRead)
def update_department(department_id: Id, body: DepartmentUpdate, db: DbSession, actor: OrgWriter):
    return service.update_department(db, actor=actor, department_id=department_id,
                                     **body.model_dump(exclude_unset=True))


@api.post("/departments/{department_id}/deactivate", response_model=DepartmentRead)
def deactivate_department(department_id: Id, db: DbSession, actor: OrgWriter):
    return service.deactivate_department(db, actor=actor, department_id=department_id)


@api.post("/departments/{department_id}/activate", response_model=DepartmentRead)
def activate_department(department_id: Id, db: DbSession, actor: OrgWriter):
    return service.activate_department(db, actor=actor, department_id=department_id)


# --- service points ------------------------------------------------------------------------------------------------

@api.get("/points", response_model=PageOut[ServicePointRead])
def points(db: DbSession, actor: OrgReader, q: Q = None, page: PageNo = 1, per_page: PerPage = 20,
           include_inactive: bool = False, point_type: str | None = None):
    """Service points of the center, optionally of one type."""
    result = service.list_service_points(db, actor=actor, q=q, page=page, per_page=per_page,
                                         include_inactive=include_inactive, point_type=point_type)
    return _page(result, ServicePointRead.model_validate)


@api.get("/points/{point_id}", response_model=ServicePointRead)
def point(point_id: Id, db: DbSession, actor: OrgReader):
    return service.get_service_point(db, actor=actor, service_point_id=point_id)


@api.post("/points", response_model=ServicePointRead, status_code=201)
def create_point(body: ServicePointCreate, db: DbSession, actor: OrgWriter):
    return service.create_service_point(db, actor=actor, **body.model_dump())


@api.patch("/points/{point_id}", response_model=ServicePointRead)
def update_point(point_id: Id, body: ServicePointUpdate, db: DbSession, actor: OrgWriter):
    return service.update_service_point(db, actor=actor, service_point_id=point_id,
                                        **body.model_dump(exclude_unset=True))


@api.post("/points/{point_id}/deactivate", response_model=ServicePointRead)
def deactivate_point(point_id: Id, db: DbSession, actor: OrgWriter):
    return service.deactivate_service_point(db, actor=actor, service_point_id=point_id)


@api.post("/points/{point_id}/activate", response_model=ServicePointRead)
def activate_point(point_id: Id, db: DbSession, actor: OrgWriter):
    return service.activate_service_point(db, actor=actor, service_point_id=point_id)


# --- windows -------------------------------------------------------------------------------------------------------

@api.get("/windows", response_model=PageOut[WindowRead])
def windows(db: DbSession, actor: OrgReader, q: Q = None, page: PageNo = 1, per_page: PerPage = 20,
            include_inactive: bool = False, department_id: Id | None = None):
    """Windows in scope (window staff and department heads see their department's)."""
    result = service.list_windows(db, actor=actor, q=q, page=page, per_page=per_page,
                                  include_inactive=include_inactive, department_id=department_id)
    return _page(result, WindowRead.model_validate)


@api.get("/windows/{window_id}", response_model=WindowRead)
def window(window_id: Id, db: DbSession, actor: OrgReader):
    return service.get_window(db, actor=actor, window_id=window_id)


@api.post("/windows", response_model=WindowRead, status_code=201)
def create_window(body: WindowCreate, db: DbSession, actor: OrgWriter):
    return service.create_window(db, actor=actor, **body.model_dump())


@api.patch("/windows/{window_id}", response_model=WindowRead)
def update_window(window_id: Id, body: WindowUpdate, db: DbSession, actor: OrgWriter):
    return service.update_window(db, actor=actor, window_id=window_id, **body.model_dump(exclude_unset=True))


@api.post("/windows/{window_id}/deactivate", response_model=WindowRead)
def deactivate_window(window_id: Id, db: DbSession, actor: OrgWriter):
    return service.deactivate_window(db, actor=actor, window_id=window_id)


@api.post("/windows/{window_id}/activate", response_model=WindowRead)
def activate_window(window_id: Id, db: DbSession, actor: OrgWriter):
    return service.activate_window(db, actor=actor, window_id=window_id)


# --- staff ---------------------------------------------------------------------------------------------------------

@api.get("/staff", response_model=PageOut[StaffRead])
def staff_list(db: DbSession, actor: StaffReader, q: Q = None, page: PageNo = 1, per_page: PerPage = 20,
               include_inactive: bool = False, department_id: Id | None = None, role: str | None = None):
    """Staff in scope; password hashes are never returned."""
    result = staff_service.list_staff(db, actor=actor, q=q, page=page, per_page=per_page,
                                include_inactive=include_inactive, department_id=department_id, role=role)
    return _page(result, staff_read)


@api.get("/staff/{staff_id}", response_model=StaffRead)
def staff_one(staff_id: Id, db: DbSession, actor: StaffReader):
    return staff_read(staff_service.get_staff(db, actor=actor, staff_id=staff_id))


@api.post("/staff", response_model=StaffRead, status_code=201)
def create_staff(body: StaffCreate, db: DbSession, actor: StaffWriter):
    return staff_read(staff_service.create_staff(db, actor=actor, **body.model_dump()))


@api.patch("/staff/{staff_id}", response_model=StaffRead)
def update_staff(staff_id: Id, body: StaffUpdate, db: DbSession, actor: StaffWriter):
    changes = body.model_dump(exclude_unset=True)
    return staff_read(staff_service.update_staff(db, actor=actor, staff_id=staff_id, **changes))


@api.post("/staff/{staff_id}/deactivate", response_model=StaffRead)
def deactivate_staff(staff_id: Id, db: DbSession, actor: StaffWriter):
    return staff_read(staff_service.deactivate_staff(db, actor=actor, staff_id=staff_id))


@api.post("/staff/{staff_id}/activate", response_model=StaffRead)
def activate_staff(staff_id: Id, db: DbSession, actor: StaffWriter):
    return staff_read(staff_service.activate_staff(db, actor=actor, staff_id=staff_id))
