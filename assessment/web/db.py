"""The database handle, and SQLite settings that make concurrent writers safe."""

import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, has_request_context
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
TOKEN_BYTES = 24  # 192 random bits per capability link


def new_token() -> str:
    """A capability token (edit, share, facilitator link)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


TOKEN_MAX = 64  # longer than any token we issue: refused before any query


def plausible_token(token: str) -> bool:
    """A capability token we could have issued: non-empty and not absurdly long."""
    return bool(token) and len(token) <= TOKEN_MAX


def describe_database_error(exc: BaseException) -> str:
    """A short, address-free reason a database operation failed, for pages, logs and health."""
    text = str(getattr(exc, "orig", exc)).lower()
    for needle, reason in (
        ("readonly", "the database is read-only"),
        ("read-only", "the database is read-only"),
        ("disk is full", "the disk holding the database is full"),
        ("no space", "the disk holding the database is full"),
        ("unable to open", "the database file cannot be opened"),
        ("locked", "the database is busy (locked by another writer)"),
        ("timeout", "the database is busy (locked by another writer)"),
        ("connection", "the database server cannot be reached"),
    ):
        if needle in text:
            return reason
    return "the database refused the operation"


def utcnow() -> datetime:
    return datetime.now(UTC)


migrate = Migrate()


def _sqlite_connect_listener(busy_ms: int) -> Callable[[sqlite3.Connection, Any], None]:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # The driver's own transaction handling would issue a deferred BEGIN; we issue our own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


_WRITING: ContextVar[bool] = ContextVar("writing", default=False)


@contextmanager
def writing() -> Iterator[None]:
    """One short write transaction: the block's statements, committed at its end.

    Whatever the request read before is ended first, so the write lock (SQLite's BEGIN
    IMMEDIATE, PostgreSQL's row locks) is held only for these statements, never while a
    form is built or a page rendered. Rows loaded before are expired by that commit, so the
    block reads them afresh under the lock: read-modify-write stays safe.
    """
    session = db.session
    session.commit()  # ends the read transaction (nothing is pending: writes happen here)
    marker = _WRITING.set(True)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _WRITING.reset(marker)


def _on_sqlite_begin(connection: Any) -> None:
    # A write that starts with a deferred BEGIN upgrades its lock late and can fail with
    # "database is locked"; so writes (``writing()``, and anything run outside a request,
    # such as the CLI) take the write lock up front and queue. A request's reads take none.
    immediate = _WRITING.get() or not has_request_context()
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def init_db(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path) / "migrations"))
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            busy_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
            event.listen(engine, "connect", _sqlite_connect_listener(busy_ms))
            event.listen(engine, "begin", _on_sqlite_begin)
