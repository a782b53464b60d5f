"""The app fixtures: a fresh database per test, on SQLite and (when set) PostgreSQL; and, for
the PDF tests, one app, the catalogue and an example assessment per module."""

from datetime import date
from pathlib import Path

import pytest

from assessment.exchange import ExchangeDocument, read_document
from assessment.web.db import db
from assessment.web.factory import create_app
from assessment.web.library import get_catalogue
from assessment.web.pdf import documents
from tests.app_helpers import app, client, database_url, runner

__all__ = ["app", "client", "database_url", "runner"]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "destructive_test.json"
DATED = date(2026, 3, 14)


@pytest.fixture(scope="module")
def pdf_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pdf")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'test.db'}",
            "INSTANCE_PATH": str(tmp / "instance"),
            "SECRET_KEY": "test-secret-key-that-is-long-enough-1234567890",
            "PDF_TIME_LIMIT": 60,
        }
    )
    with app.app_context():
        db.create_all()
        yield app


@pytest.fixture(scope="module")
def catalogue(pdf_app):
    return get_catalogue()


@pytest.fixture(scope="module")
def doc(catalogue) -> ExchangeDocument:
    return read_document(catalogue, EXAMPLE.read_bytes(), str(EXAMPLE))


@pytest.fixture(scope="module")
def cover() -> documents.CoverDetails:
    return documents.CoverDetails(DATED, prepared_by="Delegation of Tervala", marking="Restricted")
