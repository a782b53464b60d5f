"""Browser: pair two readings by pasting a share link, and axe-core on the consultation pages."""

import pytest

from assessment.web.assessments import store
from assessment.web.db import db
from assessment.web.library import get_catalogue
from tests.browser.helpers import chromium, collect_console_errors, served_app
from tests.consultation_helpers import acting_state, affected_state

pytestmark = pytest.mark.browser


def axe_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_pair_by_pasting_a_share_link_and_read_the_agenda(tmp_path):
    with served_app(tmp_path) as (app, base), chromium() as browser:
        with app.app_context():
            cat = get_catalogue()
            ours = acting_state(cat)
            theirs = affected_state(cat, ours)
            a = store.new_row(cat, ours.activity, dict(ours.answers))
            b = store.new_row(cat, theirs.activity, dict(theirs.answers))
            db.session.add_all([a, b])
            db.session.commit()
            edit, their_share = a.edit_token, b.share_token
        page = browser.new_page()
        errors = collect_console_errors(page)
        page.goto(f"{base}/a/{edit}/result")
        page.get_by_role("link", name="Hold this reading against another State’s reading…").click()
        problems = axe_problems(page)
        page.get_by_label("The other reading’s share link").fill(f"{base}/s/{their_share}")
        page.get_by_role("button", name="Pair by share link").click()
        page.get_by_role("heading", name="Consultation agenda").wait_for()
        first = page.locator("ol.agenda > li").first
        assert "factual disagreement" in first.inner_text().lower()
        assert page.get_by_role("link", name="Download the consultation brief").is_visible()
        problems += axe_problems(page)
        assert not problems, "\n".join(problems)
        assert not errors
