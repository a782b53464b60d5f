"""How the result page words what the figures say: no self-contradiction, no score for context."""

import re

from assessment.web.library import get_catalogue
from tests.web.helpers import ACTIVITY, best, create, step_data

KINDS = ACTIVITY["kinds"]


def answer_every_question(client, catalogue, token: str, evidence: str) -> None:
    for criterion in catalogue.criteria:
        questions = [q for q in criterion.questions if q.applies(KINDS)]
        if not questions:
            continue
        data = step_data(client, token, criterion.id)
        for q in questions:
            data[f"q_{q.id}"] = best(q)
            data[f"j_{q.id}"] = f"Because of {q.id}"
            data[f"e_{q.id}"] = evidence
        response = client.post(f"/a/{token}/step/{criterion.id}", data={**data, "action": "next"})
        assert response.status_code == 302, response.text[:2000]


def test_too_weak_evidence_is_said_so_not_as_a_range_from_a_band_to_itself(app, client):
    token = create(client)
    with app.app_context():
        catalogue = get_catalogue()
    answer_every_question(client, catalogue, token, evidence="")
    page = client.get(f"/a/{token}/result").text
    headline = page.split('class="headline', 1)[1].split("</p>", 1)[0]
    assert "Insufficient information" in headline
    assert "lies between" not in headline
    assert "too weak for a band" in headline
    minimum = round(catalogue.settings.min_confidence * 100)
    assert re.search(rf"confidence \d+\W?%, below the method’s minimum of {minimum}\W?%", headline)
    assert "point to “Responsible”" in headline


def test_well_evidenced_answers_carry_no_such_caveat(app, client):
    token = create(client)
    with app.app_context():
        catalogue = get_catalogue()
    answer_every_question(client, catalogue, token, evidence="official_record")
    page = client.get(f"/a/{token}/result").text
    assert "Insufficient information" not in page
    assert "too weak for a band" not in page


def test_unscored_context_questions_say_so_instead_of_a_score(app, client):
    token = create(client)
    with app.app_context():
        catalogue = get_catalogue()
    asked = [q for c in catalogue.criteria for q in c.questions if q.applies(KINDS)]
    context = [q for q in asked if q.axis == "context"]
    scored = [q for q in asked if q.axis == "conduct"]
    assert context and scored
    answer_every_question(client, catalogue, token, evidence="official_record")
    page = client.get(f"/a/{token}/result").text
    finding = page.split(f'id="q-{context[0].id}"', 1)[1].split('class="answer-line"', 1)[1]
    finding = finding.split("</p>", 1)[0]
    assert "not scored (context)" in finding
    assert "of 100" not in finding
    other = page.split(f'id="q-{scored[0].id}"', 1)[1].split('class="answer-line"', 1)[1]
    other = other.split("</p>", 1)[0]
    assert "of 100" in other and "not scored (context)" not in other
