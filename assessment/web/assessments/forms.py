"""WTForms for the activity description and each questionnaire step (built from the catalogue)."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from assessment.catalogue import NOT_APPLICABLE, UNKNOWN, Catalogue, Criterion, Question
from assessment.inputs import LIMITS, MAX_KINDS
from assessment.web.library import texts_key

# The core's labels for the two special answers (report.SPECIAL_LABELS), translatable on screen;
# tests/web/test_i18n.py keeps their English the same as the core's.
SPECIAL_CHOICE_LABELS = {
    NOT_APPLICABLE: _l("Not applicable"),
    UNKNOWN: _l("Unknown / not public"),
}


def _choices(pairs: list[tuple[str, Any]]) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects; the templates read .value and .label."""
    return [SelectChoice(value, label) for value, label in pairs]


def _text(label: Any, name: str, required: bool = False) -> StringField:
    checks = [
        DataRequired(message=_l("This field is required.")) if required else Optional(),
        Length(max=LIMITS[name], message=_l("Up to %(max)d characters.")),
    ]
    return StringField(label, validators=checks, render_kw={"maxlength": LIMITS[name]})


def _area(label: Any, name: str) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[Optional(), Length(max=LIMITS[name], message=_l("Up to %(max)d characters."))],
        render_kw={"maxlength": LIMITS[name]},
    )


class ActivityForm(FlaskForm):
    """Describe the activity. Choices for kinds and regime are filled from the catalogue."""

    title = _text(_l("Title of the activity"), "title", required=True)
    actor = _text(_l("Acting State or operator"), "actor")
    perspective = RadioField(
        _l("Perspective"),
        choices=_choices(
            [("own", _l("Our own activity")), ("other", _l("Another actor’s activity"))]
        ),
        validators=[InputRequired(message=_l("Choose whose activity this is."))],
        default="other",
    )
    phase = RadioField(
        _l("Phase"),
        choices=_choices(
            [
                ("proposed", _l("Proposed")),
                ("under_way", _l("Under way")),
                ("completed", _l("Completed")),
            ]
        ),
        validators=[Optional()],
    )
    kinds = SelectMultipleField(
        _l("Kinds of activity"),
        validators=[InputRequired(message=_l("Choose at least one kind of activity."))],
    )
    orbit_regime = SelectField(_l("Orbit regime"), validators=[Optional()])
    timeframe = _text(_l("Timeframe"), "timeframe")
    objects = _area(_l("Objects involved"), "objects")
    description = _area(_l("Description"), "description")
    revision = HiddenField()

    def fill_choices(self, catalogue: Catalogue) -> "ActivityForm":
        self.kinds.choices = _choices([(k.id, k.label) for k in catalogue.activity_kinds])
        regimes = [(r.id, r.label) for r in catalogue.orbit_regimes]
        self.orbit_regime.choices = _choices([("", _l("Not stated")), *regimes])
        return self

    def validate_kinds(self, field: Field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one kind of activity."))
        if len(field.data) > MAX_KINDS:
            raise ValidationError(_l("Too many kinds."))

    def activity_data(self) -> dict[str, Any]:
        return {
            "title": self.title.data or "",
            "actor": self.actor.data or "",
            "perspective": self.perspective.data,
            "phase": self.phase.data or None,
            "kinds": list(dict.fromkeys(self.kinds.data or [])),
            "orbit_regime": self.orbit_regime.data or None,
            "timeframe": self.timeframe.data or "",
            "objects": self.objects.data or "",
            "description": self.description.data or "",
        }


class ReportOptionsForm(FlaskForm):
    prepared_by = _text(_l("Prepared by (optional)"), "prepared_by")
    marking = _text(_l("Classification or distribution marking (optional)"), "marking")


class RenameForm(FlaskForm):
    title = _text(_l("New title"), "title", required=True)


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token: for delete, duplicate and other one-click actions."""


class ImportForm(FlaskForm):
    file = FileField(
        _l("Exchange file (.json) or Due Regard PDF report"),
        validators=[FileRequired(message=_l("Choose a file to import."))],
    )


class StepForm(FlaskForm):
    """One questionnaire step. Fields are added per question by ``make_step_form``."""

    revision = IntegerField(validators=[InputRequired()])


def answer_choices(question: Question, perspective: str | None = None) -> list[SelectChoice]:
    """The question's allowed answers (``Question.answer_ids``), labelled."""
    labels = {o.id: o.label for o in question.options} | SPECIAL_CHOICE_LABELS
    return _choices([(a, labels[a]) for a in question.answer_ids(perspective)])


def make_step_form(
    catalogue: Catalogue,
    criterion: Criterion,
    questions: list[Question],
    perspective: str | None = None,
) -> type:
    """A form class with an option, a justification and an evidence field per question.

    Classes are cached: building one per request cost more than validating the form.
    """
    # labels are the catalogue's texts: one class per version, language and translation file
    key = (texts_key(catalogue), criterion.id, tuple(q.id for q in questions), perspective)
    if key not in _STEP_FORMS:
        _STEP_FORMS[key] = _step_form(catalogue, criterion, questions, perspective)
    return _STEP_FORMS[key]


_STEP_FORMS: dict[tuple[object, ...], type] = {}


def _step_form(
    catalogue: Catalogue, criterion: Criterion, questions: list[Question], perspective: str | None
) -> type:

    class _Step(StepForm):
        pass

    evidence = _choices(
        [("", _l("Not stated"))] + [(e.id, e.label) for e in catalogue.evidence_bases]
    )
    for question in questions:
        setattr(
            _Step,
            f"q_{question.id}",
            RadioField(
                question.text,
                choices=answer_choices(question, perspective),
                validators=[Optional()],
            ),
        )
        setattr(_Step, f"j_{question.id}", _area(_l("Justification"), "justification"))
        setattr(
            _Step,
            f"e_{question.id}",
            SelectField(_l("Evidence basis"), choices=evidence, validators=[Optional()]),
        )
    _Step.__name__ = f"Step_{criterion.id}"
    return _Step
