"""Participant pages, reached only by the join code plus the participant's own cookie."""

import re
import secrets
from typing import Any

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from assessment.web.http import uncached_page
from assessment.web.library import get_catalogue
from assessment.web.limits import client_address, code_limit, limiter
from assessment.web.training import join_limits, service
from assessment.web.training.blueprint import bp
from assessment.web.training.forms import NONCE_RE, JoinForm, make_answer_form, new_join_nonce
from assessment.web.training.models import TrainingSession
from assessment.web.training.texts import session_texts

COOKIE_PREFIX = "dr_participant_"  # one cookie per session, named by its join code
COOKIE_MAX_AGE = 2 * 24 * 3600
# A random mark for this device, kept a year: it lets a one-per-device session give a device
# its own seat back. Only an HMAC of it per session is stored (service.device_hash).
DEVICE_COOKIE = "dr_device"
DEVICE_MAX_AGE = 365 * 24 * 3600


def _client() -> str:
    return client_address()


def _device_mark() -> str | None:
    mark = request.cookies.get(DEVICE_COOKIE, "")
    return mark if re.fullmatch(NONCE_RE, mark) else None


def _join_page(form: JoinForm, status: int = 200) -> Response:
    if not form.nonce.data or form.nonce.errors:
        form.nonce.data = new_join_nonce()
    if not form.device.data or form.device.errors:
        form.device.data = _device_mark() or new_join_nonce()
    return uncached_page(render_template("training/join.html", form=form), status)


def _refuse_join(form: JoinForm, message: str, status: int) -> Response:
    form.code.errors = [*form.code.errors, message]
    return _join_page(form, status)


@bp.route("/join", methods=["GET", "POST"])
@bp.route("/join/<code>", methods=["GET"])
@limiter.limit(code_limit)
def join(code: str = "") -> BaseResponse:
    form = JoinForm(data={"code": code} if code else None)
    if request.method == "GET":
        return _join_page(form)
    try:
        join_limits.check_join_allowed(_client())
    except join_limits.TooManyAttempts:
        return _refuse_join(form, _("Too many wrong codes from here. Wait ten minutes."), 429)
    if not form.validate_on_submit():
        return _join_page(form, 400)
    row = service.by_join_code(form.code.data or "")
    if row is None:
        join_limits.record_join_failure(_client())
        return _refuse_join(form, _("No session has this code. Check it on the screen."), 404)
    existing = service.participant_for(row, request.cookies.get(_cookie(row)))
    if existing is not None:  # already seated (a second click, or back from another page)
        return redirect(url_for(".answer", code=row.join_code))
    try:
        # A form without the field (a script, an old page) still marks the device from now on.
        device = _device_mark() or form.device.data or new_join_nonce()
        token = service.join(row, form.nonce.data or None, device)
    except service.JoinRefused:
        message = _("This session is closed.") if row.closed else _("This join code has expired.")
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
    response.set_cookie(
        DEVICE_COOKIE,
        device,
        max_age=DEVICE_MAX_AGE,
        path=url_for(".index"),
        httponly=True,
        secure=request.is_secure,
        samesite="Lax",
    )
    return response


def _seated(code: str) -> tuple[TrainingSession, Any]:
    """The session and this browser's seat; every wrong code counts against this client."""
    try:
        join_limits.check_join_allowed(_client())
    except join_limits.TooManyAttempts:
        abort(429)
    row = service.by_join_code(code)
    if row is None or row.join_code != code:
        join_limits.record_join_failure(_client())
        abort(404)
    participant = service.participant_for(row, request.cookies.get(_cookie(row)))
    return row, participant


def _cookie(row: TrainingSession) -> str:
    return f"{COOKIE_PREFIX}{row.join_code}"


def _answer_context(
    row: TrainingSession, participant: Any, form: Any, confirm_missing: bool = False
) -> dict[str, Any]:
    submission = service.submission_of(participant)
    draft = participant.draft or {}
    current = draft or (submission.answers if submission else {})
    return {
        "row": row,
        "form": form,
        "steps": service.sections(get_catalogue(), row),
        "submission": submission,
        "draft": draft,
        "missing": service.missing(get_catalogue(), row, current),
        "confirm_missing": confirm_missing,
        "texts": session_texts(row),
    }


def _posted_answers(row: TrainingSession) -> dict[str, str]:
    posted = {k[2:]: v for k, v in request.form.items() if k.startswith("q_") and v}
    return service.clean_answers(get_catalogue(), row, posted)


@bp.route("/r/<code>", methods=["GET"])
@limiter.limit(code_limit)
def answer(code: str) -> str | BaseResponse:
    row, participant = _seated(code)
    if participant is None:
        return redirect(url_for(".join", code=code))
    steps = service.sections(get_catalogue(), row)
    form_class = make_answer_form([q for _, qs in steps for q in qs])
    form = form_class(data={"key": _new_key()})
    return render_template("training/answer.html", **_answer_context(row, participant, form))


def _new_key() -> str:
    return secrets.token_urlsafe(16)


@bp.post("/r/<code>/save")
@limiter.limit(code_limit)
def save(code: str) -> Response | tuple[Response, int] | BaseResponse:
    row, participant = _seated(code)
    if participant is None:
        return jsonify(message=_("You are not in this session: join again with the code.")), 403
    form = make_answer_form([q for _, qs in service.sections(get_catalogue(), row) for q in qs])()
    if not form.validate_on_submit():
        return jsonify(message=_("Not saved: reload the page and try again.")), 400
    service.save_draft(participant, _posted_answers(row))
    message = (
        _("Draft saved. The session is closed, so it will not be counted.")
        if row.closed
        else _("Draft saved.")
    )
    if request.form.get("autosave") == "1":
        return jsonify(message=message, closed=row.closed)
    flash(message, "success")
    return redirect(url_for(".answer", code=code))


@bp.post("/r/<code>/submit")
@limiter.limit(code_limit)
def submit(code: str) -> Any:
    row, participant = _seated(code)
    wants_json = request.accept_mimetypes.best == "application/json"
    if participant is None:
        if wants_json:
            return jsonify(message=_("You are not in this session: join again with the code.")), 403
        return redirect(url_for(".join", code=code))
    steps = service.sections(get_catalogue(), row)
    form = make_answer_form([q for _, qs in steps for q in qs])()
    if not form.validate_on_submit() or not form.key.data:
        if wants_json:
            return jsonify(message=_("Not submitted: reload the page and try again.")), 400
        flash(
            _("Not submitted: the form was out of date. Your answers are below; submit again."),
            "error",
        )
        return render_template(
            "training/answer.html", **_answer_context(row, participant, form)
        ), 400
    answers = _posted_answers(row)
    missing = service.missing(get_catalogue(), row, answers)
    if missing and request.form.get("partial") != "1":
        # Gaps are allowed, but only on purpose: keep the draft and ask first.
        service.save_draft(participant, answers)
        message = _(
            "%(num)s of %(total)s questions are unanswered. Answer them, or submit anyway: "
            "unanswered questions are left out of the figures.",
            num=format_decimal(len(missing)),
            total=format_decimal(len(missing) + len(answers)),
        )
        if wants_json:
            return jsonify(
                message=message,
                incomplete=True,
                missing=[q.id for q in missing],
                answered=len(answers),
                total=len(missing) + len(answers),
            ), 422
        return render_template(
            "training/answer.html",
            **_answer_context(row, participant, form, confirm_missing=True),
        ), 422
    try:
        outcome = service.submit(row, participant, answers, form.key.data)
    except service.SessionClosed:
        message = _(
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
    counted = (
        _("Submitted: all answers counted.")
        if not missing
        else _(
            "Submitted with %(num)s unanswered; those questions are left out.",
            num=format_decimal(len(missing)),
        )
    )
    if wants_json:
        return jsonify(message=counted, revision=outcome.revision, replayed=outcome.replayed)
    flash(
        counted + " " + _("You may change your answers and submit again until the session closes."),
        "success",
    )
    return redirect(url_for(".answer", code=code))
