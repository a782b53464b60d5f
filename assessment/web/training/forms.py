"""Forms for training sessions. Radios are rendered by the ``_forms.html`` macro, not WTForms."""

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp

from assessment.catalogue import NOT_APPLICABLE, UNKNOWN, Catalogue, Question
from assessment.scenarios import allowed_options

NOTES_LIMIT = 10_000
NONCE_RE = r"^[A-Za-z0-9_-]{16,64}$"
REQUIRED = _l("This field is required.")
TOO_LONG = _l("Up to %(max)d characters.")


class CreateFromScenarioForm(FlaskForm):
    scenario_id = HiddenField(validators=[DataRequired(), Length(max=64)])


class CreateFromAssessmentForm(FlaskForm):
    link = StringField(
        _l("Edit link of a stored assessment"),
        validators=[DataRequired(message=REQUIRED), Length(max=500, message=TOO_LONG)],
        render_kw={"maxlength": 500, "autocomplete": "off"},
    )


def new_join_nonce() -> str:
    return secrets.token_urlsafe(18)


class JoinForm(FlaskForm):
    """``nonce`` is drawn once per join page: posting it twice (a double click, a retry, the
    back button) seats the same participant, never a second one."""

    nonce = HiddenField(validators=[Optional(), Regexp(NONCE_RE)])
    # This device's mark (see service.join): from the device cookie, or from localStorage by
    # training.js when the cookie was cleared.
    device = HiddenField(validators=[Optional(), Regexp(NONCE_RE)])
    code = StringField(
        _l("Join code"),
        validators=[DataRequired(message=REQUIRED), Length(max=16, message=TOO_LONG)],
        render_kw={
            "maxlength": 16,
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
        },
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: close, reopen."""


class RevealForm(FlaskForm):
    """Reveal (1) or hide (0) reference answers on the presenter view; no question: all."""

    question = HiddenField(validators=[Optional(), Length(max=64)])
    reveal = HiddenField(validators=[DataRequired(), AnyOf(["0", "1"])])


class NotesForm(FlaskForm):
    notes = TextAreaField(
        _l("Debrief notes"),
        validators=[Optional(), Length(max=NOTES_LIMIT, message=TOO_LONG)],
        render_kw={"rows": 6},
    )


class AnswerForm(FlaskForm):
    """Answers of one participant; a field per question is added by ``make_answer_form``."""

    # A fresh random key per page view: a retried or double-clicked submit repeats it.
    key = HiddenField(validators=[Optional(), Regexp(r"^[A-Za-z0-9_-]{8,64}$")])


# The core's labels for the two special answers (report.SPECIAL_LABELS), translatable on screen.
SPECIAL_LABELS = {
    NOT_APPLICABLE: _l("Not applicable"),
    UNKNOWN: _l("Unknown / not public"),
}


def option_labels(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """Every question's option labels by id, the special answers included, as the page shows
    them (in the request's language)."""
    special = {option: str(label) for option, label in SPECIAL_LABELS.items()}
    return {q.id: {o.id: o.label for o in q.options} | special for _, q in catalogue.questions()}


def answer_choices(question: Question) -> list[tuple[str, str]]:
    """(value, label) pairs for a question, special answers last: what the radio macro takes."""
    labels = {o.id: o.label for o in question.options} | SPECIAL_LABELS
    return [(option, labels[option]) for option in allowed_options(question)]


def make_answer_form(questions: list[Question]) -> type[AnswerForm]:
    """The form class for these questions, built once: building one for 46 questions on every
    save cost more than the rest of the request (and, before writes were short, held the lock).

    Keyed by the question objects themselves (a catalogue's are built once and never change),
    which the cache keeps alive so that their ids cannot be reused by other objects.
    """
    key = tuple(id(q) for q in questions)
    found = _ANSWER_FORMS.get(key)
    if found is None:
        if len(_ANSWER_FORMS) >= MAX_CACHED_FORMS:
            _ANSWER_FORMS.clear()
        found = _ANSWER_FORMS[key] = (tuple(questions), _answer_form(questions))
    return found[1]


MAX_CACHED_FORMS = 256  # question sets: a few per catalogue version and activity kinds
_ANSWER_FORMS: dict[tuple[int, ...], tuple[tuple[Question, ...], type[AnswerForm]]] = {}


def _answer_form(questions: list[Question]) -> type[AnswerForm]:
    class _Answers(AnswerForm):
        pass

    for question in questions:
        choices = [SelectChoice(value, label) for value, label in answer_choices(question)]
        field = RadioField(question.text, choices=choices, validators=[Optional()])
        setattr(_Answers, f"q_{question.id}", field)
    return _Answers
