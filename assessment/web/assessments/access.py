"""Capability links: an edit token and a separate read-only share token; a wrong one is a 404."""

from dataclasses import dataclass
from typing import Any

from flask import abort
from sqlalchemy import bindparam, select
from werkzeug.exceptions import NotFound

from assessment.inputs import Activity
from assessment.web.assessments.models import Assessment
from assessment.web.db import db, plausible_token


def _by(column: str, token: str) -> Assessment:
    if not plausible_token(token):
        abort(404)
    found = db.session.scalar(select(Assessment).where(getattr(Assessment, column) == token))
    if found is None:
        abort(404)
    return found


def by_edit_token(token: str) -> Assessment:
    return _by("edit_token", token)


def by_share_token(token: str) -> Assessment:
    return _by("share_token", token)


def share_token_from(text: str) -> str:
    """A pasted share link (…/s/<token>…) or a bare share token, as the bare token."""
    parts = [p for p in text.strip().split("?")[0].split("#")[0].split("/") if p]
    if "s" in parts and parts.index("s") + 1 < len(parts):
        return parts[parts.index("s") + 1]
    return parts[-1] if parts else ""


def by_any_token(token: str) -> Assessment:
    """Read-only uses (comparison, API) accept either link; callers never reveal which it was."""
    try:
        return by_edit_token(token)
    except NotFound:
        return by_share_token(token)


@dataclass(frozen=True)
class EditView:
    """What a questionnaire page shows of a stored assessment: read, never written through."""

    edit_token: str
    title: str
    revision: int
    catalogue_version: str
    activity: dict[str, Any]
    answers: dict[str, Any]

    def activity_model(self) -> Activity:
        return Activity.model_validate(self.activity)


_EDIT_VIEW = select(
    Assessment.edit_token,
    Assessment.title,
    Assessment.revision,
    Assessment.catalogue_version,
    Assessment.activity,
    Assessment.answers,
).where(Assessment.edit_token == bindparam("token"))


def edit_view(token: str) -> EditView:
    """One indexed Core query on a connection of its own: no ORM session, identity map or
    object loading for a page that only shows the row (a fifth of a step page's time)."""
    if not plausible_token(token):
        abort(404)
    with db.engine.connect() as conn:
        found = conn.execute(_EDIT_VIEW, {"token": token}).one_or_none()
    if found is None:
        abort(404)
    return EditView(
        found.edit_token,
        found.title,
        found.revision,
        found.catalogue_version,
        found.activity,
        found.answers or {},
    )
