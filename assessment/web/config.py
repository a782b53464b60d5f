"""Configuration: defaults here, then ``instance/config.py``, then environment, then tests."""

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER_SECRETS = {"", "change-me", "dev", "secret", "changeme"}


class Defaults:
    CRITERIA_PATH = str(ROOT / "criteria.yaml")
    SCENARIOS_PATH = str(ROOT / "scenarios")
    # Catalogue translations: <version>/<lang>.yaml here; the scenarios' are <lang>.yaml in
    # SCENARIO_TRANSLATIONS_PATH (default: the ``translations`` folder of SCENARIOS_PATH).
    CATALOGUE_TRANSLATIONS_PATH = str(ROOT / "catalogues" / "translations")
    # The folder that assessment/versions.py's KNOWN_VERSIONS and MAPPINGS are relative to
    # (a setting, so that library.py needs no import of this module: it stays at the graph's foot).
    CATALOGUE_LIBRARY_ROOT = str(ROOT)
    SCENARIO_TRANSLATIONS_PATH = ""
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # the largest import or form post accepted
    WTF_CSRF_TIME_LIMIT = 8 * 3600  # a long questionnaire session should not expire mid-way
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    PDF_TIME_LIMIT = 30  # seconds one report may take before it is abandoned
    PDF_CACHE_DIR = ""  # default: instance/pdf-cache
    PDF_QUEUE_LIMIT = 32  # renders waiting or running; more are refused with 503 + Retry-After
    PDF_WAIT_SECONDS = 0.0  # how long a download request waits for its render (0: answer at once)
    PDF_RENDERERS = 1  # render processes in this machine's pool (without REDIS_URL)
    PDF_POOL_IDLE_SECONDS = 600  # an idle pool exits after this, freeing WeasyPrint's memory
    PDF_CACHE_TTL = 7 * 24 * 3600  # seconds a PDF is kept in Redis (with REDIS_URL)
    REDIS_URL = ""  # redis://host:6379/0: render jobs, PDF cache and rate limits in Redis
    ENV_NAME = "development"
    SQLITE_BUSY_TIMEOUT_MS = 10_000  # how long a writer waits for SQLite's lock before a 503
    RATELIMIT_STORAGE_URI = "database://"  # the app's database, shared by workers; or redis://…
    RATELIMIT_HEADERS_ENABLED = True
    EXPENSIVE_RATE_LIMIT = "30 per minute"  # PDF, import and API scoring, per client
    CODE_RATE_LIMIT = "60 per minute"  # every request that tests a join code, per client
    TRAINING_JOIN_HOURS = 24  # how long a join code stays valid
    TRAINING_JOIN_FAILURES = 30  # wrong codes per client per 10 minutes before a pause
    TRAINING_MIN_GROUP = 3  # no aggregate is shown for fewer submissions
    PROXY_COUNT = 0  # reverse proxies in front (nginx: 1) whose X-Forwarded-For/-Proto count
    SERVER_NAME: str | None = None  # public host for absolute links; required in production
    PREFERRED_URL_SCHEME = "http"  # scheme of absolute links with SERVER_NAME (servers: https)
    TRUSTED_HOSTS: list[str] | None = None  # Host headers accepted (others: 400); None = any
    SESSION_COOKIE_SECURE = False  # also Secure whenever the request came over HTTPS
    HSTS_SECONDS = 31_536_000  # Strict-Transport-Security max-age in production over HTTPS


# Every key settable from the environment, as DUE_REGARD_<KEY>; the type converts the text.
ENV_KEYS: dict[str, Callable[[str], object]] = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "CRITERIA_PATH": str,
    "SCENARIOS_PATH": str,
    "CATALOGUE_TRANSLATIONS_PATH": str,
    "SCENARIO_TRANSLATIONS_PATH": str,
    "ENV_NAME": str,
    "PDF_CACHE_DIR": str,
    "MAX_CONTENT_LENGTH": int,
    "PDF_TIME_LIMIT": int,
    "PDF_QUEUE_LIMIT": int,
    "PDF_WAIT_SECONDS": float,
    "PDF_RENDERERS": int,
    "PDF_POOL_IDLE_SECONDS": int,
    "PDF_CACHE_TTL": int,
    "REDIS_URL": str,
    "SQLITE_BUSY_TIMEOUT_MS": int,
    "RATELIMIT_STORAGE_URI": str,
    "EXPENSIVE_RATE_LIMIT": str,
    "CODE_RATE_LIMIT": str,
    "TRAINING_JOIN_HOURS": int,
    "TRAINING_JOIN_FAILURES": int,
    "TRAINING_MIN_GROUP": int,
    "PROXY_COUNT": int,
    "SERVER_NAME": str,
    "PREFERRED_URL_SCHEME": str,
    "TRUSTED_HOSTS": lambda text: [h.strip() for h in text.split(",") if h.strip()],
    "SESSION_COOKIE_SECURE": lambda text: text.strip().lower() in ("1", "true", "yes", "on"),
    "HSTS_SECONDS": int,
}
# The conventional unprefixed names that hosting platforms set, read when no prefixed one is.
UNPREFIXED = ("DATABASE_URL", "SECRET_KEY", "REDIS_URL")
# With REDIS_URL set, rate limits left on a default store move to Redis with everything else.
DEFAULT_LIMIT_STORES = ("database://", "memory://")


def _secret_for_instance(instance: Path) -> str:
    """The embedded default keeps a generated secret in instance/, created once."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def configure(app: Flask, test_config: dict[str, object] | None) -> None:
    """Apply the configuration layers in order and refuse an unsafe production secret."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key, cast in ENV_KEYS.items():
        value = os.environ.get(f"DUE_REGARD_{key}") or (
            os.environ.get(key) if key in UNPREFIXED else None
        )
        if value is not None:
            app.config[key] = cast(value)
    if test_config:
        app.config.update(test_config)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    database = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'due_regard.db'}"
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", _with_driver(database))
    if not app.config.get("PDF_CACHE_DIR"):
        app.config["PDF_CACHE_DIR"] = str(instance / "pdf-cache")
    if app.config.get("REDIS_URL") and app.config["RATELIMIT_STORAGE_URI"] in DEFAULT_LIMIT_STORES:
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]  # shared by app servers
    _check_secret(app, instance)


def _with_driver(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whichever spelling the URL has."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _check_secret(app: Flask, instance: Path) -> None:
    secret = str(app.config.get("SECRET_KEY") or "")
    production = app.config["ENV_NAME"] == "production"
    if production and (secret in PLACEHOLDER_SECRETS or len(secret) < 32):
        raise RuntimeError(
            "Refusing to start: set SECRET_KEY to a random value of at least 32 characters "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    if not secret:
        app.config["SECRET_KEY"] = _secret_for_instance(instance)
