"""Keep assessments: report options, rename, duplicate, delete, export, import, compare."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from pydantic import ValidationError
from werkzeug.wrappers import Response as BaseResponse

from assessment.exchange import dump_document
from assessment.inputs import Activity
from assessment.web.assessments import store
from assessment.web.assessments.access import by_edit_token, by_share_token, share_token_from
from assessment.web.assessments.blueprint import bp
from assessment.web.assessments.forms import ConfirmForm, RenameForm, ReportOptionsForm
from assessment.web.assessments.imports import import_upload
from assessment.web.assessments.models import Assessment
from assessment.web.assessments.prerender import prerender
from assessment.web.library import get_catalogue
from assessment.web.limits import expensive_limit, limiter

MAX_COMPARED = 4


@bp.post("/a/<token>/report-options")
def report_options(token: str) -> BaseResponse:
    row = by_edit_token(token)
    form = ReportOptionsForm()
    if form.validate_on_submit():
        store.update_fields(
            row, prepared_by=form.prepared_by.data or "", marking=form.marking.data or ""
        )
        prerender(row)
        flash(_("Report options saved."), "success")
    else:
        flash(
            _(
                "Report options not saved: %(problems)s",
                problems="; ".join(e for es in form.errors.values() for e in es),
            ),
            "error",
        )
    return redirect(url_for(".result", token=token))


@bp.post("/a/<token>/rename")
def rename(token: str) -> BaseResponse:
    row = by_edit_token(token)
    form = RenameForm()
    activity, problems = None, [_("a title is required")]
    if form.validate_on_submit():
        try:
            activity = row.activity_model().model_copy(update={"title": form.title.data})
            activity = Activity.model_validate(activity.model_dump())
            problems = []
        except ValidationError as exc:
            problems = [e["msg"] for e in exc.errors()]
    if activity is None:
        flash(
            _(
                "Not renamed: %(problems)s",
                problems="; ".join(problems + [e for es in form.errors.values() for e in es]),
            ),
            "error",
        )
    else:
        store.update_activity(row, activity, None)
        flash(_("Renamed."), "success")
    return redirect(url_for(".result", token=token))


@bp.post("/a/<token>/duplicate")
def duplicate(token: str) -> BaseResponse:
    row = by_edit_token(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    copy = store.duplicate(row)
    flash(_("Duplicated. You are now editing the copy: change what differs."), "success")
    return redirect(url_for(".describe", token=copy.edit_token))


@bp.route("/a/<token>/delete", methods=["GET", "POST"])
def delete(token: str) -> str | BaseResponse:
    row = by_edit_token(token)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        store.delete(row)
        flash(_("Deleted “%(title)s”.", title=row.title), "success")
        return redirect(url_for("pages.home"))
    return render_template("assessments/delete.html", row=row, form=form)


def _export(row: Assessment) -> Response:
    doc = store.document_for(store.catalogue_of(row), row)
    response = Response(dump_document(doc), mimetype="application/json")
    response.headers["Content-Disposition"] = "attachment; filename=due-regard-assessment.json"
    return response


@bp.route("/a/<token>/export.json")
def export(token: str) -> Response:
    return _export(by_edit_token(token))


@bp.route("/s/<share_token>/export.json")
def export_shared(share_token: str) -> Response:
    return _export(by_share_token(share_token))


@bp.post("/import")
@limiter.limit(expensive_limit)
def import_file() -> str | BaseResponse | tuple[str, int]:
    catalogue = get_catalogue()
    outcome = import_upload(catalogue)
    if outcome.problems:
        return render_template("assessments/import_errors.html", outcome=outcome), 400
    assert outcome.document is not None
    doc = outcome.document
    row = store.create(
        outcome.catalogue or catalogue,
        doc.activity,
        dict(doc.answers),
        prepared_by=doc.prepared_by,
        marking=doc.marking,
    )
    flash(_("Imported “%(title)s”.", title=row.title), "success")
    return redirect(url_for(".result", token=row.edit_token))


@bp.route("/compare")
def compare() -> str | tuple[str, int] | BaseResponse:
    """Compare by share tokens only: a forwarded comparison must never grant edit rights.

    Any assessment can be compared by pasting its share link; pasted links are normalised to
    bare share tokens, so the address bar (and the PDF link) holds share tokens and nothing else.
    """
    catalogue = get_catalogue()
    given = [v for v in request.args.getlist("t") if v.strip()]
    tokens = list(dict.fromkeys(share_token_from(v) for v in given))
    if len(tokens) > MAX_COMPARED:
        abort(400, description=f"compare between 2 and {MAX_COMPARED} assessments")
    if tokens != given:
        return redirect(url_for(".compare", t=tokens))
    if len(tokens) < 2:
        return render_template("assessments/compare_pick.html", mine=store.remembered()), 200
    rows = [by_share_token(t) for t in tokens]
    reports = [store.report_for(catalogue, r) for r in rows]
    return render_template(
        "assessments/compare.html", rows=rows, reports=reports, catalogue=catalogue, tokens=tokens
    )
