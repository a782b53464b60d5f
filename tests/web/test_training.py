"""Training sessions through HTTP: lifecycle, access, anonymity, idempotency, a burst."""

import csv
import io
import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text

from assessment.catalogue import load_catalogue
from assessment.web.assessments.models import Assessment
from assessment.web.db import db, utcnow
from assessment.web.training.models import JoinAttempt, Participant, Submission, TrainingSession
from tests.app_helpers import csrf_from, make_app
from tests.web.training_helpers import SCENARIO, form_tokens, join, post_answers, start_session

CATALOGUE = load_catalogue("criteria.yaml")


def reference(app) -> dict[str, str]:
    with app.app_context():
        scenario = app.extensions["due_regard.scenarios"][SCENARIO]
        return {qid: ref.option for qid, ref in scenario.reference.items()}


def variant(app, **changes: str) -> dict[str, str]:
    return reference(app) | changes


def all_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in all_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in all_keys(v)}
    return set()


def rows(app, model) -> list:
    with app.app_context():
        return list(db.session.scalars(select(model)).all())


def test_lifecycle_join_answer_submit_change_close_late_refused_draft_kept(app, client):
    session = start_session(client)
    alice, bob = join(app, session.code), join(app, session.code)

    saved = post_answers(
        alice, session.code, {"notice_lead_time": "under_seven_days"}, action="save"
    )
    assert saved.status_code == 200 and saved.json["message"] == "Draft saved."
    assert 'value="under_seven_days" checked' in alice.get(f"/training/r/{session.code}").text
    assert rows(app, Submission) == []  # a draft is not counted

    first = post_answers(alice, session.code, variant(app, notice_lead_time="under_seven_days"))
    assert first.status_code == 200 and first.json["revision"] == 1
    changed = post_answers(alice, session.code, variant(app, notice_lead_time="no_notice"))
    assert changed.json["revision"] == 2 and not changed.json["replayed"]
    stored = rows(app, Submission)
    assert len(stored) == 1 and stored[0].answers["notice_lead_time"] == "no_notice"

    csrf = csrf_from(client.get(session.facilitator_url).text)
    assert (
        client.post(f"{session.facilitator_url}/close", data={"csrf_token": csrf}).status_code
        == 302
    )

    late = post_answers(bob, session.code, variant(app, notice_channel="no_channel"))
    assert late.status_code == 409
    assert "closed this session" in late.json["message"] and "not counted" in late.json["message"]
    assert len(rows(app, Submission)) == 1
    page = bob.get(f"/training/r/{session.code}").text
    assert "has closed this session" in page
    assert 'name="q_notice_channel" value="no_channel" checked' in page  # the draft is kept

    late_form = post_answers(bob, session.code, variant(app), as_json=False)
    assert late_form.status_code == 409 and "were not counted" in late_form.text

    dashboard = client.get(session.facilitator_url).text
    assert 'data-count="joined">2<' in dashboard and 'data-count="submitted">1<' in dashboard


def test_form_post_without_javascript_submits_and_redirects(app, client):
    session = start_session(client)
    carol = join(app, session.code)
    done = post_answers(carol, session.code, variant(app), as_json=False)
    assert done.status_code == 302
    assert "Your answers are submitted" in carol.get(done.location).text


def test_a_retry_or_double_click_is_stored_once_and_a_stale_retry_changes_nothing(app, client):
    session = start_session(client)
    dan = join(app, session.code)
    _, key = form_tokens(dan, session.code)
    once = post_answers(dan, session.code, variant(app), key=key)
    twice = post_answers(dan, session.code, variant(app), key=key)
    assert (once.json["replayed"], twice.json["replayed"]) == (False, True)
    newer = post_answers(dan, session.code, variant(app, notice_lead_time="no_notice"))
    assert newer.json["revision"] == 2
    stale = post_answers(dan, session.code, variant(app), key=key)
    assert stale.json["replayed"] is True
    stored = rows(app, Submission)
    assert len(stored) == 1 and stored[0].answers["notice_lead_time"] == "no_notice"


def test_invalid_options_are_refused_and_foreign_questions_dropped(app, client):
    session = start_session(client)
    erin = join(app, session.code)
    bad = post_answers(erin, session.code, {"notice_lead_time": "not_an_option"})
    assert bad.status_code == 400 and rows(app, Submission) == []
    post_answers(erin, session.code, {"shadowing": "serial"})  # not a launch question
    assert rows(app, Submission)[0].answers == {}


def test_facilitator_pages_are_404_for_join_codes_and_participant_tokens(app, client):
    session = start_session(client)
    participant = join(app, session.code)
    cookie = participant.get_cookie(f"dr_participant_{session.code}", path="/training/")
    assert cookie is not None
    for credential in (session.code, session.code.lower(), cookie.value):
        for suffix in ("", "/live.json", "/debrief", "/export.json", "/export.csv"):
            assert participant.get(f"/training/f/{credential}{suffix}").status_code == 404
        csrf = csrf_from(participant.get(f"/training/r/{session.code}").text)
        closed = participant.post(f"/training/f/{credential}/close", data={"csrf_token": csrf})
        assert closed.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(TrainingSession.closed)) is False
    assert participant.get(session.facilitator_url + "x").status_code == 404


def test_participant_pages_need_the_cookie(app, client):
    session = start_session(client)
    stranger = app.test_client()
    assert stranger.get(f"/training/r/{session.code}").status_code == 302
    token = csrf_from(stranger.get("/training/join").text)
    refused = stranger.post(
        f"/training/r/{session.code}/submit",
        data={"csrf_token": token, "key": "k" * 16},
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 403
    assert rows(app, Submission) == []


def test_no_identifying_data_is_stored_with_answers(app, client):
    session = start_session(client)
    agent, address = "Mozilla/5.0 UniqueAgent-4242", "203.0.113.77"
    environ = {"REMOTE_ADDR": address, "HTTP_USER_AGENT": agent}
    participants = []
    for _ in range(3):
        p = app.test_client()
        p.environ_base.update(environ)
        page = p.get("/training/join")
        p.post("/training/join", data={"csrf_token": csrf_from(page.text), "code": session.code})
        participants.append(p)
    bad = app.test_client()
    bad.environ_base.update(environ)
    bad.post(
        "/training/join",
        data={"csrf_token": csrf_from(bad.get("/training/join").text), "code": "ZZZZZZ"},
    )
    for p in participants:
        assert post_answers(p, session.code, variant(app)).status_code == 200

    with app.app_context():
        inspector = inspect(db.engine)
        for table in ("training_participant", "training_submission", "training_join_attempt"):
            columns = inspector.get_columns(table)
            names = {c["name"] for c in columns}
            assert not names & {"ip", "ip_address", "user_agent", "name", "affiliation", "email"}
            assert not [
                c
                for c in columns
                if "DATE" in str(c["type"]).upper() or "TIME" in str(c["type"]).upper()
            ]
        dump = []
        for table in inspector.get_table_names():
            dump += [repr(tuple(r)) for r in db.session.execute(text(f"SELECT * FROM {table}"))]
        everything = "\n".join(dump)
    assert address not in everything and "UniqueAgent" not in everything
    for p in participants:
        token = p.get_cookie(f"dr_participant_{session.code}", path="/training/").value
        assert token not in everything  # only a hash of the cookie token is kept
    attempts = rows(app, JoinAttempt)
    assert (
        len(attempts) == 1 and attempts[0].failures == 1 and address not in attempts[0].client_hash
    )


def test_exports_hold_answers_without_identifiers(app, client):
    session = start_session(client)
    for option in ("thirty_days_or_more", "under_seven_days", "no_notice"):
        post_answers(join(app, session.code), session.code, variant(app, notice_lead_time=option))
    close_session(client, session)
    exported = client.get(f"{session.facilitator_url}/export.json")
    data = json.loads(exported.data)
    assert data["submitted"] == 3 and len(data["responses"]) == 3
    applicable = {q.id for _, q in CATALOGUE.applicable_questions(["launch"])}
    for response in data["responses"]:
        assert set(response) <= applicable  # question ids only: no id, token, time or order
    assert data["responses"] == sorted(data["responses"], key=lambda a: sorted(a.items()))
    text_all = exported.data.decode()
    for participant in rows(app, Participant):
        assert participant.token_hash not in text_all
    assert not all_keys(data) & {
        "participant",
        "participant_id",
        "token",
        "ip",
        "user_agent",
        "submitted_at",
        "created_at",
    }
    table = list(csv.reader(io.StringIO(client.get(f"{session.facilitator_url}/export.csv").text)))
    assert set(table[0]) == applicable and len(table) == 4
    notification = next(q for q in data["questions"] if q["id"] == "notice_lead_time")
    assert notification["distribution"]["under_seven_days"] is None  # one person: suppressed


def close_session(client, session) -> None:
    page = client.get(session.facilitator_url)
    closed = client.post(
        f"{session.facilitator_url}/close", data={"csrf_token": csrf_from(page.text)}
    )
    assert closed.status_code == 302


def test_exports_cannot_be_differenced_to_reveal_one_participant(app, client):
    session = start_session(client)
    options = [
        "thirty_days_or_more",
        "thirty_days_or_more",
        "thirty_days_or_more",
        "under_seven_days",
    ]
    snapshots = []
    for option in options:
        post_answers(join(app, session.code), session.code, variant(app, notice_lead_time=option))
        snapshots.append(json.loads(client.get(f"{session.facilitator_url}/export.json").data))
        api = client.get(f"/api/v1/training/{session.facilitator_url.rsplit('/', 1)[1]}/aggregate")
        assert api.json["responses"] == []
    three, four = snapshots[2], snapshots[3]
    assert three["responses"] == four["responses"] == []  # open: aggregates only
    last = {q["id"]: q["distribution"] for q in four["questions"]}["notice_lead_time"]
    assert last["under_seven_days"] is None and last["thirty_days_or_more"] == 3
    assert client.get(f"{session.facilitator_url}/export.csv").text.count("\n") == 1
    close_session(client, session)
    closed = json.loads(client.get(f"{session.facilitator_url}/export.json").data)
    assert closed["responses_released"] and len(closed["responses"]) == 4


def test_aggregates_stay_hidden_until_three_have_submitted(app, client):
    session = start_session(client)
    live = f"{session.facilitator_url}/live.json"
    for n in (1, 2):
        post_answers(join(app, session.code), session.code, variant(app))
        body = client.get(live).json
        assert body["submitted"] == n and "at least 3 participants" in body["html"]
        assert 'class="qdist"' not in body["html"]
        assert (
            json.loads(client.get(f"{session.facilitator_url}/export.json").data)["responses"] == []
        )
        presented = client.get(f"{session.facilitator_url}/debrief", follow_redirects=True).text
        assert 'class="qdist"' not in presented and "once at least 3 have submitted" in presented
    post_answers(
        join(app, session.code), session.code, variant(app, notice_lead_time="under_seven_days")
    )
    body = client.get(live).json
    assert body["submitted"] == 3 and 'class="qdist"' in body["html"] and "<svg" in body["html"]
    assert "Reference rationale" in body["html"]


def test_dashboard_shows_the_join_code_qr_and_most_contested_first(app, client):
    session = start_session(client)
    for option in ("thirty_days_or_more", "under_seven_days", "no_notice", "after_start"):
        post_answers(join(app, session.code), session.code, variant(app, notice_lead_time=option))
    page = client.get(session.facilitator_url).text
    assert 'class="qr"><path' in page and f"/training/join/{session.code}" in page
    contested = page.index("How long before the activity (or each of its hazardous phases)")
    assert contested < page.index("Through which channel does that notice go?")
    assert "25% chose the reference (1 of 4)" in page


def test_join_is_rate_limited_per_client_without_storing_the_address(tmp_path, database_url):
    app = make_app(tmp_path, database_url, TRAINING_JOIN_FAILURES=3)
    client = app.test_client()
    session = start_session(client)
    guesser = app.test_client()
    guesser.environ_base["REMOTE_ADDR"] = "198.51.100.9"
    csrf = csrf_from(guesser.get("/training/join").text)
    codes = ["AAAAAA", "BBBBBB", "CCCCCC"]
    assert [
        guesser.post("/training/join", data={"csrf_token": csrf, "code": c}).status_code
        for c in codes
    ] == [404] * 3
    blocked = guesser.post("/training/join", data={"csrf_token": csrf, "code": session.code})
    assert blocked.status_code == 429 and "Too many wrong codes" in blocked.text
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.10"
    ok = other.post(
        "/training/join",
        data={"csrf_token": csrf_from(other.get("/training/join").text), "code": session.code},
    )
    assert ok.status_code == 302
    assert all("198.51.100" not in a.client_hash for a in rows(app, JoinAttempt))
    with app.app_context():
        db.engine.dispose()


def test_expired_or_closed_sessions_refuse_new_participants(app, client):
    session = start_session(client)
    with app.app_context():
        row = db.session.scalar(select(TrainingSession))
        row.join_expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    late = app.test_client()
    refused = late.post(
        "/training/join",
        data={"csrf_token": csrf_from(late.get("/training/join").text), "code": session.code},
    )
    assert refused.status_code == 410 and "expired" in refused.text


def test_session_from_a_stored_assessment_uses_its_answers_as_reference(app, client):
    with app.app_context():
        source = Assessment(
            title="Test launch",
            catalogue_id=CATALOGUE.id,
            catalogue_version=CATALOGUE.version,
            activity={
                "title": "Test launch",
                "actor": "X",
                "kinds": ["launch"],
                "description": "A launch.",
            },
            answers={
                "notice_lead_time": {"option": "under_seven_days", "justification": "Two days."}
            },
        )
        db.session.add(source)
        db.session.commit()
        edit = source.edit_token
    csrf = csrf_from(client.get("/training/").text)
    made = client.post(
        "/training/sessions/from-assessment",
        data={"csrf_token": csrf, "link": f"http://x/a/{edit}/result"},
    )
    assert made.status_code == 302
    with app.app_context():
        row = db.session.scalar(select(TrainingSession))
        assert row.reference == {
            "notice_lead_time": {"option": "under_seven_days", "rationale": "Two days."}
        }
    wrong = client.post(
        "/training/sessions/from-assessment", data={"csrf_token": csrf, "link": "nope"}
    )
    assert wrong.status_code == 404


def test_a_burst_of_concurrent_submissions_is_stored_exactly_once(app, client):
    session = start_session(client)
    seated = [join(app, session.code) for _ in range(30)]
    prepared = [(p, *form_tokens(p, session.code)) for p in seated]
    answers = variant(app, notice_lead_time="under_seven_days")
    barrier = threading.Barrier(len(prepared))
    statuses: list[int] = []
    lock = threading.Lock()

    def send(p, csrf: str, key: str) -> None:
        data = {"csrf_token": csrf, "key": key} | {f"q_{k}": v for k, v in answers.items()}
        barrier.wait(timeout=30)
        for _ in range(2):  # a double click: the second must change nothing
            result = p.post(
                f"/training/r/{session.code}/submit",
                data=data,
                headers={"Accept": "application/json"},
            )
            with lock:
                statuses.append(result.status_code)

    threads = [threading.Thread(target=send, args=args) for args in prepared]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert statuses == [200] * 60
    stored = rows(app, Submission)
    assert len(stored) == 30 and len({s.participant_id for s in stored}) == 30
    assert {s.revision for s in stored} == {1}
    assert client.get(f"{session.facilitator_url}/live.json").json["submitted"] == 30


@pytest.mark.parametrize("path", ["/training/", "/training/join"])
def test_public_training_pages_render(client, path):
    page = client.get(path)
    assert page.status_code == 200 and "Join" in page.text
