"""Helpers for web tests: create an assessment and answer steps through the real forms."""

import re

from flask.testing import FlaskClient

from assessment.catalogue import Catalogue
from tests.app_helpers import csrf_from

ACTIVITY = {
    "title": "Servicing mission to Aurelia-Sat 3",
    "actor": "Borealis Orbital Ltd",
    "perspective": "own",
    "kinds": ["rpo", "on_orbit_servicing"],
    "orbit_regime": "geo",
    "timeframe": "Q3 2027",
    "objects": "Servicer BX-1; client Aurelia-Sat 3",
    "description": "Life-extension docking with the client's consent.",
}


def create(client: FlaskClient, **changes) -> str:
    """Create an assessment through the form; return its edit token."""
    page = client.get("/new")
    response = client.post("/new", data={**ACTIVITY, **changes, "csrf_token": csrf_from(page.text)})
    assert response.status_code == 302, response.text
    return response.headers["Location"].split("/")[2]


def share_token_of(client: FlaskClient, edit_token: str) -> str:
    """The share token shown on the result page of the assessment with this edit token."""
    page = client.get(f"/a/{edit_token}/result").text
    link = re.search(r'class="share-link"[^>]*>([^<]+)<', page)
    assert link, "no share link on the result page"
    return link.group(1).strip().rstrip("/").split("/")[-1]


def step_data(client: FlaskClient, token: str, criterion_id: str) -> dict[str, str]:
    page = client.get(f"/a/{token}/step/{criterion_id}")
    assert page.status_code == 200
    revision = page.text.split('name="revision" value="')[1].split('"')[0]
    return {"csrf_token": csrf_from(page.text), "revision": revision}


def answer_all(client: FlaskClient, catalogue: Catalogue, token: str, kinds, pick) -> None:
    """Answer every applicable question with ``pick(question)``, step by step."""
    for criterion in catalogue.criteria:
        questions = [q for q in criterion.questions if q.applies(kinds)]
        if not questions:
            continue
        data = step_data(client, token, criterion.id)
        for q in questions:
            data[f"q_{q.id}"] = pick(q)
            data[f"j_{q.id}"] = f"Because of {q.id}"
            data[f"e_{q.id}"] = "official_record"
        response = client.post(f"/a/{token}/step/{criterion.id}", data={**data, "action": "next"})
        assert response.status_code == 302, response.text[:2000]


def best(question) -> str:
    """The best option; "not applicable" where every option describes a harm (fragments)."""
    top = max(question.options, key=lambda o: o.score)
    return "not_applicable" if top.score < 1 and question.allow_not_applicable else top.id


def worst(question) -> str:
    return min(question.options, key=lambda o: o.score).id


def create_at_step(client: FlaskClient, **changes) -> tuple[str, str]:
    """Create an assessment through the form; return its edit token and its first step's path."""
    page = client.get("/new")
    response = client.post("/new", data={**ACTIVITY, **changes, "csrf_token": csrf_from(page.text)})
    assert response.status_code == 302, response.text
    step = response.headers["Location"]
    return step.split("/")[2], step
