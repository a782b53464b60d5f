"""Rate-limit counters in the app's own database, shared by every worker and machine.

Flask-Limiter's ``limits`` library has no SQL storage, and per-worker memory lets each gunicorn
worker grant the whole limit again. This storage keeps fixed-window counters in one table, with
its own connections (never the request's session, so a counter update can never wait on the
request's own transaction). ``RATELIMIT_STORAGE_URI = "database://"`` selects it (the
default); ``redis://…`` selects Redis instead.
"""

import time
from typing import Any

from flask import Flask, current_app
from limits.storage import Storage
from sqlalchemy import Float, Integer, String, create_engine, delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.pool import NullPool

from assessment.web.db import db

SCHEME = "database"
ENGINE_KEY = "due_regard.rate_limit_engine"
ATTEMPTS = 3  # an insert race between workers is retried as an update


class RateCounter(db.Model):  # type: ignore[name-defined]
    """One fixed-window counter; the key is Flask-Limiter's (limit, route, salted client hash)."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


def counter_engine(app: Flask) -> Engine | None:
    """SQLite: an engine of its own (same file, same busy timeout), without the app's
    BEGIN IMMEDIATE on posts, so reading a counter after a view never queues behind the view's
    own unfinished write. Other databases: None, meaning the app's engine (its own connection
    from the pool, never the request's session)."""
    url = str(app.config["SQLALCHEMY_DATABASE_URI"])
    if not url.startswith("sqlite"):
        return None
    timeout = int(app.config["SQLITE_BUSY_TIMEOUT_MS"]) / 1000
    return create_engine(url, connect_args={"timeout": timeout}, poolclass=NullPool)


class DatabaseStorage(Storage):
    """A ``limits`` storage (fixed window) on SQLAlchemy, using the current app's counter engine.

    Flask-Limiter keeps one storage per Limiter, and the Limiter is module-wide; resolving the
    engine per call keeps each app (and each test app) on its own database.
    """

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def engine(self) -> Engine:
        own: Engine | None = current_app.extensions.get(ENGINE_KEY)
        return own if own is not None else db.engine

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        table = RateCounter.__table__
        for attempt in range(ATTEMPTS):
            now = time.time()
            try:
                with self.engine.begin() as conn:
                    live = table.c.key == key
                    bumped = conn.execute(
                        update(table)
                        .where(live, table.c.expires_at > now)
                        .values(count=table.c.count + amount)
                    ).rowcount
                    if not bumped:  # absent or expired: start a new window
                        restarted = conn.execute(
                            update(table).where(live).values(count=amount, expires_at=now + expiry)
                        ).rowcount
                        if not restarted:
                            # New keys are rare (one per client per window): purge old ones here.
                            conn.execute(delete(table).where(table.c.expires_at < now - 3600))
                            conn.execute(
                                insert(table).values(key=key, count=amount, expires_at=now + expiry)
                            )
                    return int(conn.execute(select(table.c.count).where(live)).scalar_one())
            except IntegrityError:  # another worker inserted the same key first
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _row(self, key: str) -> tuple[int, float] | None:
        table = RateCounter.__table__
        with self.engine.connect() as conn:
            found = conn.execute(
                select(table.c.count, table.c.expires_at).where(
                    table.c.key == key, table.c.expires_at > time.time()
                )
            ).first()
        return (int(found[0]), float(found[1])) if found else None

    def get(self, key: str) -> int:
        found = self._row(key)
        return found[0] if found else 0

    def get_expiry(self, key: str) -> float:
        found = self._row(key)
        return found[1] if found else time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as conn:
            return int(conn.execute(delete(RateCounter.__table__)).rowcount)

    def clear(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(RateCounter.__table__).where(RateCounter.__table__.c.key == key))
