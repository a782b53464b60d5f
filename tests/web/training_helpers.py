"""Drive training sessions through HTTP as a facilitator and participants would."""

import re
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from tests.app_helpers import csrf_from

SCENARIO = "launch_notified"
KEY_RE = re.compile(r'name="key" type="hidden" value="([^"]+)"')
CODE_RE = re.compile(r'class="training-code"[^>]*>(\w+)<')
PRESENTER_RE = re.compile(r'href="([^"]+)" target="_blank" rel="noopener" id="presenter-link"')


@dataclass(frozen=True)
class Session:
    facilitator_url: str
    code: str


def start_session(client: FlaskClient, scenario: str = SCENARIO) -> Session:
    token = csrf_from(client.get("/training/").text)
    created = client.post("/training/sessions", data={"csrf_token": token, "scenario_id": scenario})
    assert created.status_code == 302
    page = client.get(created.location)
    match = CODE_RE.search(page.text)
    assert match
    return Session(created.location, match.group(1))


def join(app: Flask, code: str, participant: FlaskClient | None = None) -> FlaskClient:
    participant = participant or app.test_client()
    page = participant.get(f"/training/join/{code}")
    joined = participant.post(
        "/training/join", data={"csrf_token": csrf_from(page.text), "code": code}
    )
    assert joined.status_code == 302, joined.text
    assert joined.location.endswith(f"/training/r/{code}")
    return participant


def form_tokens(participant: FlaskClient, code: str) -> tuple[str, str]:
    page = participant.get(f"/training/r/{code}")
    assert page.status_code == 200
    key = KEY_RE.search(page.text)
    assert key
    return csrf_from(page.text), key.group(1)


def post_answers(
    participant: FlaskClient,
    code: str,
    answers: dict[str, str],
    *,
    action: str = "submit",
    key: str | None = None,
    as_json: bool = True,
    partial: bool = True,
):
    csrf, fresh_key = form_tokens(participant, code)
    data = {"csrf_token": csrf, "key": key or fresh_key}
    data |= {f"q_{qid}": option for qid, option in answers.items()}
    if action == "save":
        data["autosave"] = "1"
    elif partial:  # submit even with unanswered questions, as "Submit anyway" does
        data["partial"] = "1"
    headers = {"Accept": "application/json"} if as_json else {}
    return participant.post(f"/training/r/{code}/{action}", data=data, headers=headers)


def presenter_url(client: FlaskClient, session: Session) -> str:
    """The presenter view's path, as the facilitator page links to it."""
    match = PRESENTER_RE.search(client.get(session.facilitator_url).text)
    assert match
    return match.group(1).split("?", 1)[0].split("://", 1)[-1].split("/", 1)[-1].join(["/", ""])
