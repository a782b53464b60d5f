"""Short write transactions: a request holds the write lock only while it writes."""

import threading

import pytest

from assessment.web.assessments import questionnaire
from assessment.web.assessments.models import Assessment
from assessment.web.db import db
from assessment.web.library import get_catalogue
from tests.app_helpers import make_app
from tests.web.helpers import create, step_data

SAFETY_NET = 30.0  # seconds; never reached when the code is right


def _save_data(app, client, token: str) -> tuple[str, str, dict[str, str]]:
    """The first step's form, with its first question answered."""
    with app.app_context():
        row = db.session.scalar(db.select(Assessment).where(Assessment.edit_token == token))
        criterion, questions = questionnaire.steps(get_catalogue(), row.activity_model().kinds)[0]
    data = step_data(client, token, criterion.id)
    question = questions[0]
    data.update({f"q_{question.id}": question.options[0].id, f"j_{question.id}": "Because."})
    return criterion.id, question.id, {**data, "action": "save"}


def _stored_option(app, token: str, question_id: str) -> str | None:
    with app.app_context():
        row = db.session.scalar(db.select(Assessment).where(Assessment.edit_token == token))
        return (row.answers.get(question_id) or {}).get("option")


@pytest.fixture
def app(tmp_path, database_url):
    # A short busy timeout: if the slow request held the write lock, the other save would fail.
    app = make_app(tmp_path, database_url, SQLITE_BUSY_TIMEOUT_MS=300)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_slow_request_does_not_block_another_requests_write(app, monkeypatch):
    slow_client, quick_client = app.test_client(), app.test_client()
    slow_token, quick_token = create(slow_client), create(quick_client)
    slow_step, slow_q, slow_data = _save_data(app, slow_client, slow_token)
    quick_step, quick_q, quick_data = _save_data(app, quick_client, quick_token)

    slow_is_reading, quick_is_done = threading.Event(), threading.Event()
    original = questionnaire._step_answers

    def slow_step_answers(form, questions):
        # The slow request has read its row and validated its form: it pauses here, before
        # its write, until the other request's save has gone through (or the net is reached).
        if threading.current_thread().name == "slow":
            slow_is_reading.set()
            quick_is_done.wait(SAFETY_NET)
        return original(form, questions)

    monkeypatch.setattr(questionnaire, "_step_answers", slow_step_answers)
    outcome: dict[str, int] = {}

    def post_slowly() -> None:
        response = slow_client.post(f"/a/{slow_token}/step/{slow_step}", data=slow_data)
        outcome["slow"] = response.status_code

    slow = threading.Thread(target=post_slowly, name="slow")
    slow.start()
    try:
        assert slow_is_reading.wait(SAFETY_NET)
        quick = quick_client.post(f"/a/{quick_token}/step/{quick_step}", data=quick_data)
        # Saved while the slow request was still in the middle of its own work.
        assert not quick_is_done.is_set() and slow.is_alive()
        assert quick.status_code == 302, quick.text[:500]
        assert _stored_option(app, quick_token, quick_q) == quick_data[f"q_{quick_q}"]
    finally:
        quick_is_done.set()
        slow.join(SAFETY_NET)
    assert outcome["slow"] == 302
    assert _stored_option(app, slow_token, slow_q) == slow_data[f"q_{slow_q}"]
