"""Helpers for the Playwright browser tests: a live server, Debian's Chromium, keyboard moves."""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--no-first-run",
]
HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_ATTR = '"><img src=x onerror="window.__pwned=1">'


def chromium_path() -> str:
    """Debian's Chromium (never a downloaded browser); fail in CI, skip elsewhere."""
    path = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not Path(path).is_file():
        message = (
            f"Chromium not found at {path} (apt-get install -y chromium, or set CHROMIUM_PATH)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # one line per request drowns failures
        pass


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium under Playwright, headless, with the flags this machine needs."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def live_server(app) -> Iterator[str]:
    """Serve ``app`` on a free local port in a background thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def served_app(folder: Path) -> Iterator[tuple[object, str]]:
    """A fresh app on SQLite in ``folder``, served on loopback; its engine is disposed after."""
    from assessment.web.db import db
    from tests.app_helpers import make_app

    app = make_app(folder, f"sqlite:///{folder / 'browser.db'}")
    with live_server(app) as url:
        yield app, url
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def active(page) -> dict:
    """What has the keyboard focus: tag, type, name, value, id and visible text."""
    return page.evaluate(
        """() => { const e = document.activeElement; return e ? {
            tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '',
            value: e.value || '', id: e.id || '', text: (e.innerText || '').trim()} : {}; }"""
    )


def tab_to(page, matches, limit: int = 80, key: str = "Tab") -> dict:
    """Press Tab until the focused element satisfies ``matches(active(page))``."""
    for _ in range(limit):
        page.keyboard.press(key)
        now = active(page)
        if matches(now):
            return now
    raise AssertionError(f"Tab never reached the wanted element; last focus {active(page)}")


def focus_is(name: str = "", text: str = "", tag: str = ""):
    def check(el: dict) -> bool:
        return (
            (not name or el.get("name") == name)
            and (not text or el.get("text") == text)
            and (not tag or el.get("tag") == tag)
        )

    return check


def collect_console_errors(page) -> list[str]:
    """Console errors and uncaught page errors (CSP refusals show up as console errors)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    return errors
