"""The app fixtures: a fresh database per test, on SQLite and (when set) PostgreSQL."""

import pytest

from tests.app_helpers import app, client, database_url, dispose_made_apps, runner

__all__ = ["app", "client", "database_url", "runner"]


@pytest.fixture(autouse=True)
def _close_apps_made_by_the_test():
    yield
    dispose_made_apps()
