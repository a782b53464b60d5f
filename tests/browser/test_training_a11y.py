"""Training pages in Chromium: axe-core finds nothing serious, the console stays clean (no CSP
refusals), on the index, join, questionnaire, facilitator dashboard and presenter view.

Set ``TRAINING_SHOTS=/some/dir`` to also save screenshots of each page at desktop, phone and
projector sizes, for a visual review.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.helpers import (
    chromium,
    collect_console_errors,
    served_app,
)
from tests.browser.test_browser import axe_problems
from tests.web.training_helpers import SCENARIO, join, post_answers, start_session

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}
PROJECTOR_4_3 = {"width": 1024, "height": 768}
# Three participants who disagree on two questions, so the aggregates show and some stand out.
ROOM = (
    {"notice_lead_time": "under_seven_days", "passivation": "fully"},
    {"notice_lead_time": "no_notice", "passivation": "partly"},
    {"notice_lead_time": "thirty_days_or_more", "passivation": "fully"},
)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[object, str]]:
    with served_app(tmp_path_factory.mktemp("training-a11y")) as (app, url):
        yield app, url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def room_answers(app) -> list[dict[str, str]]:
    with app.app_context():
        scenario = app.extensions["due_regard.scenarios"][SCENARIO]
        reference = {qid: ref.option for qid, ref in scenario.reference.items()}
    return [reference | changes for changes in ROOM]


def shoot(page, name: str) -> None:
    folder = os.environ.get("TRAINING_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
        page.screenshot(path=str(Path(folder) / f"{name}-screen.png"))  # what the eye first sees


def test_training_pages_pass_axe_with_a_clean_console(served, browser):
    app, base = served
    client = app.test_client()
    session = start_session(client)
    for answers in room_answers(app):
        participant = join(app, session.code)
        assert post_answers(participant, session.code, answers).status_code == 200

    problems: list[str] = []
    errors: list[str] = []

    def open_page(viewport: dict):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(10_000)
        page = context.new_page()
        messages = collect_console_errors(page)
        opened.append((page, messages))
        return page

    def check(page, name: str, path: str = "") -> None:
        if path:
            page.goto(base + path)
        page.wait_for_load_state("load")
        problems.extend(axe_problems(page))
        shoot(page, name)

    opened: list[tuple[object, list[str]]] = []
    check(open_page(DESKTOP), "index-desktop", "/training/")
    check(open_page(PHONE), "index-phone", "/training/")
    check(open_page(DESKTOP), "join-desktop", "/training/join")

    # A participant on a phone: opens the QR link, joins, answers, submits.
    phone = open_page(PHONE)
    check(phone, "join-phone", f"/training/join/{session.code}")
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url(re.compile(rf"/training/r/{session.code}$"))
    check(phone, "answer-phone")
    phone.locator("input[name=q_notice_lead_time]").first.check()
    phone.wait_for_selector("#training-status:has-text('Draft saved')")
    phone.locator("#training-submit").click()
    phone.wait_for_selector("#training-confirm:visible")  # most questions are unanswered
    problems.extend(axe_problems(phone))  # with the confirmation and the list of gaps
    shoot(phone, "answer-phone-confirm")
    phone.locator("#training-submit-partial").click()
    phone.wait_for_selector("#training-status:has-text('Submitted')")
    problems.extend(axe_problems(phone))  # with a status message and a checked answer
    phone.reload()
    check(phone, "answer-phone-submitted")
    # The same seat on a laptop (the cookie carried over).
    laptop = open_page(DESKTOP)
    laptop.context.add_cookies(phone.context.cookies())
    check(laptop, "answer-desktop", f"/training/r/{session.code}")

    dashboard = open_page(DESKTOP)
    check(dashboard, "dashboard-desktop", session.facilitator_url)
    # A live refresh replaces the aggregates (four have submitted by now): still clean.
    dashboard.wait_for_selector("[data-count=submitted]:has-text('4')", timeout=10_000)
    problems.extend(axe_problems(dashboard))
    check(open_page(PROJECTOR), "dashboard-projector", session.facilitator_url)
    presenter = dashboard.locator("#presenter-link").get_attribute("href")
    for size, viewport in (("16x9", PROJECTOR), ("4x3", PROJECTOR_4_3)):
        projector = open_page(viewport)
        check(
            projector,
            f"presenter-start-{size}",
            presenter.split("127.0.0.1", 1)[-1].split("/", 1)[-1].join(["/", ""]),
        )
        projector.keyboard.press("ArrowRight")
        projector.wait_for_url(re.compile(r"/q/"))
        check(projector, f"presenter-question-{size}")
        projector.keyboard.press("End")
        projector.wait_for_url(re.compile(r"/end(\?|$)"))
        check(projector, f"presenter-end-{size}")

    for page, messages in opened:
        errors.extend(f"{page.url}: {m}" for m in messages)
        page.context.close()
    assert not problems, "axe found:\n" + "\n".join(problems)
    assert not errors, "console errors:\n" + "\n".join(errors)
