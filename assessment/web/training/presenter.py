"""The presenter view: what the projector shows, reached by its own read-only token.

One screen at a time: the join code, then one question per screen (most contested first), then
the room against the reference. It controls nothing; reference answers appear only once the
facilitator reveals them (the reveal state is stored with the session, so the view follows).
"""

from dataclasses import dataclass
from typing import Any

from flask import Response, abort, jsonify, render_template, request, url_for

from assessment.aggregate import GroupSummary, QuestionStat
from assessment.web.http import uncached_page
from assessment.web.i18n import current_language
from assessment.web.library import get_catalogue
from assessment.web.training import group, service
from assessment.web.training.blueprint import bp
from assessment.web.training.forms import option_labels
from assessment.web.training.models import TrainingSession
from assessment.web.training.qr import qr_svg
from assessment.web.training.texts import session_texts

START, END = "start", "end"


@dataclass(frozen=True)
class Screen:
    """Where a screen sits in the running order, and its neighbours (None at either end)."""

    name: str  # START, END or a question id
    position: int
    total: int
    previous: str | None
    following: str | None


def _presented(token: str) -> TrainingSession:
    row = service.by_presenter_token(token)
    if row is None:
        abort(404)
    return row


def running_order(summary: GroupSummary) -> list[str]:
    """The join screen, each measured question (most contested first), the summary."""
    return [START, *(s.question_id for s in summary.questions if s.shown), END]


def _screen(order: list[str], name: str) -> Screen:
    at = order.index(name) if name in order else 0
    return Screen(
        name=name,
        position=at + 1,
        total=len(order),
        previous=order[at - 1] if at > 0 else None,
        following=order[at + 1] if at + 1 < len(order) else None,
    )


def _screen_url(row: TrainingSession, name: str | None) -> str | None:
    if name is None:
        return None
    lang = _language()
    if name == START:
        return url_for(".presenter_start", token=row.presenter_token, lang=lang)
    if name == END:
        return url_for(".presenter_end", token=row.presenter_token, lang=lang)
    return url_for(".presenter_question", token=row.presenter_token, question_id=name, lang=lang)


def _language() -> str | None:
    """The facilitator's language, carried by ?lang= from the dashboard's presenter link (the
    projector's browser has its own choice, which the view does not follow)."""
    return current_language().code if request.args.get("lang") else None


def _context(row: TrainingSession, name: str) -> dict[str, Any]:
    catalogue = get_catalogue()
    summary = group.group_summary(catalogue, row)
    screen = _screen(running_order(summary), name)
    stat: QuestionStat | None = next((s for s in summary.questions if s.question_id == name), None)
    questions = {q.id: (c, q) for c, q in catalogue.questions()}
    return {
        "row": row,
        "catalogue": catalogue,
        "summary": summary,
        "counts": group.counts(row),
        "labels": option_labels(catalogue),
        "screen": screen,
        "stat": stat,
        "criterion": questions[name][0] if name in questions else None,
        "revealed": {
            s.question_id for s in summary.questions if service.is_revealed(row, s.question_id)
        },
        "previous_url": _screen_url(row, screen.previous),
        "next_url": _screen_url(row, screen.following),
        "live_url": url_for(
            ".presenter_live", token=row.presenter_token, screen=name, lang=_language()
        ),
        "expired": service.is_expired(row),
        "texts": session_texts(row),
    } | (_join_panel(row) if name == START else {})


def _join_panel(row: TrainingSession) -> dict[str, str]:
    join_url = url_for(".join", code=row.join_code, _external=True)
    return {"qr": qr_svg(join_url), "join_url": join_url}


def _page(row: TrainingSession, name: str) -> Response:
    context = _context(row, name)
    response = uncached_page(render_template("training/presenter.html", **context))
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _known_question(row: TrainingSession, question_id: str) -> bool:
    return any(q.id == question_id for _, qs in service.sections(get_catalogue(), row) for q in qs)


@bp.route("/p/<token>")
def presenter_start(token: str) -> Response:
    return _page(_presented(token), START)


@bp.route("/p/<token>/q/<question_id>")
def presenter_question(token: str, question_id: str) -> Response:
    row = _presented(token)
    if not _known_question(row, question_id):
        abort(404)
    return _page(row, question_id)


@bp.route("/p/<token>/end")
def presenter_end(token: str) -> Response:
    return _page(_presented(token), END)


@bp.route("/p/<token>/live.json")
def presenter_live(token: str) -> Response:
    """The current screen's content, for the page to refresh without reloading."""
    row = _presented(token)
    name = request.args.get("screen", START)
    if name not in (START, END) and not _known_question(row, name):
        abort(404)
    context = _context(row, name)
    response = jsonify(
        html=render_template("training/_presenter_screen.html", **context),
        previous=context["previous_url"],
        next=context["next_url"],
    )
    response.headers["Cache-Control"] = "no-store"
    return response
