"""Arabic and Chinese in a real browser: axe-core on every kind of page, right-to-left layout,
autosave. I18N_SHOTS=<folder> keeps a screenshot of each page checked.

Run with ``pytest -m browser``.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.support import Translations

from assessment.web.i18n import COOKIE, TRANSLATIONS_DIR
from assessment.web.library import get_catalogue, get_scenarios
from tests.browser.helpers import chromium, collect_console_errors, served_app
from tests.web.training_helpers import SCENARIO, join, post_answers, start_session

pytestmark = pytest.mark.browser

ENGLISH = ("Create and start answering", "Save", "Saved.")  # the button, the button, autosave


def in_language(code: str) -> tuple[str, ...]:
    """The words the test clicks and waits for, as the compiled catalogue of ``code`` says them
    (so a reviser's better wording does not break the test, and an empty entry still would)."""
    translations = Translations.load(str(TRANSLATIONS_DIR), [code])
    words = tuple(translations.gettext(text) for text in ENGLISH)
    assert all(w not in ENGLISH for w in words), f"{code}: a word the test needs is untranslated"
    return words


LANGUAGES = ("ar", "zh")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    with served_app(tmp_path_factory.mktemp("i18n-browser")) as (_, url):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def axe_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("code", LANGUAGES)
def test_axe_passes_on_home_step_and_result(browser, base_url, code):
    create, save, saved = in_language(code)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = collect_console_errors(page)
    try:
        page.goto(f"{base_url}/language/{code}?next=/new")
        assert page.locator("html").get_attribute("lang").startswith(code)
        page.locator("#title").fill(f"Axe {code}")
        page.locator("input[name=kinds]").first.check()
        page.get_by_role("button", name=create).click()
        page.wait_for_url("**/step/**")
        problems = axe_problems(page)  # a questionnaire step
        page.locator("input[name^=q_]").first.check()  # autosave, with its translated status
        page.get_by_role("status").filter(has_text=saved).wait_for()
        page.get_by_role("button", name=save, exact=True).click()
        page.wait_for_load_state()
        token = page.url.split("/a/")[1].split("/")[0]
        page.goto(f"{base_url}/a/{token}/result")
        problems += axe_problems(page)  # a draft result with its chart
        page.goto(f"{base_url}/")
        problems += axe_problems(page)  # home, listing the assessment
        assert not problems, "\n".join(problems)
        assert not errors
    finally:
        context.close()


def test_arabic_is_laid_out_right_to_left(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    try:
        page.goto(f"{base_url}/")  # Accept-Language from the browser's locale
        assert page.locator("html").get_attribute("dir") == "rtl"
        brand = page.locator(".brand").bounding_box()
        nav = page.locator("nav.languages").bounding_box()
        assert brand["x"] > nav["x"], "the brand starts the header on the right"
        first = page.locator("main .actions .button").first.bounding_box()  # "Start a new…"
        main = page.locator("main").bounding_box()
        gap_right = main["x"] + main["width"] - (first["x"] + first["width"])
        assert gap_right < first["x"] - main["x"], "the first action sits at the right edge"
        page.goto(f"{base_url}/language/en?next=/")
        assert page.locator("html").get_attribute("dir") == "ltr"
        assert (
            page.locator(".brand").bounding_box()["x"]
            < page.locator("nav.languages").bounding_box()["x"]
        )
    finally:
        context.close()


def shoot(page, name: str) -> None:
    """Screenshots for a reader of the language, when I18N_SHOTS names a folder."""
    folder = os.environ.get("I18N_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[object, str]]:
    with served_app(tmp_path_factory.mktemp("i18n-training")) as (app, url):
        yield app, url


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_axe_passes_on_training_and_consultation_pages(browser, served, code):
    app, base = served
    facilitator = app.test_client()
    facilitator.set_cookie(COOKIE, code)
    session = start_session(facilitator)
    with app.app_context():
        reference = get_scenarios("en")[SCENARIO].reference_options()
    first, second = sorted(reference)[:2]
    for changes in ({}, {first: "unknown"}, {second: "unknown"}):  # a room that disagrees
        participant = join(app, session.code)
        assert post_answers(participant, session.code, reference | changes).status_code == 200
    edit, share = stored_pair(app)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = collect_console_errors(page)
    problems: list[str] = []

    def check(name: str, path: str = "") -> None:
        if path:
            page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang").startswith(code), page.url
        problems.extend(axe_problems(page))
        shoot(page, f"{code}-{name}")

    try:
        page.goto(f"{base}/language/{code}?next=/training/")
        check("training-index")
        check("training-join", f"/training/join/{session.code}")
        page.locator("form.training-join-form button[type=submit]").click()
        page.wait_for_url(f"**/training/r/{session.code}")
        check("training-answer")
        page.locator(f"input[name=q_{first}]").first.check()
        page.locator("#training-submit").click()
        page.wait_for_selector("#training-confirm:visible")
        problems.extend(axe_problems(page))  # the confirmation and the list of gaps
        page.locator("#training-submit-partial").click()
        page.wait_for_function("document.getElementById('training-status').textContent.length")
        check("training-thanks", f"/training/r/{session.code}")
        check("training-dashboard", session.facilitator_url)
        presenter = page.locator("#presenter-link").get_attribute("href")
        check("presenter-start", "/" + presenter.split("://", 1)[1].split("/", 1)[1])
        page.keyboard.press("ArrowRight")
        page.wait_for_url(re.compile(r"/q/"))
        check("presenter-question")
        page.keyboard.press("End")
        page.wait_for_url(re.compile(r"/end\?"))
        check("presenter-end")
        check("consultations", f"/a/{edit}/consultations")
        page.locator("#link").fill(f"{base}/s/{share}")
        page.locator("form[action$='/consultations/link'] button[type=submit]").click()
        page.wait_for_url(re.compile(r"/consultations/\d+$"))
        check("consultation")
        assert not problems, "\n".join(problems)
        assert not errors, "\n".join(errors)
    finally:
        context.close()


def stored_pair(app) -> tuple[str, str]:
    """Two readings of one activity stored: (our edit token, their share token)."""
    from assessment.web.assessments import store
    from assessment.web.db import db
    from tests.consultation_helpers import acting_state, affected_state

    with app.app_context():
        catalogue = get_catalogue()
        ours = acting_state(catalogue)
        theirs = affected_state(catalogue, ours)
        a = store.new_row(catalogue, ours.activity, dict(ours.answers))
        b = store.new_row(catalogue, theirs.activity, dict(theirs.answers))
        db.session.add_all([a, b])
        db.session.commit()
        return a.edit_token, b.share_token
