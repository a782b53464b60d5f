"""Pairings: made by share link (never an edit link) or from an imported document, listed and
read back only through the edit link of the assessment that made them."""

import re
from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from assessment.catalogue import Catalogue
from assessment.consultation import Brief, build_brief
from assessment.errors import ExchangeError, Problem
from assessment.exchange import ExchangeDocument, check_document, dump_document
from assessment.web.assessments import store
from assessment.web.assessments.models import Assessment
from assessment.web.consultations.models import Pairing
from assessment.web.db import db, plausible_token, writing

MAX_PAIRINGS = 20
NAMES = ("Your reading", "Their reading")
_SHARE = re.compile(r"/s/([A-Za-z0-9_-]+)")
_EDIT = re.compile(r"/a/[A-Za-z0-9_-]+")
_BARE = re.compile(r"[A-Za-z0-9_-]{16,64}")


class PairingError(ValueError):
    """A pairing that cannot be made, with the reason to show."""


def share_token_in(link: str) -> str:
    """The share token in a pasted share link (or a bare token); an edit link is refused."""
    link = link.strip()
    found = _SHARE.search(link)
    if found:
        return found.group(1)
    if _EDIT.search(link):
        raise PairingError(
            _(
                "this is an edit link: paste the other reading’s share link (its address has "
                "/s/ in it); pairing never uses or grants edit rights"
            )
        )
    if _BARE.fullmatch(link):
        return link
    raise PairingError(_("this is not a Due Regard share link"))


def by_share_token(token: str) -> Assessment | None:
    if not plausible_token(token):
        return None
    return db.session.scalar(select(Assessment).where(Assessment.share_token == token))


def pairings(row: Assessment) -> list[Pairing]:
    query = select(Pairing).where(Pairing.assessment_id == row.id).order_by(Pairing.id.desc())
    return list(db.session.scalars(query).all())


def _room(row: Assessment) -> None:
    if len(pairings(row)) >= MAX_PAIRINGS:
        raise PairingError(
            _("an assessment can hold at most %(num)s pairings; unpair one", num=MAX_PAIRINGS)
        )


def pair_with_share_token(row: Assessment, token: str) -> Pairing:
    other = by_share_token(token)
    if other is None:
        raise PairingError(_("no assessment has this share link"))
    if other.id == row.id:
        raise PairingError(_("this is the share link of this same assessment"))
    existing = db.session.scalar(
        select(Pairing).where(Pairing.assessment_id == row.id, Pairing.other_id == other.id)
    )
    if existing is not None:
        return existing
    _room(row)
    pairing = Pairing(assessment_id=row.id, other_id=other.id, other_name=other.title[:200])
    with writing():
        db.session.add(pairing)
    return pairing


def pair_with_document(row: Assessment, name: str, doc: ExchangeDocument) -> Pairing:
    _room(row)
    pairing = Pairing(
        assessment_id=row.id,
        other_document=doc.model_dump(mode="json"),
        other_name=(doc.activity.title or name)[:200],
    )
    with writing():
        db.session.add(pairing)
    return pairing


def pairing_of(row: Assessment, pairing_id: int) -> Pairing:
    """One of this assessment's pairings; any other id is a 404, as a wrong token is."""
    pairing = db.session.get(Pairing, pairing_id)
    if pairing is None or pairing.assessment_id != row.id:
        abort(404)
    return pairing


def unpair(pairing: Pairing) -> None:
    with writing():
        db.session.delete(pairing)


def other_document(catalogue: Catalogue, pairing: Pairing) -> ExchangeDocument:
    """The other reading as it stands now (a stored one) or as it was imported."""
    if pairing.other_id is not None:
        other = db.session.get(Assessment, pairing.other_id)
        if other is None:
            abort(404)
        return store.document_for(catalogue, other)
    doc = ExchangeDocument.model_validate(pairing.other_document)
    problems = check_document(catalogue, doc)
    if problems:
        raise ExchangeError(pairing.other_name, problems)
    return doc


@dataclass(frozen=True)
class Outcome:
    brief: Brief | None
    problems: tuple[Problem, ...]


def brief_for(catalogue: Catalogue, row: Assessment, pairing: Pairing) -> Outcome:
    try:
        theirs = other_document(catalogue, pairing)
    except ExchangeError as exc:
        return Outcome(None, exc.problems)
    ours = store.document_for(catalogue, row)
    return Outcome(build_brief(catalogue, ours, theirs, NAMES), ())


def document_bytes(doc: ExchangeDocument) -> bytes:
    return dump_document(doc).encode("utf-8")
