"""Tables of questionnaires (满意度调查): the survey, its questions in order, and the anonymous responses with
one answer per question. A response keeps no address and no name: only a key derived from the browser's signed
random id, so that one browser answers once, and the one-time nonce of the form it came from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin
from xiaoneng.surveys.rules import SurveyStatus


class Survey(TimestampMixin, Base):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")  # 说明, shown above the questions
    status: Mapped[str] = mapped_column(String(16), default=SurveyStatus.DRAFT, index=True)
    closes_on: Mapped[dt.date | None]  # the last day answers are taken (the link's expiry)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    published_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]


class SurveyQuestion(Base):
    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("survey_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(300))
    options: Mapped[list] = mapped_column(JSON, default=list)  # the choices of a single or multiple choice
    required: Mapped[bool] = mapped_column(default=True)


class SurveyResponse(Base):
    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("survey_id", "browser_key"), UniqueConstraint("nonce"))

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    browser_key: Mapped[str] = mapped_column(String(64))  # SHA-256 of the survey and the browser's random id
    nonce: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[dt.datetime]


class SurveyAnswer(Base):
    __tablename__ = "survey_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    choices: Mapped[list | None] = mapped_column(JSON)  # option positions (0-based) of a choice question
    score: Mapped[int | None]  # 1-5 of a scale question
    text: Mapped[str] = mapped_column(Text, default="")
