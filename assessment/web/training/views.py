"""Training pages. Facilitator pages are reached only by the facilitator token (anything else
is a 404); participant pages only by the join code plus the participant's cookie."""

import csv
import io
import json
from datetime import date
from typing import Any

import segno
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers import Response as BaseResponse

from assessment.catalogue import Catalogue, Criterion, Question
from assessment.errors import CatalogueError
from assessment.scenarios import Scenario, ScenarioLibraryError, load_scenarios
from assessment.web import pdf
from assessment.web.access import by_edit_token
from assessment.web.catalogue_store import KEY as CATALOGUE_KEY
from assessment.web.catalogue_store import get_catalogue
from assessment.web.limits import expensive_limit, limiter
from assessment.web.reports import send_pdf
from assessment.web.training import service
from assessment.web.training.forms import (
    ConfirmForm,
    CreateFromAssessmentForm,
    CreateFromScenarioForm,
    JoinForm,
    NotesForm,
    answer_choices,
    make_answer_form,
    new_join_nonce,
)
from assessment.web.training.models import TrainingSession

bp = Blueprint("training", __name__, url_prefix="/training")

SCENARIOS_KEY = "due_regard.scenarios"
COOKIE_PREFIX = "dr_participant_"  # one cookie per session, named by its join code
COOKIE_MAX_AGE = 2 * 24 * 3600
CONTROL_FIELDS = {"csrf_token", "key", "autosave", "action"}


@bp.record_once
def _load_scenarios(state: BlueprintSetupState) -> None:
    """Validate the scenario library at start-up, like the catalogue; fail fast when broken."""
    app: Flask = state.app
    catalogue = app.extensions.get(CATALOGUE_KEY)
    if isinstance(catalogue, CatalogueError) or catalogue is None:
        app.extensions[SCENARIOS_KEY] = {}
        return
    try:
        app.extensions[SCENARIOS_KEY] = load_scenarios(app.config["SCENARIOS_PATH"], catalogue)
    except ScenarioLibraryError:
        if app.config.get("SCENARIOS_DEFER_ERRORS"):
            app.extensions[SCENARIOS_KEY] = {}
            return
        raise


def scenarios() -> dict[str, Scenario]:
    return dict(current_app.extensions.get(SCENARIOS_KEY, {}))


def _facilitated(token: str) -> TrainingSession:
    row = service.by_facilitator_token(token)
    if row is None:
        abort(404)
    return row


def _questions(
    catalogue: Catalogue, row: TrainingSession
) -> list[tuple[Criterion, list[Question]]]:
    return catalogue.sections(service.activity_of(row).kinds)


def _client() -> str:
    return request.remote_addr or "unknown"


# --- facilitator -----------------------------------------------------------------------------


def _private(html: str, status: int = 200) -> Response:
    """A page holding a join nonce: never stored by a cache, so no two browsers share one."""
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/")
def index() -> Response:
    catalogue = current_app.extensions.get(CATALOGUE_KEY)
    return _private(
        render_template(
            "training/index.html",
            scenarios=scenarios(),
            catalogue=catalogue if isinstance(catalogue, Catalogue) else None,
            form=CreateFromScenarioForm(),
            assessment_form=CreateFromAssessmentForm(),
            join_form=JoinForm(data={"nonce": new_join_nonce()}),
        )
    )


@bp.post("/sessions")
def create() -> BaseResponse:
    form = CreateFromScenarioForm()
    scenario = scenarios().get(form.scenario_id.data or "")
    if not form.validate_on_submit() or scenario is None:
        abort(400)
    row = service.create_from_scenario(get_catalogue(), scenario)
    flash(
        "Session created. Keep this page's address private: it is your facilitator link.", "success"
    )
    return redirect(url_for(".dashboard", token=row.facilitator_token))


def _edit_token_from(link: str) -> str:
    """Accept a whole edit link (…/a/<token>/…) or the bare token."""
    parts = [p for p in link.strip().split("?")[0].split("/") if p]
    if "a" in parts and parts.index("a") + 1 < len(parts):
        return parts[parts.index("a") + 1]
    return parts[-1] if parts else ""


@bp.post("/sessions/from-assessment")
def create_from_assessment() -> BaseResponse | tuple[str, int]:
    form = CreateFromAssessmentForm()
    if not form.validate_on_submit():
        abort(400)
    source = by_edit_token(_edit_token_from(form.link.data or ""))
    row = service.create_from_assessment(get_catalogue(), source)
    flash("Session created from the assessment; its answers are the reference.", "success")
    return redirect(url_for(".dashboard", token=row.facilitator_token))


def _join_url(row: TrainingSession) -> str:
    return url_for(".join", code=row.join_code, _external=True)


def _qr_svg(row: TrainingSession) -> str:
    # Generated markup from our own URL, not user text: safe to inline.
    # No width/height, only a viewBox: the stylesheet sizes it (large on a projector).
    return segno.make(_join_url(row), error="m").svg_inline(
        scale=6, svgclass="qr", lineclass=None, omitsize=True
    )


def _dashboard_context(row: TrainingSession, debrief: bool = False) -> dict[str, Any]:
    catalogue = get_catalogue()
    questions = {q.id: (c, q) for c, q in catalogue.questions()}
    summary = service.group_summary(catalogue, row)
    return {
        "row": row,
        "catalogue": catalogue,
        "counts": service.counts(row),
        "summary": summary,
        # Where the room strays furthest from the reference comes first.
        "against_reference": sorted(
            (s for s in summary.questions if s.agreement is not None),
            key=lambda s: s.agreement or 0.0,
        ),
        "questions": questions,
        "labels": _labels(catalogue),
        "debrief": debrief,
        "expired": service.is_expired(row),
    }


def _labels(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    return {q.id: dict(answer_choices(q)) for _, q in catalogue.questions()}


@bp.route("/f/<token>")
def dashboard(token: str) -> str:
    row = _facilitated(token)
    return render_template(
        "training/dashboard.html",
        qr=_qr_svg(row),
        join_url=_join_url(row),
        confirm=ConfirmForm(),
        notes_form=NotesForm(data={"notes": row.debrief_notes}),
        **_dashboard_context(row),
    )


@bp.route("/f/<token>/debrief")
def debrief(token: str) -> str:
    row = _facilitated(token)
    return render_template(
        "training/debrief.html",
        qr=_qr_svg(row),
        join_url=_join_url(row),
        **_dashboard_context(row, debrief=True),
    )


@bp.route("/f/<token>/live.json")
def live(token: str) -> Response:
    row = _facilitated(token)
    context = _dashboard_context(row, debrief=request.args.get("debrief") == "1")
    html = render_template("training/_aggregates.html", **context)
    response = jsonify(
        joined=context["counts"].joined,
        submitted=context["counts"].submitted,
        closed=row.closed,
        html=html,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _set_closed(token: str, closed: bool, message: str) -> BaseResponse:
    row = _facilitated(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    service.set_closed(row, closed)
    flash(message, "success")
    return redirect(url_for(".dashboard", token=token))


@bp.post("/f/<token>/close")
def close(token: str) -> BaseResponse:
    return _set_closed(token, True, "Session closed: later submissions are refused.")


@bp.post("/f/<token>/reopen")
def reopen(token: str) -> BaseResponse:
    return _set_closed(token, False, "Session reopened: participants may submit again.")


@bp.post("/f/<token>/notes")
def notes(token: str) -> BaseResponse:
    row = _facilitated(token)
    form = NotesForm()
    if not form.validate_on_submit():
        abort(400)
    service.set_notes(row, form.notes.data or "")
    flash("Debrief notes saved.", "success")
    return redirect(url_for(".dashboard", token=token))


def export_data(row: TrainingSession) -> dict[str, Any]:
    """Aggregates and the bare answer sets: no participant ids, tokens, times or order."""
    summary = service.group_summary(get_catalogue(), row)
    return {
        "format": "due-regard-training-export",
        "version": 1,
        "scenario": row.scenario_id,
        "title": row.title,
        "catalogue": {"id": row.catalogue_id, "version": row.catalogue_version},
        "activity": row.activity,
        "submitted": summary.submitted,
        "reference": row.reference,
        "questions": [
            {
                "id": s.question_id,
                "criterion": s.criterion_id,
                "distribution": dict(
                    zip(s.distribution.options, s.distribution.counts, strict=True)
                ),
                "divergence": round(s.divergence, 4),
                "reference": s.reference,
                "agreement": None if s.agreement is None else round(s.agreement, 4),
            }
            for s in summary.questions
        ],
        "responses": [] if summary.hidden else service.responses(row),
    }


@bp.route("/f/<token>/export.json")
def export_json(token: str) -> Response:
    row = _facilitated(token)
    response = Response(json.dumps(export_data(row), indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = "attachment; filename=training-results.json"
    return response


@bp.route("/f/<token>/export.csv")
def export_csv(token: str) -> Response:
    row = _facilitated(token)
    data = export_data(row)
    ids = [q.id for _, qs in _questions(get_catalogue(), row) for q in qs]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ids)
    for answers in data["responses"]:
        writer.writerow([answers.get(qid, "") for qid in ids])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=training-responses.csv"
    return response


@bp.get("/f/<token>/report.pdf")
@limiter.limit(expensive_limit)
def report_pdf(token: str) -> Response:
    """The group report PDF: the scenario and the room's aggregates, never an identifier."""
    row = _facilitated(token)
    catalogue = get_catalogue()
    summary = service.group_summary(catalogue, row)
    group = pdf.GroupDetails(
        title=row.title,
        activity=service.activity_of(row),
        fact_sheet=tuple(row.fact_sheet or ()),
        prompts=tuple(row.prompts or ()),
        reference=dict(row.reference or {}),
        notes=row.debrief_notes or "",
        joined=service.counts(row).joined,
        closed=row.closed,
        dated=date.today(),
    )
    return send_pdf(pdf.group_job(catalogue, group, summary))


# --- participants ----------------------------------------------------------------------------


def _join_page(form: JoinForm, status: int = 200) -> Response:
    if not form.nonce.data or form.nonce.errors:
        form.nonce.data = new_join_nonce()
    return _private(render_template("training/join.html", form=form), status)


def _refuse_join(form: JoinForm, message: str, status: int) -> Response:
    form.code.errors = [*form.code.errors, message]
    return _join_page(form, status)


@bp.route("/join", methods=["GET", "POST"])
@bp.route("/join/<code>", methods=["GET"])
def join(code: str = "") -> BaseResponse:
    form = JoinForm(data={"code": code} if code else None)
    if request.method == "GET":
        return _join_page(form)
    try:
        service.check_join_allowed(_client())
    except service.TooManyAttempts:
        return _refuse_join(form, "Too many wrong codes from here. Wait ten minutes.", 429)
    if not form.validate_on_submit():
        return _join_page(form, 400)
    row = service.by_join_code(form.code.data or "")
    if row is None:
        service.record_join_failure(_client())
        return _refuse_join(form, "No session has this code. Check it on the screen.", 404)
    existing = service.participant_for(row, request.cookies.get(_cookie(row)))
    if existing is not None:  # already seated (a second click, or back from another page)
        return redirect(url_for(".answer", code=row.join_code))
    try:
        token = service.join(row, form.nonce.data or None)
    except service.JoinRefused:
        message = "This session is closed." if row.closed else "This join code has expired."
        return _refuse_join(form, message, 410)
    response = redirect(url_for(".answer", code=row.join_code))
    response.set_cookie(
        _cookie(row),
        token,
        max_age=COOKIE_MAX_AGE,
        path=url_for(".index"),
        httponly=True,
        secure=request.is_secure,
        samesite="Lax",
    )
    return response


def _seated(code: str) -> tuple[TrainingSession, Any]:
    row = service.by_join_code(code)
    if row is None or row.join_code != code:
        abort(404)
    participant = service.participant_for(row, request.cookies.get(_cookie(row)))
    return row, participant


def _cookie(row: TrainingSession) -> str:
    return f"{COOKIE_PREFIX}{row.join_code}"


def _answer_context(row: TrainingSession, participant: Any, form: Any) -> dict[str, Any]:
    submission = service.submission_of(participant)
    return {
        "row": row,
        "form": form,
        "steps": _questions(get_catalogue(), row),
        "submission": submission,
        "draft": participant.draft or {},
    }


def _posted_answers(row: TrainingSession) -> dict[str, str]:
    posted = {k[2:]: v for k, v in request.form.items() if k.startswith("q_") and v}
    return service.clean_answers(get_catalogue(), row, posted)


@bp.route("/r/<code>", methods=["GET"])
def answer(code: str) -> str | BaseResponse:
    row, participant = _seated(code)
    if participant is None:
        return redirect(url_for(".join", code=code))
    steps = _questions(get_catalogue(), row)
    form_class = make_answer_form([q for _, qs in steps for q in qs])
    form = form_class(data={"key": _new_key()})
    return render_template("training/answer.html", **_answer_context(row, participant, form))


def _new_key() -> str:
    import secrets

    return secrets.token_urlsafe(16)


@bp.post("/r/<code>/save")
def save(code: str) -> Response | tuple[Response, int] | BaseResponse:
    row, participant = _seated(code)
    if participant is None:
        return jsonify(message="You are not in this session: join again with the code."), 403
    form = make_answer_form([q for _, qs in _questions(get_catalogue(), row) for q in qs])()
    if not form.validate_on_submit():
        return jsonify(message="Not saved: reload the page and try again."), 400
    service.save_draft(participant, _posted_answers(row))
    message = (
        "Draft saved. The session is closed, so it will not be counted."
        if row.closed
        else "Draft saved."
    )
    if request.form.get("autosave") == "1":
        return jsonify(message=message, closed=row.closed)
    flash(message, "success")
    return redirect(url_for(".answer", code=code))


@bp.post("/r/<code>/submit")
def submit(code: str) -> Any:
    row, participant = _seated(code)
    wants_json = request.accept_mimetypes.best == "application/json"
    if participant is None:
        if wants_json:
            return jsonify(message="You are not in this session: join again with the code."), 403
        return redirect(url_for(".join", code=code))
    steps = _questions(get_catalogue(), row)
    form = make_answer_form([q for _, qs in steps for q in qs])()
    if not form.validate_on_submit() or not form.key.data:
        if wants_json:
            return jsonify(message="Not submitted: reload the page and try again."), 400
        flash(
            "Not submitted: the form was out of date. Your answers are below; submit again.",
            "error",
        )
        return render_template(
            "training/answer.html", **_answer_context(row, participant, form)
        ), 400
    answers = _posted_answers(row)
    try:
        outcome = service.submit(row, participant, answers, form.key.data)
    except service.SessionClosed:
        message = (
            "The facilitator has closed this session, so your answers were not counted. "
            "They are kept below as your draft."
        )
        if wants_json:
            return jsonify(message=message, closed=True), 409
        flash(message, "error")
        form.key.data = _new_key()
        return render_template(
            "training/answer.html", **_answer_context(row, participant, form)
        ), 409
    if wants_json:
        return jsonify(message="Submitted.", revision=outcome.revision, replayed=outcome.replayed)
    flash(
        "Submitted. You may change your answers and submit again until the session closes.",
        "success",
    )
    return redirect(url_for(".answer", code=code))
