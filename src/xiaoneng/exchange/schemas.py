"""API shapes of the exchange: received rating invitations and push results."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from xiaoneng.kit.bounds import Day, Moment


class InvitationCreate(BaseModel):
    external_ref: str = Field(description="外部系统办件编号（在本中心内唯一，不超过40个字符）")
    item_code: str = Field(description="事项编码")
    applicant_name: str = Field(description="申请人")
    applicant_type: str = Field("person", description="person/organisation，或国家代码 1 自然人 / 2 法人")
    applicant_phone: str = Field("", description="申请人手机号，用于发送评价邀请")
    applicant_account: str = Field("", description="申请人在网上办事平台的账号")
    window_code: str = Field("", description="办理窗口编码")
    staff_no: str = Field("", description="经办人员工号")
    step_name: str = Field("办结", description="被评价的环节名称")
    received_at: Moment = Field(description="收件时间（带时区）")
    completed_at: Moment = Field(description="办结时间（带时区）")


class InvitationRead(BaseModel):
    case_id: int
    case_number: str
    step_id: int
    rating_due_on: dt.date = Field(description="评价截止日（办结后第5个工作日）")
    rating_open: bool
    rating_url: str | None = Field(description="评价页面地址（带签名令牌，评价截止日当天结束前有效）；评价期已过为空")


class PushCreate(BaseModel):
    kind: str = Field("ratings", description="ratings 或 cases")
    start: Day
    end: Day


class PushRead(BaseModel):
    reference: str
    count: int
    sender: str
