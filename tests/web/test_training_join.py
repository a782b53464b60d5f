"""Joining is idempotent per join page: a double click, a retry or a race ahead of the cookie
seats one participant, never two (on SQLite and PostgreSQL, and in Chromium)."""

import re
import threading

import pytest
from sqlalchemy import func, select

from assessment.web.db import db
from assessment.web.training.models import Participant, TrainingSession
from tests.app_helpers import csrf_from, make_app
from tests.browser.helpers import chromium, collect_console_errors, live_server
from tests.web.training_helpers import join, post_answers, start_session

NONCE_RE = re.compile(r'name="nonce" type="hidden" value="([^"]+)"')
COOKIE = "dr_participant_"


def seats(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Participant)) or 0


def join_page(client, path: str = "/training/join") -> tuple[str, str]:
    page = client.get(path)
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    nonce = NONCE_RE.search(page.text)
    assert nonce
    return csrf_from(page.text), nonce.group(1)


def post_join(client, code: str, csrf: str, nonce: str | None):
    data = {"csrf_token": csrf, "code": code} | ({"nonce": nonce} if nonce else {})
    return client.post("/training/join", data=data)


def seat_cookie(response) -> str:
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(COOKIE)
    return cookie.split(";", 1)[0]


def test_a_second_post_of_the_same_join_page_reuses_the_seat(app, client):
    session = start_session(client)
    participant = app.test_client()
    csrf, nonce = join_page(participant, f"/training/join/{session.code}")
    first = post_join(participant, session.code, csrf, nonce)
    # The second click left before the first response set the cookie: it carries none.
    participant.delete_cookie(f"{COOKIE}{session.code}", path="/training/")
    second = post_join(participant, session.code, csrf, nonce)
    assert first.status_code == second.status_code == 302
    assert second.location.endswith(f"/training/r/{session.code}")
    assert seat_cookie(first) == seat_cookie(second)
    assert seats(app) == 1
    assert client.get(f"{session.facilitator_url}/live.json").json["joined"] == 1


def test_concurrent_posts_of_one_join_page_seat_one_participant(app, client):
    session = start_session(client)
    _, nonce = join_page(app.test_client())
    clicks = []
    for _ in range(8):  # eight racing requests of one page (each with its own CSRF session)
        racer = app.test_client()
        clicks.append((racer, join_page(racer)[0]))
    barrier = threading.Barrier(len(clicks))
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def click(racer, csrf: str) -> None:
        barrier.wait(timeout=30)
        response = post_join(racer, session.code, csrf, nonce)
        with lock:
            results.append((response.status_code, seat_cookie(response)))

    threads = [threading.Thread(target=click, args=args) for args in clicks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == len(clicks)
    assert {status for status, _ in results} == {302}
    assert len({cookie for _, cookie in results}) == 1
    assert seats(app) == 1


def test_separate_join_pages_seat_separate_participants_and_store_no_nonce(app, client):
    session = start_session(client)
    nonces = []
    for _ in range(3):
        participant = app.test_client()
        csrf, nonce = join_page(participant)
        nonces.append(nonce)
        assert post_join(participant, session.code, csrf, nonce).status_code == 302
    assert len(set(nonces)) == 3 and seats(app) == 3
    with app.app_context():
        stored = [p.token_hash for p in db.session.scalars(select(Participant))]
    assert not any(n in h for n in nonces for h in stored)


def test_without_a_nonce_each_post_is_a_new_seat_as_before(app, client):
    """Scripts (the burst bench) post no nonce: one seat per request, as they expect."""
    session = start_session(client)
    for _ in range(2):
        participant = app.test_client()
        csrf, _ = join_page(participant)
        assert post_join(participant, session.code, csrf, None).status_code == 302
    assert seats(app) == 2


def test_a_replayed_join_after_closing_keeps_the_seat_and_a_new_one_is_refused(app, client):
    session = start_session(client)
    participant = app.test_client()
    csrf, nonce = join_page(participant)
    first = post_join(participant, session.code, csrf, nonce)
    with app.app_context():
        row = db.session.scalar(select(TrainingSession))
        row.closed = True
        db.session.commit()
    participant.delete_cookie(f"{COOKIE}{session.code}", path="/training/")
    again = post_join(participant, session.code, csrf, nonce)
    assert again.status_code == 302 and seat_cookie(again) == seat_cookie(first)
    newcomer = app.test_client()
    refused = post_join(newcomer, session.code, *join_page(newcomer))
    assert refused.status_code == 410 and "closed" in refused.text
    assert seats(app) == 1


def test_a_malformed_nonce_is_refused_and_a_fresh_one_offered(app, client):
    session = start_session(client)
    participant = app.test_client()
    csrf, nonce = join_page(participant)
    refused = post_join(participant, session.code, csrf, "short")
    assert refused.status_code == 400 and seats(app) == 0
    offered = NONCE_RE.search(refused.text)
    assert offered and offered.group(1) not in ("short", nonce)


def test_the_presenter_view_shows_the_join_code_and_qr_only_while_joining_is_open(app, client):
    session = start_session(client)
    debrief = client.get(f"{session.facilitator_url}/debrief", follow_redirects=True).text
    code = f'class="training-code" translate="no">{session.code}<'
    assert 'class="qr"' in debrief and code in debrief
    csrf = csrf_from(client.get(session.facilitator_url).text)
    client.post(f"{session.facilitator_url}/close", data={"csrf_token": csrf})
    debrief = client.get(f"{session.facilitator_url}/debrief", follow_redirects=True).text
    assert 'class="qr"' not in debrief and "training-code" not in debrief


@pytest.mark.browser
def test_double_click_on_join_in_chromium_seats_one_participant(tmp_path):
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'join.db'}")
    facilitator = app.test_client()
    session = start_session(facilitator)
    with live_server(app) as base, chromium() as browser:
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        errors = collect_console_errors(page)
        page.goto(f"{base}/training/join/{session.code}")
        page.get_by_role("button", name="Join").dblclick()
        page.wait_for_url(re.compile(rf"/training/r/{session.code}$"))
        page.go_back()  # and the back button: the join page again, the same browser
        page.wait_for_load_state("load")
        page.get_by_role("button", name="Join").click()
        page.wait_for_url(re.compile(rf"/training/r/{session.code}$"))
    assert seats(app) == 1
    assert facilitator.get(f"{session.facilitator_url}/live.json").json["joined"] == 1
    assert not errors


def test_one_seat_per_device_survives_a_cleared_participant_cookie(app, client):
    session = start_session(client)
    phone = join(app, session.code)
    post_answers(phone, session.code, {})
    for _ in range(3):  # clear the participant cookie and join again, submitting each time
        phone.delete_cookie(f"dr_participant_{session.code}", path="/training/")
        page = phone.get(f"/training/join/{session.code}")
        joined = phone.post(
            "/training/join", data={"csrf_token": csrf_from(page.text), "code": session.code}
        )
        assert joined.status_code == 302
        post_answers(phone, session.code, {})
    live = client.get(f"{session.facilitator_url}/live.json").json
    assert live["joined"] == 1 and live["submitted"] == 1


def test_a_device_mark_kept_in_local_storage_brings_the_seat_back(app, client):
    session = start_session(client)
    phone = join(app, session.code)
    mark = phone.get_cookie("dr_device", path="/training/").value
    phone.delete_cookie("dr_device", path="/training/")
    phone.delete_cookie(f"dr_participant_{session.code}", path="/training/")
    page = phone.get(f"/training/join/{session.code}")
    data = {"csrf_token": csrf_from(page.text), "code": session.code, "device": mark}
    assert phone.post("/training/join", data=data).status_code == 302
    assert client.get(f"{session.facilitator_url}/live.json").json["joined"] == 1


def test_repeat_seats_are_flagged_when_several_per_device_are_allowed(app, client):
    session = start_session(client)
    page = client.get(session.facilitator_url)
    rule = client.post(
        f"{session.facilitator_url}/device-rule",
        data={"csrf_token": csrf_from(page.text), "one_per_device": "0"},
    )
    assert rule.status_code == 302
    phone = join(app, session.code)
    phone.delete_cookie(f"dr_participant_{session.code}", path="/training/")
    join(app, session.code, phone)
    live = client.get(f"{session.facilitator_url}/live.json").json
    assert live["joined"] == 2
    assert "1 seat came from a device that had already joined" in live["html"]
