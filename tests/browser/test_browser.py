"""Browser tests: Debian's Chromium through Playwright against a live server on SQLite.

Keyboard-only and mouse runs through a whole assessment, autosave, axe-core on the main pages,
and hostile text that must stay text. Run with ``pytest -m browser``.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.browser.helpers import (
    HOSTILE_ATTR,
    HOSTILE_SCRIPT,
    active,
    chromium,
    collect_console_errors,
    focus_is,
    served_app,
    tab_to,
)

pytestmark = pytest.mark.browser

BANDS = ("Responsible", "Some concerns", "Serious concerns", "Irresponsible")
SCORE_RE = re.compile(r"^\d{1,3}/100$")
SUBMIT_STEP = ("Save and continue", "Save and review")


@dataclass
class Tab:
    page: object
    base: str
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def token(self) -> str:
        return re.search(r"/a/([^/]+)/", self.page.url).group(1)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    with served_app(tmp_path_factory.mktemp("browser")) as (_, url):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def tab(browser, base_url) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    tab = Tab(page, base_url, collect_console_errors(page))
    yield tab
    context.close()


def question_ids(page) -> list[str]:
    return page.eval_on_selector_all("section.question", "els => els.map(e => e.id.slice(9))")


def leave(page, press) -> None:
    """Do ``press()`` and wait for the next page to load."""
    before = page.url
    press()
    page.wait_for_url(lambda url: url != before)


def assert_result_page(page) -> None:
    assert "/result" in page.url
    # Method 2.0: a band, or "Insufficient information" when unknowns could cross a red line.
    band = page.locator(".headline .headline-band .value").inner_text().strip()
    assert band in (*BANDS, "Insufficient information"), band
    score = page.locator(".headline .stat").nth(1).locator(".value").inner_text()
    assert SCORE_RE.match(score.replace("\n", "").strip()), score


def create_by_mouse(tab: Tab, title: str, kind: str = "Radio-frequency or laser activity") -> None:
    page = tab.page
    tab.go("/new")
    page.get_by_label("Title of the activity").fill(title)
    page.get_by_label(kind).check()
    leave(page, lambda: page.get_by_role("button", name="Create and start answering").click())
    assert "/step/" in page.url


def test_keyboard_only_assessment(tab):
    page = tab.page
    tab.go("/")
    tab_to(page, focus_is(text="Start a new assessment"))
    leave(page, lambda: page.keyboard.press("Enter"))
    assert page.url.endswith("/new")

    tab_to(page, focus_is(name="title"))
    page.keyboard.type("Keyboard-only rating of a ranging campaign")
    tab_to(page, focus_is(name="perspective"))
    page.keyboard.press("ArrowUp")  # from "Another actor's activity" to "Our own activity"
    assert page.is_checked("input[name=perspective][value=own]")
    tab_to(page, lambda el: el["name"] == "kinds" and el["value"] == "rf_laser")
    page.keyboard.press("Space")
    assert page.is_checked("input[name=kinds][value=rf_laser]")
    tab_to(page, focus_is(name="timeframe"))
    page.keyboard.type("Q1 2027")
    leave(page, lambda: page.keyboard.press("Enter"))

    steps = 0
    while "/step/" in page.url:
        steps += 1
        for n, qid in enumerate(question_ids(page)):
            tab_to(page, focus_is(name=f"q_{qid}"))  # the first option of an unanswered group
            page.keyboard.press("Space")
            if n % 2:
                page.keyboard.press("ArrowDown")
            assert page.locator(f"input[name=q_{qid}]:checked").count() == 1
            if n == 0:
                tab_to(page, focus_is(name=f"j_{qid}"))
                page.keyboard.type("Typed without a mouse.")
        tab_to(page, lambda el: el["tag"] == "button" and el["text"] in SUBMIT_STEP)
        leave(page, lambda: page.keyboard.press("Enter"))
        assert steps < 30
    assert "/review" in page.url, page.url
    assert steps >= 6  # catalogue 2.0.0: eight steps apply to an RF activity
    assert page.get_by_text("Every applicable question is answered.").is_visible()

    tab_to(page, focus_is(text="See the result"))
    leave(page, lambda: page.keyboard.press("Enter"))
    assert_result_page(page)
    assert page.locator(".flash-warning").count() == 0  # complete, not a draft
    assert not tab.errors


def test_mouse_assessment_with_autosave(tab):
    page = tab.page
    tab.go("/")
    leave(page, lambda: page.get_by_role("link", name="Start a new assessment").click())
    page.get_by_label("Title of the activity").click()
    page.keyboard.type("Mouse rating of a ranging campaign")
    page.get_by_label("Our own activity").click()
    page.get_by_label("Radio-frequency or laser activity").click()
    page.get_by_label("Orbit regime").select_option("leo")
    leave(page, lambda: page.get_by_role("button", name="Create and start answering").click())

    first = question_ids(page)[0]
    page.locator(f"label.choice:has(input[name=q_{first}])").nth(1).click()
    page.get_by_role("status").filter(has_text="Saved.").wait_for()
    page.reload()
    assert page.locator(f"input[name=q_{first}]").nth(1).is_checked()

    while "/step/" in page.url:
        for qid in question_ids(page):
            page.locator(f"input[name=q_{qid}]").first.click()
            # Method 2.0: without evidence the confidence is too low for a band.
            page.select_option(f"select[name=e_{qid}]", index=1)
        button = page.get_by_role("button", name=re.compile("^Save and (continue|review)$"))
        leave(page, button.click)
    assert "/review" in page.url
    leave(page, lambda: page.get_by_role("link", name="See the result").click())
    assert_result_page(page)
    assert page.locator(".headline .band-badge").inner_text().strip() == "Responsible"

    tab.go("/")
    assert page.get_by_role("link", name="Mouse rating of a ranging campaign").is_visible()
    assert not tab.errors


def axe_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_home_step_and_result(tab):
    page = tab.page
    problems = []
    create_by_mouse(tab, "Axe check")
    problems += axe_problems(page)  # a questionnaire step
    page.locator("input[name^=q_]").first.click()
    leave(page, lambda: page.get_by_role("button", name="Save and continue").click())
    token = tab.token()
    tab.go(f"/a/{token}/result")
    problems += axe_problems(page)  # a draft result with a chart and a table
    tab.go(f"/a/{token}/review")
    problems += axe_problems(page)
    tab.go("/")
    problems += axe_problems(page)  # home, listing the assessment
    tab.go("/new")
    page.get_by_role("button", name="Create and start answering").click()
    page.locator(".field-errors").first.wait_for()
    problems += axe_problems(page)  # the description form with its errors
    assert not problems, "\n".join(problems)
    # The rejected form answers 400 (issue 11), which the browser logs as a failed resource.
    assert not [e for e in tab.errors if "status of 400" not in e]


def test_hostile_text_stays_text(tab):
    page = tab.page
    hostile = f"{HOSTILE_SCRIPT} {HOSTILE_ATTR}"
    tab.go("/new")
    page.get_by_label("Title of the activity").fill(hostile)
    page.get_by_label("Acting State or operator").fill(HOSTILE_ATTR)
    page.get_by_label("Timeframe").fill(HOSTILE_SCRIPT)
    page.get_by_label("Description").fill(hostile)
    page.get_by_label("Destructive or weapons-related test").check()
    leave(page, lambda: page.get_by_role("button", name="Create and start answering").click())
    token = tab.token()
    first = question_ids(page)[0]
    page.locator(f"input[name=q_{first}]").first.click()
    page.locator(f"textarea[name=j_{first}]").fill(hostile)
    leave(page, lambda: page.get_by_role("button", name="Save and continue").click())

    for path in ("/", f"/a/{token}/step/{page.url.rsplit('/', 1)[1]}", f"/a/{token}/review"):
        tab.go(path)
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("img[src=x]").count() == 0, path
        assert page.get_by_text(HOSTILE_SCRIPT).first.is_visible(), path

    tab.go(f"/a/{token}/describe")
    assert page.get_by_label("Title of the activity").input_value() == hostile
    assert page.get_by_label("Acting State or operator").input_value() == HOSTILE_ATTR

    tab.go(f"/a/{token}/result")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0
    assert page.get_by_role("heading", level=1).inner_text().strip() == hostile
    justification = page.locator(".question .justification").filter(has_text=hostile)
    assert justification.first.is_visible()
    csp = [e for e in tab.errors if "Content Security Policy" in e]
    assert not csp, csp
    assert not tab.errors
    assert active(page) is not None
