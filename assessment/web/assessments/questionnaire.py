"""Describe an activity, answer it criterion by criterion, review and see the result (PRG)."""

from typing import Any

from flask import (
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from pydantic import ValidationError
from werkzeug.wrappers import Response as BaseResponse

from assessment.catalogue import Catalogue, Criterion, Question
from assessment.inputs import Activity, Answer
from assessment.web.assessments import store
from assessment.web.assessments.access import EditView, by_edit_token, by_share_token, edit_view
from assessment.web.assessments.blueprint import bp
from assessment.web.assessments.forms import (
    ActivityForm,
    ConfirmForm,
    RenameForm,
    ReportOptionsForm,
    make_step_form,
)
from assessment.web.assessments.models import Assessment
from assessment.web.assessments.prerender import prerender
from assessment.web.assessments.step_blocks import filled_blocks, steps_nav
from assessment.web.library import get_catalogue, is_current, mapping_to_current

CONTROL_FIELDS = {"csrf_token", "revision", "autosave", "action"}


def steps(catalogue: Catalogue, kinds: tuple[str, ...]) -> list[tuple[Criterion, list[Question]]]:
    """One questionnaire step per criterion that has questions for these kinds."""
    return catalogue.sections(kinds)


def _forged(form: Any) -> list[str]:
    """Posted field names the form does not have: a forged or stale form."""
    return sorted(set(request.form) - set(form._fields) - CONTROL_FIELDS)


def _activity_or_errors(form: ActivityForm) -> tuple[Activity | None, list[str]]:
    try:
        return Activity.model_validate(form.activity_data()), []
    except ValidationError as exc:
        return None, [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]


def _csrf_expired(form: Any) -> bool:
    return bool(getattr(form, "csrf_token", None) and form.csrf_token.errors)


def _explain_unsaved(form: Any) -> None:
    if _csrf_expired(form):
        flash(
            _(
                "Your session expired, so nothing was saved. Your entries are still below: "
                "check them and save again."
            ),
            "warning",
        )
    else:
        flash(_("Nothing was saved: please correct the marked fields."), "error")


@bp.route("/new", methods=["GET", "POST"])
def new() -> str | BaseResponse | tuple[str, int]:
    catalogue = get_catalogue()
    form = ActivityForm().fill_choices(catalogue)
    if request.method == "POST" and not _forged(form) and form.validate_on_submit():
        activity, problems = _activity_or_errors(form)
        if activity is not None:
            row = store.create(catalogue, activity, {})
            flash(
                _("Assessment created. Bookmark this page: its address is your edit link."),
                "success",
            )
            first = steps(catalogue, activity.kinds)[0][0].id
            return redirect(url_for(".step", token=row.edit_token, criterion_id=first))
        form.title.errors = [*form.title.errors, *problems]
    if request.method == "POST":  # a rejected post is a 400, re-showing what was typed
        _explain_unsaved(form)
        page = render_template(
            "assessments/describe.html", form=form, row=None, catalogue=catalogue
        )
        return page, 400
    return render_template("assessments/describe.html", form=form, row=None, catalogue=catalogue)


@bp.route("/a/<token>/describe", methods=["GET", "POST"])
def describe(token: str) -> str | BaseResponse | tuple[str, int]:
    catalogue = get_catalogue()
    row = by_edit_token(token)
    if (offer := _answered_on_older(row)) is not None:
        return offer
    form = ActivityForm(data={**row.activity, "revision": row.revision}).fill_choices(catalogue)
    if request.method == "POST":
        form = ActivityForm().fill_choices(catalogue)
        revision = _int(form.revision.data)
        if revision is None:  # without it a stale tab would overwrite newer work unseen
            form.title.errors = [*form.title.errors, "the form lost its revision: reload the page"]
        if revision is not None and not _forged(form) and form.validate_on_submit():
            activity, problems = _activity_or_errors(form)
            if activity is not None:
                try:
                    store.update_activity(row, activity, revision)
                except store.Conflict:
                    return _conflict(
                        "assessments/describe.html", row, form=form, catalogue=catalogue
                    )
                prerender(row)
                flash(_("Description saved."), "success")
                return redirect(url_for(".review", token=token))
            form.title.errors = [*form.title.errors, *problems]
        _explain_unsaved(form)
        page = render_template("assessments/describe.html", form=form, row=row, catalogue=catalogue)
        return page, 400
    return render_template("assessments/describe.html", form=form, row=row, catalogue=catalogue)


def _answered_on_older(row: Assessment | EditView) -> BaseResponse | None:
    """Editing happens on the current catalogue only: an older row is offered the move first."""
    if is_current(row.catalogue_version):
        return None
    flash(
        f"This assessment was answered on catalogue {row.catalogue_version}: "
        "move it to the current catalogue before changing it.",
        "warning",
    )
    return redirect(url_for(".migrate_offer", token=row.edit_token))


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _conflict(template: str, row: Assessment, **context: Any) -> tuple[str, int]:
    flash(
        _(
            "This assessment was changed elsewhere (another tab or person) since you opened this "
            "page, so nothing was saved. Your entries are still below; save again to keep them."
        ),
        "warning",
    )
    form = context["form"]
    form.revision.data = row.revision
    return render_template(template, row=row, **context), 409


def _step_answers(form: Any, questions: list[Question]) -> dict[str, Answer | None]:
    changes: dict[str, Answer | None] = {}
    for q in questions:
        option = form[f"q_{q.id}"].data
        justification = form[f"j_{q.id}"].data or ""
        evidence = form[f"e_{q.id}"].data or None
        changes[q.id] = (
            Answer(option=option, justification=justification, evidence=evidence)
            if option
            else None
        )
    return changes


def _step_context(
    catalogue: Catalogue, row: Assessment | EditView, criterion_id: str
) -> dict[str, Any]:
    activity = row.activity_model()
    all_steps = steps(catalogue, activity.kinds)
    ids = [c.id for c, _ in all_steps]
    if criterion_id not in ids:
        abort(404)
    index = ids.index(criterion_id)
    criterion, questions = all_steps[index]
    answers = row.answers or {}
    done = {c.id for c, qs in all_steps if all(q.id in answers for q in qs)}
    return {
        "catalogue": catalogue,
        "row": row,
        "phase": activity.phase,
        "perspective": activity.perspective,
        "criterion": criterion,
        "questions": questions,
        "steps": all_steps,
        "index": index,
        "done": done,
        "next_id": ids[index + 1] if index + 1 < len(ids) else None,
        "prev_id": ids[index - 1] if index > 0 else None,
        "answered": sum(1 for _, qs in all_steps for q in qs if q.id in answers),
        "total": sum(len(qs) for _, qs in all_steps),
    }


@bp.route("/a/<token>/step/<criterion_id>", methods=["GET", "POST"])
def step(token: str, criterion_id: str) -> Any:
    catalogue = get_catalogue()
    if request.method == "GET":
        view = edit_view(token)
        if (offer := _answered_on_older(view)) is not None:
            return offer
        return _show_step(catalogue, view, criterion_id)
    row = by_edit_token(token)
    if (offer := _answered_on_older(row)) is not None:
        return offer
    context = _step_context(catalogue, row, criterion_id)
    perspective = row.activity.get("perspective")
    form_class = make_step_form(catalogue, context["criterion"], context["questions"], perspective)
    form = form_class()
    autosave = request.form.get("autosave") == "1"
    forged = _forged(form)
    if forged or not form.validate_on_submit():
        if autosave:
            return jsonify(message=_("Not saved: please use the Save button to see why.")), 400
        if forged:
            flash(
                _(
                    "Nothing was saved: the form had unexpected fields (%(fields)s).",
                    fields=", ".join(forged[:3]),
                ),
                "error",
            )
        else:
            _explain_unsaved(form)
        return render_template("assessments/step.html", form=form, **context), 400
    try:
        store.update_answers(row, _step_answers(form, context["questions"]), form.revision.data)
    except store.Conflict:
        if autosave:
            return jsonify(message=_("Changed in another tab: reload before saving.")), 409
        return _conflict(
            "assessments/step.html",
            row,
            form=form,
            **{k: v for k, v in context.items() if k != "row"},
        )
    if autosave:
        return jsonify(revision=row.revision, message=_("Saved."))
    prerender(row)
    return redirect(_after_step(token, context, request.form.get("action", "next")))


def _show_step(catalogue: Catalogue, view: EditView, criterion_id: str) -> str:
    """The step page: pre-rendered question blocks with this assessment's answers filled in.

    No form object is built: WTForms checks what comes back (the POST builds the same class).
    """
    context = _step_context(catalogue, view, criterion_id)
    questions = context["questions"]
    perspective = view.activity.get("perspective")
    form_class = make_step_form(catalogue, context["criterion"], questions, perspective)
    blocks = filled_blocks(
        form_class, questions, view.answers, context["phase"], context["perspective"]
    )
    nav = steps_nav(catalogue, view.activity_model().kinds, context, view.edit_token)
    return render_template(
        "assessments/step.html", blocks=blocks, nav=nav, csrf_value=generate_csrf(), **context
    )


def _after_step(token: str, context: dict[str, Any], action: str) -> str:
    if action == "save":
        flash(_("Answers saved."), "success")
        return url_for(".step", token=token, criterion_id=context["criterion"].id)
    if action == "prev" and context["prev_id"]:
        return url_for(".step", token=token, criterion_id=context["prev_id"])
    if action == "next" and context["next_id"]:
        return url_for(".step", token=token, criterion_id=context["next_id"])
    return url_for(".review", token=token)


@bp.route("/a/<token>/review")
def review(token: str) -> str | BaseResponse:
    catalogue = get_catalogue()
    row = by_edit_token(token)
    if (offer := _answered_on_older(row)) is not None:
        return offer
    activity = row.activity_model()
    answers = row.answers or {}
    missing = [
        (criterion, [q for q in questions if q.id not in answers])
        for criterion, questions in steps(catalogue, activity.kinds)
    ]
    return render_template(
        "assessments/review.html",
        row=row,
        catalogue=catalogue,
        activity=activity,
        missing=[(c, qs) for c, qs in missing if qs],
        steps=steps(catalogue, activity.kinds),
    )


@bp.route("/a/<token>/")
@bp.route("/a/<token>/result")
def result(token: str) -> str:
    row = by_edit_token(token)
    catalogue = store.catalogue_of(row)
    return render_template(
        "assessments/result.html",
        row=row,
        report=store.report_for(catalogue, row),
        editable=True,
        migrate_to=_migrate_to(row),
        options_form=ReportOptionsForm(
            data={"prepared_by": row.prepared_by, "marking": row.marking}
        ),
        confirm=ConfirmForm(),
        rename_form=RenameForm(data={"title": row.title}),
    )


@bp.route("/s/<share_token>")
def shared(share_token: str) -> str:
    row = by_share_token(share_token)
    catalogue = store.catalogue_of(row)
    return render_template(
        "assessments/result.html",
        row=row,
        report=store.report_for(catalogue, row),
        editable=False,
        migrate_to=_migrate_to(row),
    )


def _migrate_to(row: Assessment) -> str | None:
    """The current catalogue version when this row was answered on an older, mappable one."""
    if is_current(row.catalogue_version) or mapping_to_current(row.catalogue_version) is None:
        return None
    return get_catalogue().version
