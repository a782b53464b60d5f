"""Health and database failures tell the truth: a read-only database is not "ok"."""

from tests.app_helpers import csrf_from, make_app
from tests.web.helpers import ACTIVITY


def read_only_app(tmp_path):
    """The app on a database file opened read-only, as after a bad mount or permissions."""
    path = tmp_path / "ro.db"
    make_app(tmp_path, f"sqlite:///{path}")  # creates the tables
    return make_app(tmp_path, f"sqlite:///file:{path}?mode=ro&uri=true")


def test_health_is_ok_on_a_writable_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["database"] == "ok"


def test_health_reports_a_read_only_database(tmp_path):
    response = read_only_app(tmp_path).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "not writable: the database is read-only"


def test_a_failed_write_says_what_failed_and_shows_back_what_was_typed(tmp_path):
    client = read_only_app(tmp_path).test_client()
    page = client.get("/new")
    typed = "A description typed at length <b>by hand</b>"
    data = {**ACTIVITY, "description": typed, "csrf_token": csrf_from(page.text)}
    response = client.post("/new", data=data)
    assert response.status_code == 503
    assert "the database is read-only" in response.text
    assert "administrator" in response.text and "Busy" not in response.text
    assert "A description typed at length &lt;b&gt;by hand&lt;/b&gt;" in response.text
    assert ACTIVITY["actor"] in response.text
    assert csrf_from(page.text) not in response.text
