"""A facilitator and two participants in Chromium: join, autosave, submit, live dashboard."""

import re
from collections.abc import Iterator

import pytest

from tests.app_helpers import make_app
from tests.browser.helpers import chromium, live_server

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(tmp_path) -> Iterator[str]:
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'browser.db'}")
    with live_server(app) as url:
        yield url


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


def test_facilitator_and_two_participants(base_url, browser):
    facilitator = browser.new_context().new_page()
    errors: list[str] = []
    facilitator.on("pageerror", lambda e: errors.append(str(e)))
    facilitator.goto(f"{base_url}/training/")
    facilitator.locator("form[action='/training/sessions'] button").first.click()
    facilitator.wait_for_url(re.compile(r"/training/f/"))
    code = facilitator.locator(".training-code").inner_text().strip()
    assert facilitator.locator("svg.qr").count() == 1

    for n, option in enumerate(("under_seven_days", "no_notice")):
        page = browser.new_context().new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base_url}/training/join")
        page.fill("input[name=code]", code.lower())
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(rf"/training/r/{code}$"))
        page.check(f"input[name=q_notice_lead_time][value={option}]")
        page.wait_for_selector("#training-status:has-text('Draft saved')")
        page.reload()
        assert page.is_checked(f"input[name=q_notice_lead_time][value={option}]")
        page.click("#training-submit")
        page.wait_for_selector("#training-status:has-text('Submitted')")
        assert page.locator("#training-submit").inner_text() == "Submit changes"
        facilitator.wait_for_selector(f"[data-count=submitted]:has-text('{n + 1}')", timeout=10_000)

    assert facilitator.locator("[data-count=joined]").inner_text() == "2"
    assert "at least 3 participants" in facilitator.locator("#training-live").inner_text()
    assert errors == []
