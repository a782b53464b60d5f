"""A catalogue edited without a version bump is refused; PDFs and ETags follow its content."""

import shutil

import pytest

from assessment.web.assessments.models import Assessment
from assessment.web.catalogue_guard import CatalogueChanged
from assessment.web.db import db
from tests.app_helpers import make_app
from tests.core_helpers import ROOT
from tests.web.helpers import create


def catalogue_copy(tmp_path, name: str, comment: str = ""):
    path = tmp_path / name
    shutil.copy(ROOT / "criteria.yaml", path)
    if comment:
        path.write_text(path.read_text().replace("criteria:", f"# {comment}\ncriteria:", 1))
    return path


def test_an_edit_without_a_version_bump_is_refused_at_start_up(tmp_path, database_url):
    original = catalogue_copy(tmp_path, "criteria.yaml")
    app = make_app(tmp_path, database_url, CRITERIA_PATH=str(original))
    make_app(tmp_path, database_url, CRITERIA_PATH=str(original))  # recorded on first start
    token = create(app.test_client())
    with app.app_context():
        row = db.session.scalar(db.select(Assessment).filter_by(edit_token=token))
        assert len(row.catalogue_hash) == 64
    edited = catalogue_copy(tmp_path, "edited.yaml", comment="silently edited")
    with pytest.raises(CatalogueChanged, match="new version number"):
        make_app(tmp_path, database_url, CRITERIA_PATH=str(edited))


def test_the_pdf_etag_covers_the_catalogue_content(tmp_path):
    cache = str(tmp_path / "shared-cache")
    etags = []
    for name, comment in (("a.yaml", ""), ("b.yaml", "edited")):
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        path = catalogue_copy(tmp_path, name, comment)
        app = make_app(
            folder, f"sqlite:///{folder / 't.db'}", CRITERIA_PATH=str(path), PDF_CACHE_DIR=cache
        )
        response = app.test_client().get("/blank.pdf")
        assert response.status_code == 200
        etags.append(response.headers["ETag"])
    assert etags[0] != etags[1]
