"""Shared fixtures: an app on a fresh database per test (SQLite, and PostgreSQL when set)."""

import os
import re
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from assessment.web.db import db
from assessment.web.factory import create_app

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


def _postgres_database() -> Iterator[str]:
    """A throwaway database on the test PostgreSQL server, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("TEST_DATABASE_URL is not set: CI must run the PostgreSQL tests")
        pytest.skip("TEST_DATABASE_URL not set (make test starts a PostgreSQL server)")
    yield from _postgres_database()


# Every app make_app built, so that its connections are closed after each test (a pooled
# PostgreSQL connection collected while open is a ResourceWarning, an error under pytest here).
MADE: list[Flask] = []


def dispose_made_apps() -> None:
    while MADE:
        made = MADE.pop()
        with made.app_context():
            db.session.remove()
            db.engine.dispose()


def make_app(tmp_path, database_url: str, **extra) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test-secret-key-that-is-long-enough-1234567890",
            # Downloads wait for the render pool, so a test gets the PDF in one request;
            # the pool exits soon after the tests stop asking.
            "PDF_WAIT_SECONDS": 120,
            "PDF_POOL_IDLE_SECONDS": 5,
            **extra,
        }
    )
    with app.app_context():
        db.create_all()
    MADE.append(app)
    return app


@pytest.fixture
def app(tmp_path, database_url) -> Iterator[Flask]:
    app = make_app(tmp_path, database_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in page"
    return match.group(1)
