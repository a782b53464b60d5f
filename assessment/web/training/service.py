"""Reading and writing training sessions: the only place that changes training rows.

Every write is one short ``writing()`` transaction: on SQLite it begins with BEGIN IMMEDIATE, so
concurrent submissions queue, but only for their own statements (the form is built and checked
before, the page rendered after); on PostgreSQL the unique constraints and row locks do the job.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assessment.catalogue import Catalogue, Criterion, Question
from assessment.inputs import Activity
from assessment.scenarios import Scenario, allowed_options
from assessment.web.assessments.models import Assessment
from assessment.web.db import db, utcnow, writing
from assessment.web.training.models import (
    Participant,
    Submission,
    TrainingSession,
    new_join_code,
    token_hash,
)
from assessment.web.training.texts import DEFAULT_PROMPT, NO_JUSTIFICATION

MAX_USED_KEYS = 20
CODE_RETRIES = 8


class SessionClosed(Exception):
    """The facilitator has closed the session: submissions are no longer counted."""


class JoinRefused(Exception):
    """No open session has this code, or it has expired."""


@dataclass(frozen=True)
class SubmitOutcome:
    revision: int
    replayed: bool  # the same key was seen before: nothing changed


def _expires() -> datetime:
    return utcnow() + timedelta(hours=current_app.config["TRAINING_JOIN_HOURS"])


def _insert_session(row: TrainingSession) -> TrainingSession:
    """Store a new session, drawing another join code on the rare collision."""
    for _ in range(CODE_RETRIES):
        row.join_code = new_join_code()
        try:
            with writing():
                db.session.add(row)
            return row
        except IntegrityError:
            pass
    raise RuntimeError("could not draw a free join code")


def create_from_scenario(catalogue: Catalogue, scenario: Scenario) -> TrainingSession:
    reference = {qid: ref.model_dump() for qid, ref in scenario.reference.items()}
    return _insert_session(
        TrainingSession(
            scenario_id=scenario.id,
            title=scenario.title,
            catalogue_id=catalogue.id,
            catalogue_version=catalogue.version,
            activity=scenario.activity.model_dump(mode="json"),
            reference=reference,
            fact_sheet=list(scenario.fact_sheet),
            prompts=list(scenario.prompts),
            join_expires_at=_expires(),
        )
    )


def create_from_assessment(catalogue: Catalogue, source: Assessment) -> TrainingSession:
    """The stored assessment's answers become the reference; its justifications the rationale."""
    activity = source.activity_model()
    applicable = {q.id for _, q in catalogue.applicable_questions(activity.kinds)}
    reference = {
        qid: {"option": a.option, "rationale": a.justification or NO_JUSTIFICATION}
        for qid, a in source.answer_models().items()
        if qid in applicable
    }
    facts = [activity.description] if activity.description else []
    if activity.objects:
        facts.append(f"Objects: {activity.objects}")
    return _insert_session(
        TrainingSession(
            scenario_id=None,
            title=activity.title,
            catalogue_id=catalogue.id,
            catalogue_version=catalogue.version,
            activity=activity.model_dump(mode="json"),
            reference=reference,
            fact_sheet=facts or [activity.title],
            prompts=[DEFAULT_PROMPT],
            join_expires_at=_expires(),
        )
    )


def by_facilitator_token(token: str) -> TrainingSession | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(TrainingSession).where(TrainingSession.facilitator_token == token)
    )


def by_presenter_token(token: str) -> TrainingSession | None:
    """The session behind a presenter link: read-only, it opens no facilitator page."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(TrainingSession).where(TrainingSession.presenter_token == token)
    )


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())[:16]


def by_join_code(code: str) -> TrainingSession | None:
    code = normalise_code(code)
    if not code:
        return None
    return db.session.scalar(select(TrainingSession).where(TrainingSession.join_code == code))


def activity_of(row: TrainingSession) -> Activity:
    return Activity.model_validate(row.activity)


def sections(catalogue: Catalogue, row: TrainingSession) -> list[tuple[Criterion, list[Question]]]:
    """The session's questions, criterion by criterion, in questionnaire order."""
    return catalogue.sections(activity_of(row).kinds)


def is_expired(row: TrainingSession) -> bool:
    expires = row.join_expires_at
    if expires.tzinfo is None:  # SQLite hands back naive datetimes
        expires = expires.replace(tzinfo=UTC)
    return expires <= utcnow()


# --- participants -------------------------------------------------------------------------


def _seat_token(row: TrainingSession, nonce: str) -> str:
    """The cookie token for a join form's nonce: the same nonce always gives the same seat.

    Keyed with the app's secret, so a nonce alone (without the secret) does not reveal the
    token; the nonce is random per join page, so it says nothing about who joined.
    """
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    digest = hmac.new(secret, f"training-seat|{row.id}|{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode("ascii").rstrip("=")


def device_hash(row: TrainingSession, device: str) -> str:
    """The device mark as stored: keyed by the secret and the session, so the same device in
    two sessions gives two unrelated values, and the mark itself is never stored."""
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    message = f"training-device|{row.id}|{device}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def join(row: TrainingSession, nonce: str | None = None, device: str | None = None) -> str:
    """Seat an anonymous participant; return the token for their cookie.

    With the join form's ``nonce`` this is idempotent: a double click or a retry that races
    ahead of the cookie finds (or, on a lost race, collides with) the seat the first request
    made, and gets the same token back instead of a second seat.

    With a ``device`` mark and a one-per-device session, a device that joins again (its
    participant cookie cleared) is given its earlier seat back, draft and submission included,
    so it still holds one vote. Without the rule its new seat is counted as a repeat.
    """
    token = _seat_token(row, nonce) if nonce else secrets.token_urlsafe(24)
    if nonce and participant_for(row, token) is not None:
        return token
    if row.closed or is_expired(row):
        raise JoinRefused
    mark = device_hash(row, device) if device else None
    session_id, one_per_device = row.id, row.one_per_device
    if mark and one_per_device:
        with writing():
            seat = db.session.scalar(
                select(Participant)
                .where(Participant.session_id == session_id, Participant.device_hash == mark)
                .order_by(Participant.id)
                .limit(1)
            )
            if seat is not None:
                seat.token_hash = token_hash(token)
        if seat is not None:
            return token
    try:
        with writing():
            seat = Participant(
                session_id=session_id, token_hash=token_hash(token), device_hash=mark, draft={}
            )
            db.session.add(seat)
    except IntegrityError:
        # The same nonce was seated by a concurrent request a moment ago: that seat is ours.
        if not nonce:
            raise
    return token


def participant_for(row: TrainingSession, token: str | None) -> Participant | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(Participant).where(
            Participant.session_id == row.id, Participant.token_hash == token_hash(token)
        )
    )


def clean_answers(
    catalogue: Catalogue, row: TrainingSession, answers: dict[str, Any]
) -> dict[str, str]:
    """Keep only answers to this session's questions with an allowed option."""
    kinds = activity_of(row).kinds
    allowed = {q.id: allowed_options(q) for _, q in catalogue.applicable_questions(kinds)}
    return {
        qid: option
        for qid, option in sorted(answers.items())
        if qid in allowed and isinstance(option, str) and option in allowed[qid]
    }


def missing(catalogue: Catalogue, row: TrainingSession, answers: dict[str, str]) -> list[Question]:
    """The session's questions without an answer here, in questionnaire order."""
    return [q for _, qs in sections(catalogue, row) for q in qs if not answers.get(q.id)]


def save_draft(participant: Participant, answers: dict[str, str]) -> None:
    """Autosave: merge into the draft. Allowed after closing, so that nothing typed is lost."""
    with writing():
        db.session.refresh(participant, with_for_update=True)  # a concurrent save merged too
        participant.draft = {**(participant.draft or {}), **answers}


def submission_of(participant: Participant) -> Submission | None:
    return db.session.scalar(select(Submission).where(Submission.participant_id == participant.id))


def submit(
    row: TrainingSession, participant: Participant, answers: dict[str, str], key: str
) -> SubmitOutcome:
    """Count these answers for this participant, once per key; refuse after closing.

    The draft is saved first, in its own transaction, so a refused submission keeps it.
    """
    session_id, participant_id = row.id, participant.id
    save_draft(participant, answers)
    try:
        with writing():
            return _apply_submission(session_id, participant_id, answers, key)
    except IntegrityError:
        # Two requests of the same participant raced to insert: the loser now sees the row.
        with writing():
            return _apply_submission(session_id, participant_id, answers, key)


def _apply_submission(
    session_id: int, participant_id: int, answers: dict[str, str], key: str
) -> SubmitOutcome:
    """Inside ``writing()``: an unchanged replay writes nothing, a closed session raises."""
    closed = db.session.scalar(
        select(TrainingSession.closed).where(TrainingSession.id == session_id)
    )
    if closed:
        raise SessionClosed
    existing = db.session.scalar(
        select(Submission).where(Submission.participant_id == participant_id).with_for_update()
    )
    if existing is None:
        existing = Submission(
            session_id=session_id,
            participant_id=participant_id,
            answers=answers,
            idempotency_key=key,
            used_keys=[key],
            revision=1,
        )
        db.session.add(existing)
        return SubmitOutcome(1, replayed=False)
    if key in (existing.used_keys or []):
        return SubmitOutcome(existing.revision, replayed=True)
    existing.answers = answers
    existing.idempotency_key = key
    existing.used_keys = [*(existing.used_keys or []), key][-MAX_USED_KEYS:]
    existing.revision += 1
    return SubmitOutcome(existing.revision, replayed=False)


def set_closed(row: TrainingSession, closed: bool) -> None:
    with writing():
        db.session.refresh(row, with_for_update=True)
        row.closed = closed


def set_reveal(row: TrainingSession, question_id: str | None, reveal: bool) -> None:
    """Show or hide reference answers on the presenter view: one question, or all of them."""
    with writing():
        db.session.refresh(row, with_for_update=True)  # another tab may have revealed one
        if question_id is None:
            row.reveal_all = reveal
            row.revealed = []
        elif reveal:
            row.revealed = sorted({*(row.revealed or []), question_id})
        else:  # hiding one of "all" keeps the others shown
            shown = set(reference_options(row)) if row.reveal_all else set(row.revealed or [])
            row.reveal_all = False
            row.revealed = sorted(shown - {question_id})


def is_revealed(row: TrainingSession, question_id: str) -> bool:
    return bool(row.reveal_all) or question_id in (row.revealed or [])


def set_one_per_device(row: TrainingSession, one: bool) -> None:
    with writing():
        db.session.refresh(row, with_for_update=True)
        row.one_per_device = one


def set_notes(row: TrainingSession, notes: str) -> None:
    with writing():
        db.session.refresh(row, with_for_update=True)
        row.debrief_notes = notes


def reference_options(row: TrainingSession) -> dict[str, str]:
    return {qid: ref["option"] for qid, ref in (row.reference or {}).items()}
