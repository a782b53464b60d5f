"""The database handle, and SQLite settings that make concurrent writers safe."""

import sqlite3
from collections.abc import Callable
from typing import Any

from flask import Flask, has_request_context, request
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from assessment.web.config import ROOT


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=str(ROOT / "migrations"))


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


def _on_sqlite_begin(connection: Any) -> None:
    # A write that starts with a deferred BEGIN upgrades its lock late and can fail with
    # "database is locked"; taking the write lock up front makes writers queue instead.
    reading = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def init_db(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            busy_ms = int(app.config.get("SQLITE_BUSY_TIMEOUT_MS", 10_000))
            event.listen(engine, "connect", _sqlite_connect_listener(busy_ms))
            event.listen(engine, "begin", _on_sqlite_begin)
