"""Start-up: secrets, configuration layers, and a broken catalogue stopping the server."""

import pytest

from assessment.errors import CatalogueError
from assessment.scenarios import ScenarioLibraryError
from assessment.web.factory import create_app
from tests.app_helpers import make_app
from tests.core.test_scenarios import GOOD


def config(tmp_path, **extra) -> dict:
    return {"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://", **extra}


def test_embedded_default_generates_and_keeps_a_secret(tmp_path):
    first = create_app(config(tmp_path)).config["SECRET_KEY"]
    again = create_app(config(tmp_path)).config["SECRET_KEY"]
    assert len(first) >= 32
    assert first == again
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("secret", ["", "change-me", "short"])
def test_production_refuses_a_placeholder_secret(tmp_path, secret):
    with pytest.raises(RuntimeError, match="Refusing to start"):
        create_app(config(tmp_path, ENV_NAME="production", SECRET_KEY=secret))


def test_production_starts_with_a_real_secret(tmp_path):
    app = create_app(
        config(tmp_path, ENV_NAME="production", SECRET_KEY="x" * 40, SERVER_NAME="a.example")
    )
    assert app.config["SECRET_KEY"] == "x" * 40


def test_instance_config_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("PDF_TIME_LIMIT = 7\nMAX_CONTENT_LENGTH = 1000\n")
    monkeypatch.setenv("DUE_REGARD_PDF_TIME_LIMIT", "9")
    app = create_app(config(tmp_path))
    assert app.config["MAX_CONTENT_LENGTH"] == 1000
    assert app.config["PDF_TIME_LIMIT"] == 9


def test_postgres_urls_use_psycopg3(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:1/db")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@127.0.0.1:1/db"


def test_a_broken_catalogue_stops_a_server_start(tmp_path):
    broken = tmp_path / "criteria.yaml"
    broken.write_text("schema: 1\ncatalogue: {}\n")
    with pytest.raises(CatalogueError, match=r"criteria\.yaml"):
        create_app(config(tmp_path, CRITERIA_PATH=str(broken)))


def test_a_broken_file_stops_the_app_at_start_up(tmp_path):
    broken = tmp_path / "scenarios"
    broken.mkdir()
    (broken / "launch_notified.yaml").write_text(
        GOOD.replace("{option: thirty_days_or_more,", "{option: soon,")
    )
    with pytest.raises(ScenarioLibraryError) as caught:
        make_app(tmp_path, f"sqlite:///{tmp_path / 'x.db'}", SCENARIOS_PATH=str(broken))
    assert "launch_notified.yaml:" in str(caught.value) and "'soon'" in str(caught.value)
