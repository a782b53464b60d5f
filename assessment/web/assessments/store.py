"""Reading and writing stored assessments; the only place that changes Assessment rows.

Every change is one short ``writing()`` transaction: the row is re-read (locked on PostgreSQL)
inside it, so the revision check and the change happen under the write lock, and nothing else
(form building, validation, rendering) is.
"""

from dataclasses import dataclass
from typing import Any

from flask import session
from sqlalchemy import select

from assessment.catalogue import Catalogue
from assessment.exchange import ExchangeDocument, make_document
from assessment.inputs import Activity, Answer
from assessment.migration import Migration
from assessment.report import Report, build_report
from assessment.scorecard import INSUFFICIENT
from assessment.scoring import score
from assessment.web.assessments.models import Assessment
from assessment.web.db import db, utcnow, writing
from assessment.web.library import catalogue_hash, get_catalogue

# The session cookie lists this browser's assessments by row id, never by edit token: a copied
# or logged cookie must not be a key to anything (ids open nothing; the home page links are built
# server-side from the rows). "mine" is the old cookie key, which held edit tokens.
MINE_KEY = "mine_ids"
LEGACY_MINE_KEY = "mine"
MAX_REMEMBERED = 100


class Conflict(Exception):
    """The assessment changed since the form was loaded (another tab, another person)."""


@dataclass(frozen=True)
class Listed:
    """One row of a list page. ``headline`` is what the result page leads with: a band id, or
    "" when the facts do not support a band (then ``band_low``/``band_high`` bound it)."""

    assessment: Assessment
    headline: str
    band_low: str
    band_high: str
    score: float
    complete: bool


def _remembered_ids() -> list[int]:
    """Row ids from the cookie; an old cookie's edit tokens become ids once, then are dropped."""
    ids = [i for i in session.get(MINE_KEY, []) if isinstance(i, int)]
    legacy = session.pop(LEGACY_MINE_KEY, None)
    if legacy:
        tokens = [t for t in legacy if isinstance(t, str)][:MAX_REMEMBERED]
        query = select(Assessment.edit_token, Assessment.id).where(
            Assessment.edit_token.in_(tokens)
        )
        found = {token: row_id for token, row_id in db.session.execute(query)}
        ids = list(dict.fromkeys(ids + [found[t] for t in tokens if t in found]))
        session[MINE_KEY] = ids[:MAX_REMEMBERED]
    return ids


def remember(assessment: Assessment) -> None:
    """This browser made or imported it: list it on the home page (row ids, newest first)."""
    mine = [i for i in _remembered_ids() if i != assessment.id]
    session[MINE_KEY] = [assessment.id, *mine][:MAX_REMEMBERED]


def forget(assessment: Assessment) -> None:
    session[MINE_KEY] = [i for i in _remembered_ids() if i != assessment.id]


def remembered(search: str = "") -> list[Assessment]:
    """This browser's assessments, newest first; ``search`` keeps those whose title contains it."""
    ids = _remembered_ids()
    if not ids:
        return []
    query = select(Assessment).where(Assessment.id.in_(ids))
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(Assessment.title.ilike(pattern, escape="\\"))
    rows = db.session.scalars(query).all()
    order = {i: n for n, i in enumerate(ids)}
    return sorted(rows, key=lambda a: order[a.id])


def new_row(catalogue: Catalogue, activity: Activity, answers: dict[str, Answer]) -> Assessment:
    """An unsaved row holding the three stored inputs: catalogue version, activity, answers."""
    return Assessment(
        title=activity.title,
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        catalogue_hash=catalogue_hash(),
        activity=activity.model_dump(mode="json"),
        answers={qid: a.model_dump(mode="json") for qid, a in sorted(answers.items())},
    )


def create(
    catalogue: Catalogue,
    activity: Activity,
    answers: dict[str, Answer],
    prepared_by: str = "",
    marking: str = "",
) -> Assessment:
    row = new_row(catalogue, activity, answers)
    row.prepared_by, row.marking = prepared_by, marking
    with writing():
        db.session.add(row)
    remember(row)
    return row


def _bump(row: Assessment, revision: int | None) -> None:
    """Call inside ``writing()``: re-reads the row under the lock, then checks its revision."""
    db.session.refresh(row, with_for_update=True)
    if revision is not None and revision != row.revision:
        raise Conflict()
    row.revision += 1
    row.updated_at = utcnow()
    row.catalogue_hash = catalogue_hash()


def update_activity(row: Assessment, activity: Activity, revision: int | None) -> None:
    """Replace the description; answers to questions that no longer apply are kept, not scored."""
    with writing():
        _bump(row, revision)
        row.activity = activity.model_dump(mode="json")
        row.title = activity.title


def update_answers(
    row: Assessment, changes: dict[str, Answer | None], revision: int | None
) -> None:
    """Set (or clear, with None) the given answers in one transaction, after a revision check."""
    dumped = {qid: a.model_dump(mode="json") if a else None for qid, a in changes.items()}
    with writing():
        _bump(row, revision)
        answers: dict[str, Any] = dict(row.answers or {})
        for qid, answer in dumped.items():
            if answer is None:
                answers.pop(qid, None)
            else:
                answers[qid] = answer
        row.answers = dict(sorted(answers.items()))


def update_fields(row: Assessment, **fields: str) -> None:
    with writing():
        _bump(row, None)
        for name, value in fields.items():
            setattr(row, name, value)


def migrate(row: Assessment, migration: Migration, revision: int | None) -> None:
    """Move the row to the migration's catalogue version with its carried-over answers; the
    questions to ask again are left unanswered."""
    with writing():
        _bump(row, revision)
        row.catalogue_version = migration.to_version
        answers = sorted(migration.answers.items())
        row.answers = {qid: a.model_dump(mode="json") for qid, a in answers}


def duplicate(row: Assessment) -> Assessment:
    copy = Assessment(
        title=f"Copy of {row.title}"[:200],
        catalogue_id=row.catalogue_id,
        catalogue_version=row.catalogue_version,
        catalogue_hash=row.catalogue_hash,
        activity={**row.activity, "title": f"Copy of {row.title}"[:200]},
        answers=dict(row.answers or {}),
        prepared_by=row.prepared_by,
        marking=row.marking,
    )
    with writing():
        db.session.add(copy)
    remember(copy)
    return copy


def delete(row: Assessment) -> None:
    forget(row)
    with writing():
        db.session.delete(row)


def scored_answers(catalogue: Catalogue, row: Assessment) -> dict[str, Answer]:
    """The stored answers that apply to the activity's current kinds (others are kept, unused)."""
    kinds = row.activity_model().kinds
    answers = row.answer_models()
    return {
        qid: a for qid, a in answers.items() if (q := catalogue.question(qid)) and q.applies(kinds)
    }


def catalogue_of(row: Assessment) -> Catalogue:
    """The catalogue version the row was answered on: it is scored on that version, always."""
    return get_catalogue(row.catalogue_version)


def report_for(catalogue: Catalogue, row: Assessment) -> Report:
    return build_report(catalogue, row.activity_model(), scored_answers(catalogue, row))


def document_for(catalogue: Catalogue, row: Assessment) -> ExchangeDocument:
    return make_document(
        catalogue,
        row.activity_model(),
        scored_answers(catalogue, row),
        prepared_by=row.prepared_by or "",
        marking=row.marking or "",
    )


def listed(catalogue: Catalogue, rows: list[Assessment]) -> list[Listed]:
    """Band and score for a list page: scores only, no recommendations, so it stays cheap."""
    out = []
    for row in rows:
        answered_on = catalogue if row.catalogue_version == catalogue.version else catalogue_of(row)
        kinds = row.activity_model().kinds
        card = score(answered_on, kinds, scored_answers(answered_on, row))
        complete = all(q.status != "unanswered" for q in card.questions)
        overall = card.overall
        headline = overall.band if overall.method == 1 else overall.headline
        if headline == INSUFFICIENT:
            headline = ""
        low = overall.band_low or overall.band
        out.append(Listed(row, headline, low, overall.band_high or low, overall.score, complete))
    return out
