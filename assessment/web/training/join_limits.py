"""Failed join attempts, counted in the database per salted client hash and time window."""

import hashlib
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from assessment.web.db import db, writing
from assessment.web.training.models import JoinAttempt

WINDOW_SECONDS = 600


class TooManyAttempts(Exception):
    """This client has tried too many wrong codes in the current window."""


def _window() -> int:
    return int(datetime.now(UTC).timestamp()) // WINDOW_SECONDS


def _client_hash(client: str, window: int) -> str:
    """A salted hash that changes every window: it cannot be matched to an address later."""
    salt = f"{current_app.config['SECRET_KEY']}|join|{window}"
    return hashlib.sha256(f"{salt}|{client}".encode()).hexdigest()


def check_join_allowed(client: str) -> None:
    window = _window()
    failures = db.session.scalar(
        select(JoinAttempt.failures).where(
            JoinAttempt.client_hash == _client_hash(client, window), JoinAttempt.period == window
        )
    )
    db.session.rollback()
    if (failures or 0) >= current_app.config["TRAINING_JOIN_FAILURES"]:
        raise TooManyAttempts


def record_join_failure(client: str) -> None:
    """Count a failed join, and purge counters from earlier windows."""
    window = _window()
    digest = _client_hash(client, window)
    try:
        with writing():
            db.session.execute(delete(JoinAttempt).where(JoinAttempt.period < window - 1))
            bumped = db.session.execute(
                update(JoinAttempt)
                .where(JoinAttempt.client_hash == digest, JoinAttempt.period == window)
                .values(failures=JoinAttempt.failures + 1)
            )
            if bumped.rowcount == 0:  # type: ignore[attr-defined]
                db.session.add(JoinAttempt(client_hash=digest, period=window, failures=1))
    except IntegrityError:  # another worker inserted the same counter first
        pass
