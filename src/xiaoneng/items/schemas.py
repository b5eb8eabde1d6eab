"""API shapes of service items; the service validates content, these only fix the types."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from xiaoneng.kit.bounds import Day, Flag, Id, Number


class MaterialIn(BaseModel):
    name: str
    sample_text: str = ""
    copies: str = "原件1份"
    required: Flag = True


class MaterialRead(MaterialIn):
    model_config = ConfigDict(from_attributes=True)

    id: int
    seq: int


class ItemCreate(BaseModel):
    code: str = Field(description="事项编码")
    name: str = Field(description="事项名称")
    department_id: Id
    legal_basis: str = Field("", description="设定依据")
    statutory_limit_days: Number = Field(0, description="法定时限（工作日）")
    promised_limit_days: Number | None = Field(None, description="承诺时限（工作日），0 为即办件，不填为未设定（按法定时限）")
    procedure: str = ""
    fees: str = "不收费"
    online: Flag = False
    guide_reviewed_on: Day | None = None
    materials: list[MaterialIn] = []


class ItemUpdate(BaseModel):
    code: str | None = None
    name: str | None = None
    department_id: Id | None = None
    legal_basis: str | None = None
    statutory_limit_days: Number | None = None
    promised_limit_days: Number | None = None
    procedure: str | None = None
    fees: str | None = None
    online: Flag | None = None
    guide_reviewed_on: Day | None = None
    materials: list[MaterialIn] | None = Field(None, description="给出时整体替换申报材料")


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    center_id: int
    department_id: int
    code: str
    name: str
    legal_basis: str
    statutory_limit_days: int
    promised_limit_days: int | None  # None: not set, cases take the statutory limit
    procedure: str
    fees: str
    online: bool
    guide_reviewed_on: dt.date | None
    version: int
    active: bool
    immediate: bool = Field(description="即办件（承诺时限为 0）")


class ItemDetail(ItemRead):
    materials: list[MaterialRead]


class ItemPage(BaseModel):
    items: list[ItemRead]
    total: int
    page: int
    per_page: int
    pages: int


class GuideReview(BaseModel):
    on: Day | None = Field(None, description="审核日期，默认今天")


def item_read(item) -> ItemRead:
    return ItemRead.model_validate({**{k: getattr(item, k) for k in ItemRead.model_fields if k != "immediate"},
                                    "immediate": item.promised_limit_days == 0})


def item_detail(item, materials) -> ItemDetail:
    return ItemDetail(**item_read(item).model_dump(), materials=[MaterialRead.model_validate(m) for m in materials])
