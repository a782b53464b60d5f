"""What the room answered, as a group: counts, bare answer sets, the cached aggregate."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from assessment.aggregate import GroupSummary, summarise
from assessment.catalogue import Catalogue
from assessment.web.db import db
from assessment.web.library import texts_key
from assessment.web.training.models import (
    Participant,
    Submission,
    TrainingSession,
)
from assessment.web.training.service import activity_of, reference_options

MAX_USED_KEYS = 20
CODE_RETRIES = 8


@dataclass(frozen=True)
class Counts:
    joined: int
    submitted: int
    repeat_seats: int = 0  # seats from a device that already had one: flagged, not hidden
    repeat_submissions: int = 0  # submissions from such seats


def counts(row: TrainingSession) -> Counts:
    joined = db.session.scalar(
        select(func.count()).select_from(Participant).where(Participant.session_id == row.id)
    )
    submitted = db.session.scalar(
        select(func.count()).select_from(Submission).where(Submission.session_id == row.id)
    )
    first_seats = (
        select(func.min(Participant.id))
        .where(Participant.session_id == row.id, Participant.device_hash.is_not(None))
        .group_by(Participant.device_hash)
    )
    repeats = select(Participant.id).where(
        Participant.session_id == row.id,
        Participant.device_hash.is_not(None),
        Participant.id.not_in(first_seats),
    )
    repeat_seats = db.session.scalar(select(func.count()).select_from(repeats.subquery()))
    repeat_submissions = db.session.scalar(
        select(func.count()).select_from(Submission).where(Submission.participant_id.in_(repeats))
    )
    return Counts(joined or 0, submitted or 0, repeat_seats or 0, repeat_submissions or 0)


def responses(row: TrainingSession) -> list[dict[str, str]]:
    """Submitted answers only, in a canonical order that says nothing about who came first."""
    answers = db.session.scalars(
        select(Submission.answers).where(Submission.session_id == row.id)
    ).all()
    return sorted((dict(a) for a in answers), key=lambda a: sorted(a.items()))


def group_summary(catalogue: Catalogue, row: TrainingSession) -> GroupSummary:
    """The room's aggregate, scored once per change of the submissions, not on every poll.

    A dashboard polls every few seconds; re-scoring 200 submissions each time was most of its
    cost. The key (session, number of submissions, sum of their revisions) changes with every
    new or changed submission, so a cached summary is never stale.
    """
    min_group = max(3, int(current_app.config["TRAINING_MIN_GROUP"]))
    number, revisions = db.session.execute(
        select(func.count(), func.coalesce(func.sum(Submission.revision), 0)).where(
            Submission.session_id == row.id
        )
    ).one()
    # The facilitator token names the session uniquely, even across databases; its activity
    # and reference answers never change once it is created. The summary carries question
    # texts, so each language (and translation file) has its own entry: counts are by id.
    key = (texts_key(catalogue), row.facilitator_token, number, revisions, min_group)
    found = _SUMMARIES.get(key)
    if found is None:
        found = summarise(
            catalogue,
            activity_of(row).kinds,
            responses(row),
            reference_options(row),
            min_group=min_group,
        )
        if len(_SUMMARIES) >= MAX_CACHED_SUMMARIES:
            _SUMMARIES.pop(next(iter(_SUMMARIES)))  # the oldest entry
        _SUMMARIES[key] = found
    return found


MAX_CACHED_SUMMARIES = 128  # sessions running at once on one app server, with room to spare
_SUMMARIES: dict[tuple[object, ...], GroupSummary] = {}
