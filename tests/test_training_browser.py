"""A facilitator and two participants in Chromium: join, autosave, submit, live dashboard."""

import os
import re
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(tmp_path) -> Iterator[str]:
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'browser.db'}")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    path = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.skip(f"no Chromium at {path}")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=path, args=["--no-sandbox", "--disable-background-networking"]
        )
        yield chromium
        chromium.close()


def test_facilitator_and_two_participants(base_url, browser):
    facilitator = browser.new_context().new_page()
    errors: list[str] = []
    facilitator.on("pageerror", lambda e: errors.append(str(e)))
    facilitator.goto(f"{base_url}/training/")
    facilitator.locator("form[action='/training/sessions'] button").first.click()
    facilitator.wait_for_url(re.compile(r"/training/f/"))
    code = facilitator.locator(".training-code").inner_text().strip()
    assert facilitator.locator("svg.qr").count() == 1

    for n, option in enumerate(("last_minute", "not_notified")):
        page = browser.new_context().new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base_url}/training/join")
        page.fill("input[name=code]", code.lower())
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(rf"/training/r/{code}$"))
        page.check(f"input[name=q_advance_notification][value={option}]")
        page.wait_for_selector("#training-status:has-text('Draft saved')")
        page.reload()
        assert page.is_checked(f"input[name=q_advance_notification][value={option}]")
        page.click("#training-submit")
        page.wait_for_selector("#training-status:has-text('Submitted')")
        assert page.locator("#training-submit").inner_text() == "Submit changes"
        facilitator.wait_for_selector(f"[data-count=submitted]:has-text('{n + 1}')", timeout=10_000)

    assert facilitator.locator("[data-count=joined]").inner_text() == "2"
    assert "at least 3 participants" in facilitator.locator("#training-live").inner_text()
    assert errors == []
