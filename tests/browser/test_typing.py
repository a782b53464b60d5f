"""Typed text is never lost: saved on step change and on leaving; counters say what was cut."""

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from assessment.web.assessments.models import Assessment
from assessment.web.db import db
from tests.browser.helpers import chromium, collect_console_errors, served_app

pytestmark = pytest.mark.browser
TEXT = "Typed just before switching step, within the autosave delay."


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[object, str]]:
    with served_app(tmp_path_factory.mktemp("typing")) as pair:
        yield pair


@pytest.fixture
def page(served) -> Iterator[object]:
    with chromium() as browser:
        context = browser.new_context()
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.errors = collect_console_errors(page)
        yield page
        context.close()


def start(page, base: str) -> str:
    page.goto(base + "/new")
    page.get_by_label("Title of the activity").fill("Typing test")
    page.get_by_label("Radio-frequency or laser activity").check()
    page.get_by_role("button", name="Create and start answering").click()
    page.wait_for_url(re.compile("/step/"))
    return re.search(r"/a/([^/]+)/", page.url).group(1)


def justifications(app, token: str) -> list[str]:
    with app.app_context():
        row = db.session.scalar(select(Assessment).filter_by(edit_token=token))
        answers = dict(row.answers or {})
        db.session.remove()
    return [a.get("justification", "") for a in answers.values()]


def first_justification(page):
    return page.locator("textarea[name^=j_]").first


def test_text_typed_just_before_following_a_step_link_is_saved(served, page):
    app, base = served
    token = start(page, base)
    page.locator("section.question input[type=radio]").first.check()
    first_justification(page).type(TEXT, delay=0)
    step_url = page.url
    page.locator("nav a[href*='/step/']").last.click()
    page.wait_for_url(lambda url: url != step_url)
    assert TEXT in justifications(app, token)
    assert not page.errors


def test_text_typed_before_a_reload_is_sent_on_pagehide(served, page):
    app, base = served
    token = start(page, base)
    page.locator("section.question input[type=radio]").first.check()
    first_justification(page).type(TEXT + " Reloaded.", delay=0)
    page.on("dialog", lambda dialog: dialog.accept())  # the unsaved-text warning
    page.goto(base + "/")
    page.wait_for_timeout(500)
    assert TEXT + " Reloaded." in justifications(app, token)


def test_a_live_counter_says_when_a_paste_was_cut(served, page):
    _, base = served
    start(page, base)
    field = first_justification(page)
    limit = int(field.get_attribute("maxlength"))
    field.fill("abc")
    counter = page.locator(".char-count").first
    assert counter.inner_text() == f"3 / {limit:,} characters"  # grouped as the hint
    page.evaluate(
        """([selector, extra]) => {
            const field = document.querySelector(selector);
            const data = new DataTransfer();
            data.setData("text/plain", "x".repeat(extra));
            field.focus();
            field.setSelectionRange(field.value.length, field.value.length);
            field.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
        }""",
        ["textarea[name^=j_]", limit],
    )
    assert "Your paste was cut: the last 3 characters did not fit." in counter.inner_text()


@pytest.mark.parametrize(("lang", "grouped"), [("fr", "4\u202f000"), ("ru", "4\u00a0000")])
def test_the_counter_groups_figures_as_the_hint_of_the_page_language(served, page, lang, grouped):
    _, base = served
    token = start(page, base)
    page.goto(page.url.split("?")[0].split("#")[0] + f"?lang={lang}")
    field = first_justification(page)
    assert field.get_attribute("maxlength") == "4000", "the figures below assume 4000"
    hint = page.locator(f"#{field.get_attribute('id')}-hint").inner_text()
    assert grouped in hint
    field.fill("abc")
    assert page.locator(".char-count").first.inner_text().startswith(f"3 / {grouped} ")
    assert token


def test_the_join_code_has_no_counter_beside_its_eight_character_hint(served, page):
    _, base = served
    page.goto(base + "/training/join")
    page.locator("input.training-code-input").fill("ABCD")
    assert page.locator(".char-count").count() == 0
