"""Training in a multilingual room: each participant in their own language, one room's counts.

Answers are stored by question and option id, so answers given under French, Arabic and
Chinese count together; the facilitator's dashboard, the presenter view and the group report
follow the facilitator's language; scenario and catalogue texts follow each viewer's.
"""

import html
import re

from flask import Flask
from flask.testing import FlaskClient

from assessment.web.i18n import COOKIE
from assessment.web.library import get_catalogue, get_scenarios
from assessment.web.training import group, service
from tests.web.training_helpers import SCENARIO, join, post_answers, start_session

HTML_TAG = re.compile(r'<html lang="([^"]+)" dir="([^"]+)">')


def speaking(app: Flask, language: str) -> FlaskClient:
    client = app.test_client()
    client.set_cookie(COOKIE, language)
    return client


def texts_in(app: Flask, language: str) -> tuple[str, dict[str, str]]:
    """The scenario's title and its questions' texts in ``language``."""
    with app.app_context():
        scenario = get_scenarios(language)[SCENARIO]
        catalogue = get_catalogue(language=language)
        return scenario.title, {qid: catalogue.question(qid).text for qid in scenario.reference}


def reference(app: Flask) -> dict[str, str]:
    with app.app_context():
        return get_scenarios("en")[SCENARIO].reference_options()


def test_answers_given_in_french_arabic_and_chinese_count_together(app):
    facilitator = speaking(app, "es")
    session = start_session(facilitator)
    answers = reference(app)
    for language, tag, direction in (
        ("fr", "fr", "ltr"),
        ("ar", "ar", "rtl"),
        ("zh", "zh-Hans", "ltr"),
    ):
        participant = join(app, session.code, speaking(app, language))
        page = participant.get(f"/training/r/{session.code}").text
        assert HTML_TAG.search(page).groups() == (tag, direction)
        title, questions = texts_in(app, language)
        assert html.escape(title, quote=False) in page
        assert all(html.escape(text, quote=False) in page for text in questions.values())
        assert post_answers(participant, session.code, answers).status_code == 200
    live = facilitator.get(f"{session.facilitator_url}/live.json").json
    assert (live["joined"], live["submitted"], live["complete"]) == (3, 3, 3)
    with app.app_context():
        row = service.by_join_code(session.code)
        summary = group.group_summary(get_catalogue(language="en"), row)
    counted = {
        s.question_id: dict(s.distribution.items())[answers[s.question_id]]
        for s in summary.questions
    }
    assert counted == {qid: 3 for qid in answers}  # every answer in one count, by id
    dashboard = facilitator.get(session.facilitator_url).text
    assert HTML_TAG.search(dashboard).groups() == ("es", "ltr")
    title, questions = texts_in(app, "es")
    assert html.escape(title, quote=False) in dashboard
    assert sum(html.escape(text, quote=False) in dashboard for text in questions.values()) >= 1


def test_the_presenter_view_and_group_report_follow_the_facilitator_language(app):
    facilitator = speaking(app, "ar")
    session = start_session(facilitator)
    dashboard = facilitator.get(session.facilitator_url).text
    presenter = re.search(
        r'href="([^"]+)" target="_blank" rel="noopener" id="presenter-link"', dashboard
    )
    assert presenter and presenter.group(1).endswith("?lang=ar")
    assert "report.pdf?lang=ar" in dashboard
    projector = speaking(app, "zh")  # the projector's browser prefers Chinese
    path = "/" + presenter.group(1).split("://", 1)[-1].split("/", 1)[1].replace("&amp;", "&")
    screen = projector.get(path).text
    assert HTML_TAG.search(screen).groups() == ("ar", "rtl")
    assert "lang=ar" in screen.split('id="presenter-screen"')[1].split(">")[0]  # live.json too
    title, _ = texts_in(app, "ar")
    assert html.escape(title, quote=False) in screen
    assert 'translate="no"' in screen  # the join code and address are not words


def test_each_participant_chooses_a_language_on_the_join_and_answer_pages(app):
    session = start_session(speaking(app, "en"))
    participant = app.test_client()
    page = participant.get(f"/training/join/{session.code}").text
    switch = f"/language/ru?next=/training/join/{session.code}"
    assert switch in html.unescape(page)
    chosen = participant.get(switch)
    assert chosen.status_code == 302 and chosen.location == f"/training/join/{session.code}"
    assert HTML_TAG.search(participant.get(chosen.location).text).groups() == ("ru", "ltr")
    join(app, session.code, participant)
    answer = participant.get(f"/training/r/{session.code}").text  # remembered on this device
    assert HTML_TAG.search(answer).groups() == ("ru", "ltr")
    assert f"/language/zh?next=/training/r/{session.code}" in html.unescape(answer)
