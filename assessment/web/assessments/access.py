"""Capability links: an edit token and a separate read-only share token; a wrong one is a 404."""

from flask import abort
from sqlalchemy import select
from werkzeug.exceptions import NotFound

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
