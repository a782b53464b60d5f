"""Stored assessments: catalogue version, activity and answers; results are always recomputed."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assessment.inputs import Activity, Answer
from assessment.web.db import db, new_token, utcnow


class Assessment(db.Model):  # type: ignore[name-defined]
    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edit_token: Mapped[str] = mapped_column(String(64), unique=True, index=True, default=new_token)
    share_token: Mapped[str] = mapped_column(String(64), unique=True, index=True, default=new_token)
    title: Mapped[str] = mapped_column(String(200))
    catalogue_id: Mapped[str] = mapped_column(String(64))
    catalogue_version: Mapped[str] = mapped_column(String(32))
    # SHA-256 of the catalogue file it was last answered on ("" for rows older than the column).
    catalogue_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    activity: Mapped[dict[str, Any]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prepared_by: Mapped[str] = mapped_column(Text, default="")
    marking: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def activity_model(self) -> Activity:
        return Activity.model_validate(self.activity)

    def answer_models(self) -> dict[str, Answer]:
        return {qid: Answer.model_validate(a) for qid, a in (self.answers or {}).items()}
