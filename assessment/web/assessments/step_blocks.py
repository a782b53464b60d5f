"""A step's question blocks, rendered once per catalogue version and language and filled in
per request.

Everything in a question block but the answer comes from the catalogue: its text, guidance,
options and citation. Rendering that through the templates on every request was most of a
step page's cost, so each block is rendered once, with no answer, by the same macro that
renders a form with errors (``assessments/_question.html``), and a request only marks the
chosen option and evidence basis and writes the (escaped) justification into it.
"""

from types import SimpleNamespace
from typing import Any

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup, escape

from assessment.catalogue import Catalogue, Criterion, Question
from assessment.web.library import texts_key

_BLANK: dict[tuple[type, str | None, str | None, str], tuple[str, ...]] = {}


def _language() -> str:
    """The page language: every cached rendering is per language (labels, hints, numbers)."""
    return str(get_locale())


def blank_blocks(
    form_class: type, questions: list[Question], phase: str | None, perspective: str | None
) -> tuple[str, ...]:
    """The step's question blocks with no answer; built once per form class (one per catalogue
    version and language), phase, perspective and page language (the wording follows the
    phase, the guidance the perspective)."""
    key = (form_class, phase, perspective, _language())
    found = _BLANK.get(key)
    if found is None:
        macro = current_app.jinja_env.get_template("assessments/_question.html").module
        form = form_class(formdata=None, meta={"csrf": False})
        found = tuple(
            str(
                macro.question_block(  # type: ignore[attr-defined]
                    q,
                    number,
                    form[f"q_{q.id}"],
                    form[f"j_{q.id}"],
                    form[f"e_{q.id}"],
                    phase,
                    perspective,
                )
            )
            for number, q in enumerate(questions, start=1)
        )
        _BLANK[key] = found
    return found


def filled(blank: str, question: Question, answer: dict[str, Any]) -> Markup:
    """A blank block with a stored answer in it: the same markup the macro gives for it.

    Each replaced snippet names this question's own field, so it occurs once in its block.
    """
    html = blank
    option = answer.get("option")
    if option:
        radio = f'name="q_{question.id}" value="{escape(option)}"'
        html = html.replace(f"{radio}>", f"{radio} checked>", 1)
    justification = answer.get("justification")
    if justification:
        end = f'aria-describedby="j_{question.id}-hint">'
        html = html.replace(f"{end}</textarea>", f"{end}{escape(justification)}</textarea>", 1)
    evidence = answer.get("evidence")
    if evidence:
        html = html.replace('<option value="" selected>', '<option value="">', 1)
        chosen = f'<option value="{escape(evidence)}">'
        html = html.replace(chosen, f'<option value="{escape(evidence)}" selected>', 1)
    return Markup(html)


def filled_blocks(
    form_class: type,
    questions: list[Question],
    answers: dict[str, Any],
    phase: str | None = None,
    perspective: str | None = None,
) -> list[Markup]:
    blanks = blank_blocks(form_class, questions, phase, perspective)
    return [filled(b, q, answers.get(q.id) or {}) for b, q in zip(blanks, questions, strict=True)]


# Stands for the edit token in a cached step navigation; ours are 32 characters, never this.
TOKEN_SLOT = "TOKEN0SLOT"
_NAV: dict[tuple[object, ...], str] = {}


def steps_nav(
    catalogue: Catalogue,
    kinds: tuple[str, ...],
    context: dict[str, Any],
    token: str,
) -> Markup:
    """The step navigation, rendered once per catalogue version, kinds and current step; a
    request writes in its token and marks its finished steps."""
    criterion: Criterion = context["criterion"]
    key = (texts_key(catalogue), kinds, criterion.id, _language())
    html = _NAV.get(key)
    if html is None:
        template = current_app.jinja_env.get_template("assessments/_steps_nav.html")
        html = _NAV[key] = template.render(
            row=SimpleNamespace(edit_token=TOKEN_SLOT),
            steps=context["steps"],
            done=set(),
            criterion=criterion,
        )
    step_base = html.split('<li class=""><a href="', 1)[1].split('"', 1)[0]
    step_base = step_base[: step_base.rindex("/") + 1]
    for done in context["done"]:
        link = f'<a href="{step_base}{done}"'
        html = html.replace(f'<li class="">{link}', f'<li class="done">{link}', 1)
    return Markup(html.replace(TOKEN_SLOT, token))
