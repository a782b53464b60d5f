"""Training sessions, their anonymous participants and submissions, and join-attempt counters.

Nothing here records who a participant is: no IP address, user agent, name, affiliation or
timestamp sits beside answers. Participants are known only by a hash of a random cookie token.
"""

import hashlib
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column

from assessment.web.db import db, new_token, utcnow

JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector
# 31**8 ≈ 8.5e11 codes: at the per-client limit, guessing one live code takes far longer than a
# code lives (the arithmetic is in docs/training.md).
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def token_hash(token: str) -> str:
    """The database keeps only a hash of a participant's cookie token, never the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TrainingSession(db.Model):  # type: ignore[name-defined]
    __tablename__ = "training_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facilitator_token: Mapped[str] = mapped_column(
        String(64), unique=True, index=True, default=new_token
    )
    # Read-only link for the projector: shows the room's answers, never controls anything.
    presenter_token: Mapped[str] = mapped_column(
        String(64), unique=True, index=True, default=new_token
    )
    join_code: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    scenario_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    catalogue_id: Mapped[str] = mapped_column(String(64))
    catalogue_version: Mapped[str] = mapped_column(String(32))
    activity: Mapped[dict[str, Any]] = mapped_column(JSON)
    # question id -> {"option": ..., "rationale": ...}: the facilitator's reference answers
    reference: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fact_sheet: Mapped[list[str]] = mapped_column(JSON, default=list)
    prompts: Mapped[list[str]] = mapped_column(JSON, default=list)
    debrief_notes: Mapped[str] = mapped_column(Text, default="")
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Which reference answers the presenter view shows: the facilitator decides, per question
    # (ids in ``revealed``) or all at once; kept here so every projector follows.
    reveal_all: Mapped[bool] = mapped_column(Boolean, default=False)
    revealed: Mapped[list[str]] = mapped_column(JSON, default=list)
    # One seat per device: a device that joins again gets its own seat back, not a second vote.
    one_per_device: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    # The facilitator's session, not a participant's: these times identify no one.
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    join_expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Participant(db.Model):  # type: ignore[name-defined]
    """One anonymous seat in the room, and its working draft (not yet counted)."""

    __tablename__ = "training_participant"
    __table_args__ = (UniqueConstraint("session_id", "token_hash", name="uq_participant_token"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64))
    # HMAC of the device mark keyed by the secret and this session: links no two sessions.
    device_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    draft: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Submission(db.Model):  # type: ignore[name-defined]
    """A participant's counted answers: at most one per participant, replaced when they change.

    ``idempotency_key`` is the key of the last request applied, so a retried or double-clicked
    submit is recognised and does nothing; ``used_keys`` remembers a few earlier ones so that a
    late retry of an older submit cannot overwrite a newer one.
    """

    __tablename__ = "training_submission"
    __table_args__ = (
        UniqueConstraint("session_id", "participant_id", name="uq_submission_participant"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("training_participant.id", ondelete="CASCADE")
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    used_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    revision: Mapped[int] = mapped_column(Integer, default=1)


class JoinAttempt(db.Model):  # type: ignore[name-defined]
    """Failed join attempts per client per time window, to slow down code guessing.

    The client is a salted hash (the salt changes with the window), kept in its own table,
    never linked to participants, and purged after a few windows.
    """

    __tablename__ = "training_join_attempt"
    __table_args__ = (UniqueConstraint("client_hash", "period", name="uq_join_attempt_window"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_hash: Mapped[str] = mapped_column(String(64))
    period: Mapped[int] = mapped_column(Integer, index=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
