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
    assert facilitator.locator("svg.qr").count() == 2  # the join link and the presenter link

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
        assert page.locator("#training-answered").inner_text() == "1"
        page.click("#training-submit")  # one answer of many: asked before anything is counted
        page.wait_for_selector("#training-confirm:visible")
        assert page.locator("#training-missing-list li").count() > 0
        page.click("#training-submit-partial")
        page.wait_for_selector("#training-status:has-text('Submitted with')")
        assert page.locator("#training-submit").inner_text() == "Submit changes"
        facilitator.wait_for_selector(f"[data-count=submitted]:has-text('{n + 1}')", timeout=10_000)

    assert facilitator.locator("[data-count=joined]").inner_text() == "2"
    assert "at least 3 participants" in facilitator.locator("#training-live").inner_text()
    assert errors == []


def test_presenter_view_follows_the_facilitator_and_fits_the_projector(base_url, browser):
    facilitator = browser.new_context().new_page()
    facilitator.goto(f"{base_url}/training/")
    facilitator.locator("form[action='/training/sessions'] button").first.click()
    facilitator.wait_for_url(re.compile(r"/training/f/"))
    code = facilitator.locator(".training-code").inner_text().strip()
    for n in range(3):  # three different answers to the first question: it is contested
        page = browser.new_context().new_page()
        page.goto(f"{base_url}/training/join/{code}")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(rf"/training/r/{code}$"))
        block = page.locator("section.question").first
        question = block.get_attribute("data-question")
        block.locator("input[type=radio]").nth(n).check()
        page.click("#training-submit")
        page.click("#training-submit-partial")
        page.wait_for_selector("#training-status:has-text('Submitted')")
    presenter_url = facilitator.locator("#presenter-link").get_attribute("href")
    for viewport in ({"width": 1920, "height": 1080}, {"width": 1024, "height": 768}):
        projector = browser.new_context(viewport=viewport).new_page()
        errors: list[str] = []
        projector.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        projector.goto(presenter_url)
        assert projector.locator(".site-header").count() == 0
        projector.keyboard.press("ArrowRight")
        projector.wait_for_url(re.compile(rf"/q/{question}(\?lang=[a-z]+)?$"))
        # Nothing cut off: the screen's body holds all it shows, and the page does not scroll.
        fits = (
            "(() => { const b = document.querySelector('.presenter-body');"
            " return b.scrollHeight <= b.clientHeight + 1"
            " && document.documentElement.scrollHeight <= window.innerHeight + 1; })()"
        )
        assert projector.evaluate(fits), viewport
        first = viewport["width"] == 1920
        assert projector.locator("tr.is-reference").count() == (0 if first else 1)
        projector.keyboard.press("ArrowLeft")
        projector.wait_for_url(re.compile(r"/p/[^/?]+(\?lang=[a-z]+)?$"))
        projector.keyboard.press("ArrowRight")
        projector.wait_for_url(re.compile(rf"/q/{question}(\?lang=[a-z]+)?$"))
        if first:
            facilitator.reload()
            facilitator.locator(f"#detail-{question} summary").click()
            facilitator.locator(f"#detail-{question} button:has-text('Reveal reference')").click()
            facilitator.wait_for_url(re.compile(r"/training/f/"))
        # The projector follows without a reload: the reference appears on the next poll.
        projector.wait_for_selector("tr.is-reference", timeout=10_000)
        assert projector.locator(".presenter-rationale").count() == 1
        assert projector.evaluate(fits), viewport
        assert errors == []
        projector.context.close()
