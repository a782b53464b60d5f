"""The dashboard's aggregate is scored once per change of the submissions, not on every poll."""

import re

from assessment.web.training import group
from tests.web.training_helpers import SCENARIO, join, post_answers, start_session

CSRF_VALUE = re.compile(r'(name="csrf_token" type="hidden" value=")[^"]+"')


def _poll(client, live: str) -> str:
    """The dashboard's live HTML without its CSRF tokens, which are signed with the current
    second and so differ between two polls a second apart."""
    return CSRF_VALUE.sub(r'\1…"', client.get(live).json["html"])


def _reference(app) -> dict[str, str]:
    with app.app_context():
        scenario = app.extensions["due_regard.scenarios"][SCENARIO]
        return {qid: ref.option for qid, ref in scenario.reference.items()}


def _another_option(app, answers: dict[str, str]) -> dict[str, str]:
    """The same answers with the first question changed to another allowed option."""
    with app.app_context():
        scenario = app.extensions["due_regard.scenarios"][SCENARIO]
        catalogue = app.extensions["due_regard.catalogue"]
    qid = sorted(scenario.reference)[0]
    question = catalogue.question(qid)
    other = next(o.id for o in question.options if o.id != answers[qid])
    return answers | {qid: other}


def test_polls_reuse_the_summary_until_a_submission_is_new_or_changed(app, client, monkeypatch):
    calls: list[int] = []
    real = group.summarise

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(group, "summarise", counted)
    session = start_session(client)
    live = f"{session.facilitator_url}/live.json"
    answers = _reference(app)
    participants = [join(app, session.code) for _ in range(3)]
    for participant in participants:
        assert post_answers(participant, session.code, answers).status_code == 200
    first = _poll(client, live)
    scored = len(calls)
    for _ in range(3):
        assert _poll(client, live) == first
    assert len(calls) == scored, "a poll with no new submission must not re-score the room"

    # A changed submission (same number of submissions) is scored afresh, and shows.
    changed = post_answers(participants[0], session.code, _another_option(app, answers))
    assert changed.status_code == 200 and changed.json["revision"] == 2
    after = _poll(client, live)
    assert len(calls) == scored + 1
    assert after != first
    group._SUMMARIES.clear()
    assert _poll(client, live) == after  # the cached summary is the fresh one


def test_the_room_counts_an_answer_set_with_an_open_red_line_as_insufficient_information(
    app, client
):
    session = start_session(client)
    answers = _reference(app)
    participants = [join(app, session.code) for _ in range(3)]
    for participant in participants[:2]:
        assert post_answers(participant, session.code, answers).status_code == 200
    doubtful = answers | {"deliberate_destruction": "unknown"}
    assert post_answers(participants[2], session.code, doubtful).status_code == 200
    html = _poll(client, f"{session.facilitator_url}/live.json")
    counted = html.split("Insufficient information", 1)[1].split("</strong>", 1)[0]
    assert counted.rsplit(">", 1)[1] == "1"
