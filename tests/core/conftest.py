"""The core's tests run with no framework loaded: a run of tests/core alone proves it."""

import sys

import pytest

FRAMEWORKS = ("flask", "werkzeug", "sqlalchemy", "weasyprint", "wtforms", "jinja2")


def pytest_collection_finish(session: pytest.Session) -> None:
    only_core = all("tests/core/" in item.nodeid for item in session.items)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in FRAMEWORKS)
    if only_core and session.items and loaded:
        raise pytest.UsageError(f"the core's tests loaded a framework: {', '.join(loaded[:5])}")
