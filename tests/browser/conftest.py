"""The app fixtures: a fresh database per test, on SQLite and (when set) PostgreSQL."""

from tests.app_helpers import app, client, database_url, runner

__all__ = ["app", "client", "database_url", "runner"]
