"""API shapes of the organisation domain; the services validate content, these only fix the types."""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from xiaoneng.kit.bounds import Id, Number

T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int
    pages: int


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    center_id: int
    active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class CenterRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    region_code: str = Field(description="行政区划代码")
    active: bool


class CenterUpdate(BaseModel):
    code: str | None = None
    name: str | None = None
    region_code: str | None = None


class DepartmentCreate(BaseModel):
    code: str = Field(description="编码，本中心内唯一")
    name: str
    kind: str = Field("科室", description="科室、部门 或 段")


class DepartmentUpdate(BaseModel):
    code: str | None = None
    name: str | None = None
    kind: str | None = None


class DepartmentRead(_Read):
    code: str
    name: str
    kind: str


class ServicePointCreate(BaseModel):
    code: str
    name: str
    point_type: str = Field(description="区级大厅、街道综合便民服务中心、社区便民服务室、智能自助政务服务点、服务大厅、开标区、评标区")
    address: str = ""
    parent_id: Id | None = None


class ServicePointUpdate(BaseModel):
    code: str | None = None
    name: str | None = None
    point_type: str | None = None
    address: str | None = None
    parent_id: Id | None = None


class ServicePointRead(_Read):
    code: str
    name: str
    point_type: str
    address: str
    parent_id: int | None


class WindowCreate(BaseModel):
    code: str
    name: str
    department_id: Id
    service_point_id: Id | None = None


class WindowUpdate(BaseModel):
    code: str | None = None
    name: str | None = None
    department_id: Id | None = None
    service_point_id: Id | None = None


class WindowRead(_Read):
    code: str
    name: str
    department_id: int
    service_point_id: int | None


class StaffCreate(BaseModel):
    staff_no: str = Field(description="工号，本中心内唯一")
    full_name: str
    role: str = Field(description="window_staff、dept_head、supervisor、director 或 admin")
    department_id: Id | None = None
    window_id: Id | None = None
    title: str = ""
    rank: Number = Field(1, description="级别，越高越先担责（首问负责）")
    phone: str = ""
    username: str | None = Field(None, description="登录用户名；不填则不开通账号")
    password: str | None = Field(None, description="登录密码，至少 8 位且含字母和数字", json_schema_extra={"writeOnly": True})


class StaffUpdate(BaseModel):
    staff_no: str | None = None
    full_name: str | None = None
    role: str | None = None
    department_id: Id | None = None
    window_id: Id | None = None
    title: str | None = None
    rank: Number | None = None
    phone: str | None = None
    username: str | None = None
    password: str | None = Field(None, json_schema_extra={"writeOnly": True})


class StaffRead(_Read):
    staff_no: str
    full_name: str
    role: str
    department_id: int | None
    window_id: int | None
    title: str
    rank: int
    phone: str
    username: str | None
    has_account: bool
    last_login_at: dt.datetime | None


def staff_read(staff) -> StaffRead:
    """The password hash never leaves the server: only whether an account exists."""
    return StaffRead.model_validate(
        {**{f: getattr(staff, f) for f in StaffRead.model_fields if f != "has_account"},
         "has_account": bool(staff.username and staff.password_hash)}
    )
