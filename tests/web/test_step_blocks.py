"""The step page's pre-rendered question blocks give the same markup as rendering each time."""

import re

from flask import render_template

from assessment.web.assessments import questionnaire
from assessment.web.assessments.access import edit_view
from assessment.web.assessments.forms import make_step_form
from assessment.web.library import get_catalogue
from tests.web.helpers import create, step_data

CSRF = re.compile(r'(name="csrf_token" type="hidden" value=")[^"]+"')


def _slow_page(app, token: str, criterion_id: str) -> str:
    """The page as the full templates render it from a WTForms form holding the answers."""
    with app.test_request_context(f"/a/{token}/step/{criterion_id}"):
        catalogue = get_catalogue()
        view = edit_view(token)
        context = questionnaire._step_context(catalogue, view, criterion_id)
        data: dict[str, object] = {"revision": view.revision}
        for q in context["questions"]:
            answer = view.answers.get(q.id) or {}
            data[f"q_{q.id}"] = answer.get("option")
            data[f"j_{q.id}"] = answer.get("justification", "")
            data[f"e_{q.id}"] = answer.get("evidence") or ""
        perspective = view.activity.get("perspective")
        form_class = make_step_form(
            catalogue, context["criterion"], context["questions"], perspective
        )
        return render_template("assessments/step.html", form=form_class(data=data), **context)


def _form(html: str) -> str:
    """The step navigation and the form, without the CSRF token's value."""
    start = html.index('<nav aria-label="Questionnaire steps">')
    return CSRF.sub(r"\1-", html[start : html.index("</form>")])


def test_prerendered_blocks_match_the_full_render_for_blank_and_answered_steps(app, client):
    token = create(client)
    with app.test_request_context():
        catalogue = get_catalogue()
        first, questions = questionnaire.steps(catalogue, edit_view(token).activity_model().kinds)[
            0
        ]
        evidence = catalogue.evidence_bases[-1].id
    blank = client.get(f"/a/{token}/step/{first.id}").text
    assert _form(blank) == _form(_slow_page(app, token, first.id))

    data = step_data(client, token, first.id)
    for n, q in enumerate(questions):
        choices = [o.id for o in q.options]
        data[f"q_{q.id}"] = choices[n % len(choices)]
        data[f"j_{q.id}"] = f'<b>"Tom & Jerry"</b> {n}\nline two' if n % 2 == 0 else ""
        data[f"e_{q.id}"] = evidence if n % 3 else ""
    saved = client.post(f"/a/{token}/step/{first.id}", data={**data, "action": "save"})
    assert saved.status_code == 302
    answered = client.get(f"/a/{token}/step/{first.id}").text
    assert "&lt;b&gt;&#34;Tom &amp; Jerry&#34;&lt;/b&gt; 0" in answered  # escaped, not markup
    assert " checked>" in answered and '" selected>' in answered
    assert '<li class="done">' in answered  # every question of the step answered: done
    assert _form(answered) == _form(_slow_page(app, token, first.id))
