"""The presenter view (its own read-only link, reveals the facilitator controls) and complete
versus partial answer sets (answered/total, confirmation before submitting with gaps)."""

import re

from sqlalchemy import select

from assessment.scenarios import allowed_options
from assessment.web.db import db
from assessment.web.library import get_catalogue
from assessment.web.training.models import Submission, TrainingSession
from tests.app_helpers import csrf_from
from tests.web.training_helpers import (
    SCENARIO,
    Session,
    join,
    post_answers,
    presenter_url,
    start_session,
)

NEXT_RE = re.compile(r'id="presenter-next" rel="next" href="([^"]+)"')


def complete(app, **changes: str) -> dict[str, str]:
    """An answer to every question of the scenario: its reference, else the first option."""
    with app.app_context():
        scenario = app.extensions["due_regard.scenarios"][SCENARIO]
        questions = get_catalogue().applicable_questions(scenario.activity.kinds)
        answers = {
            q.id: scenario.reference[q.id].option
            if q.id in scenario.reference
            else allowed_options(q)[0]
            for _, q in questions
        }
    return answers | changes


def first_question(app) -> tuple[str, str, list[str]]:
    """The scenario's first question, its reference answer and two other answers to it."""
    with app.app_context():
        scenario = app.extensions["due_regard.scenarios"][SCENARIO]
        _, question = get_catalogue().applicable_questions(scenario.activity.kinds)[0]
        reference = scenario.reference[question.id].option
        others = [o for o in allowed_options(question) if o != reference][:2]
    return question.id, reference, others


def room(app, client, tie: bool = False) -> Session:
    """Three complete answer sets that differ only on the first question: one chose the
    reference, two others did not (with ``tie``: two chose it, one another answer)."""
    question, reference, others = first_question(app)
    options = [reference, others[0], reference] if tie else [reference, *others]
    session = start_session(client)
    for option in options:
        answers = complete(app, **{question: option})
        response = post_answers(join(app, session.code), session.code, answers, partial=False)
        assert response.status_code == 200, response.json
    return session


def reveal(client, session: Session, question: str | None, shown: bool):
    csrf = csrf_from(client.get(session.facilitator_url).text)
    data = {"csrf_token": csrf, "reveal": "1" if shown else "0"}
    if question:
        data["question"] = question
    return client.post(f"{session.facilitator_url}/reveal", data=data)


def rationale(app, question: str) -> str:
    with app.app_context():
        return app.extensions["due_regard.scenarios"][SCENARIO].reference[question].rationale


def test_the_presenter_link_is_its_own_and_controls_nothing(app, client):
    session = room(app, client)
    presenter = presenter_url(client, session)
    token = presenter.rstrip("/").rsplit("/", 1)[-1]
    facilitator_token = session.facilitator_url.rstrip("/").rsplit("/", 1)[-1]
    assert token != facilitator_token
    start = client.get(presenter)
    assert start.status_code == 200 and start.headers["Cache-Control"] == "no-store"
    assert facilitator_token not in start.text and 'class="site-header"' not in start.text
    assert f'class="training-code" translate="no">{session.code}<' in start.text
    refreshed = client.get(f"{presenter}/live.json").json["html"]  # the start screen, polled
    code = f'class="training-code" translate="no">{session.code}<'
    assert code in refreshed and 'class="qr"' in refreshed
    viewer = app.test_client()  # someone in the room who copied the projector's address
    for suffix in ("", "/live.json", "/export.json", "/export.csv", "/report.pdf"):
        assert viewer.get(f"/training/f/{token}{suffix}").status_code == 404
    csrf = csrf_from(viewer.get("/training/").text)
    for action in ("close", "reveal", "notes"):
        posted = viewer.post(
            f"/training/f/{token}/{action}", data={"csrf_token": csrf, "reveal": "1"}
        )
        assert posted.status_code == 404
    with app.app_context():
        row = db.session.scalar(select(TrainingSession))
        assert not row.closed and not row.reveal_all
    assert viewer.get(f"{presenter}x").status_code == 404


def test_references_appear_on_the_presenter_view_only_when_the_facilitator_reveals_them(
    app, client
):
    session = room(app, client)
    presenter = presenter_url(client, session)
    question = first_question(app)[0]
    screen = f"{presenter}/q/{question}"
    why = rationale(app, question)
    page = client.get(screen).text
    assert "Divergence" in page and "3 answered" in page and 'class="qdist"' in page
    assert why not in page and "is-reference" not in page and "not revealed yet" in page
    end = client.get(f"{presenter}/end").text  # no count that would give the references away
    assert "The reference answers are not revealed yet." in end and "On <strong>" not in end
    assert "presenter-table" not in end  # nor an order "furthest from the reference"
    assert reveal(client, session, question, True).status_code == 302
    end = client.get(f"{presenter}/end").text
    assert "of 1</strong> questions whose reference answer is revealed" in end
    assert end.count("<tr><td>") == 1
    page = client.get(screen).text
    assert why in page and "is-reference" in page and "chose the reference (1 of 3)" in page
    live = client.get(f"{presenter}/live.json", query_string={"screen": question}).json
    assert why in live["html"]
    other = next(q for q in complete(app) if q != question and q in rationale_ids(app))
    assert rationale(app, other) not in client.get(f"{presenter}/q/{other}").text
    reveal(client, session, None, True)  # all
    reveal(client, session, question, False)  # then hide one: the others stay shown
    assert why not in client.get(screen).text
    assert rationale(app, other) in client.get(f"{presenter}/q/{other}").text
    with app.app_context():
        row = db.session.scalar(select(TrainingSession))
        assert not row.reveal_all and other in row.revealed and question not in row.revealed
    reveal(client, session, None, False)
    with app.app_context():
        assert db.session.scalar(select(TrainingSession.revealed)) == []
    bogus = reveal(client, session, "no_such_question", True)
    assert bogus.status_code == 400


def rationale_ids(app) -> set[str]:
    with app.app_context():
        return set(app.extensions["due_regard.scenarios"][SCENARIO].reference)


def test_screens_run_from_the_join_code_through_each_question_to_the_summary(app, client):
    session = room(app, client)
    presenter = presenter_url(client, session)
    seen, url = [], presenter
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen.append(url)
        found = NEXT_RE.search(page.text)
        url = found.group(1) if found else None
        assert len(seen) < 200
    assert seen[1] == f"{presenter}/q/{first_question(app)[0]}"  # the only contested question
    assert seen[-1] == f"{presenter}/end"
    assert "The room against the reference" in client.get(seen[-1]).text
    assert client.get(f"{presenter}/q/not_a_question").status_code == 404


def test_a_submission_with_gaps_asks_first_and_is_counted_only_when_confirmed(app, client):
    session = start_session(client)
    participant = join(app, session.code)
    answers = complete(app)
    gaps = dict(list(answers.items())[2:])
    asked = post_answers(participant, session.code, gaps, partial=False)
    assert asked.status_code == 422 and asked.json["incomplete"]
    assert asked.json["missing"] == list(answers)[:2]
    assert asked.json["answered"] == len(gaps) and asked.json["total"] == len(answers)
    with app.app_context():
        assert db.session.scalar(select(Submission)) is None
    page = participant.get(f"/training/r/{session.code}").text  # the draft was kept
    assert f"{len(gaps)}</span> of {len(answers)} answered" in page
    assert f'href="#question-{next(iter(answers))}"' in page
    without_js = post_answers(participant, session.code, gaps, partial=False, as_json=False)
    assert without_js.status_code == 422
    assert 'name="partial" value="1"' in without_js.text and "Submit anyway" in without_js.text
    sent = post_answers(participant, session.code, gaps, partial=True)
    assert sent.status_code == 200 and "2 unanswered" in sent.json["message"]
    whole = post_answers(join(app, session.code), session.code, answers, partial=False)
    assert whole.status_code == 200 and whole.json["message"].startswith("Submitted: all")


def test_the_dashboard_counts_complete_and_partial_sets_and_names_ties(app, client):
    session = room(app, client, tie=True)
    question, _, others = first_question(app)
    post_answers(join(app, session.code), session.code, {question: others[0]})
    body = client.get(f"{session.facilitator_url}/live.json").json
    assert body["submitted"] == 4 and body["complete"] == 3
    html = body["html"]
    assert 'data-count="complete">3<' in html and 'data-count="partial">1<' in html
    assert "Tie between" in html and "(2 each of 4)" in html
    assert "3 complete answer sets" in html
    dashboard = client.get(session.facilitator_url).text
    assert dashboard.index("Discussion prompts") < dashboard.index("Most contested questions")
    assert dashboard.index('data-count="joined"') < dashboard.index("Most contested questions")
