"""A consultation brief: two readings of one activity, their gaps and the agenda, shaped once for
the page, the PDF, the command line and the API. Pure."""

from dataclasses import dataclass, replace
from typing import Any

from assessment.catalogue import Catalogue, Question
from assessment.exchange import ExchangeDocument, check_document, make_document
from assessment.migration import migrate
from assessment.perception import (
    GAP_LABELS,
    GAPS,
    AgendaItem,
    Comparison,
    QuestionGap,
    Reading,
    SideAnswer,
    compare,
)
from assessment.printable import breakable
from assessment.versions import CatalogueLibrary

SIDES = ("ours", "theirs")
PERSPECTIVE_ROLES = {
    "own": "self-assessment by the acting State",
    "other": "rating by another (affected or concerned) State",
}


@dataclass(frozen=True)
class SideInfo:
    """Who a reading is, as far as its document says."""

    key: str  # "ours" or "theirs"
    name: str  # what the user calls it: a title, a file name
    title: str
    actor: str
    perspective: str

    @property
    def role(self) -> str:
        return PERSPECTIVE_ROLES.get(self.perspective, self.perspective)


@dataclass(frozen=True)
class ChannelInfo:
    id: str
    label: str
    use: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Brief:
    catalogue: Catalogue
    ours: SideInfo
    theirs: SideInfo
    ours_doc: ExchangeDocument
    theirs_doc: ExchangeDocument
    comparison: Comparison
    notes: tuple[str, ...]

    def question(self, question_id: str) -> Question:
        found = self.catalogue.question(question_id)
        assert found is not None
        return found

    def channel(self, channel_id: str) -> ChannelInfo:
        return channel_info(self.catalogue, channel_id)

    def channels_of(self, item: AgendaItem) -> tuple[ChannelInfo, ...]:
        """The item's channels, each with only the norms that the question's advice cites."""
        question = self.question(item.question_id)
        cited = frozenset(n for a in question.recommendations.values() for n in a.norms)
        return tuple(channel_info(self.catalogue, ch, cited) for ch in item.channels)

    def band_label(self, band_id: str) -> str:
        if band_id in {b.id for b in self.catalogue.bands}:
            return self.catalogue.band(band_id).label
        return band_id.replace("_", " ").capitalize()  # "Insufficient information"

    def ask_for(self, item: AgendaItem) -> str:
        """What the affected State can ask for on this gap: the catalogue's advice to it for the
        worse reading it holds (or the other side admits), or how to establish an unknown fact."""
        gap = self.comparison.question(item.question_id)
        question = self.question(item.question_id)
        assert gap is not None
        affected_first = (
            (gap.theirs, gap.ours)
            if self.theirs.perspective == "other" or self.ours.perspective != "other"
            else (gap.ours, gap.theirs)
        )
        for side in affected_first:
            advice = question.recommendations.get(side.option or "")
            if advice is not None:
                return advice.text_for("other")
        return self.catalogue.unknown_advice("other")

    def criterion_title(self, criterion_id: str) -> str:
        return next((c.title for c in self.catalogue.criteria if c.id == criterion_id), "")

    def counts(self) -> dict[str, int]:
        return {gap: self.comparison.count(gap) for gap in GAPS}


def channel_info(
    catalogue: Catalogue, channel_id: str, cited: frozenset[str] | None = None
) -> ChannelInfo:
    """A channel with the norms it rests on: all of them, or only those ``cited`` by a question."""
    channel = next(c for c in catalogue.channels if c.id == channel_id)
    norms = [catalogue.norm(n) for n in channel.norms if cited is None or n in cited]
    titles = tuple(dict.fromkeys(n.title for n in norms if n is not None))
    return ChannelInfo(channel.id, channel.label, channel.use, titles)


def _side(key: str, name: str, doc: ExchangeDocument) -> SideInfo:
    activity = doc.activity
    return SideInfo(key, name, activity.title, activity.actor, activity.perspective)


def _notes(ours: SideInfo, theirs: SideInfo, comparison: Comparison) -> tuple[str, ...]:
    """What a delegation should know before reading the gaps."""
    notes = []
    if ours.actor and theirs.actor and ours.actor.casefold() != theirs.actor.casefold():
        notes.append(
            f"The two readings name different actors (“{ours.actor}” and “{theirs.actor}”): "
            "check that they describe the same activity."
        )
    if ours.perspective == theirs.perspective:
        notes.append(
            "Both readings take the same perspective; a consultation usually holds the acting "
            "State's self-assessment against an affected State's rating."
        )
    if comparison.kinds_ours != comparison.kinds_theirs:
        notes.append(
            "The two readings describe the activity as different kinds, so some questions were "
            "asked of one side only; they appear as information gaps."
        )
    return tuple(notes)


def carried_forward(
    library: CatalogueLibrary, doc: ExchangeDocument, name: str
) -> tuple[ExchangeDocument, str] | None:
    """A reading answered on an older catalogue version, carried to the current one by the
    declared mapping so both readings can be held question by question; None if no mapping."""
    old = library.get(doc.catalogue.version)
    current = library.current
    mapping = library.mapping(doc.catalogue.version, current.version)
    if old is None or mapping is None or check_document(old, doc):
        return None
    moved = migrate(old, current, mapping, doc.activity, doc.answers)
    asked = len(moved.to_ask)
    note = (
        f"{name} was answered on catalogue {old.version} and is shown on {current.version} by "
        f"the declared mapping: {len(moved.answers)} answers carried over"
        + (
            f", {asked} question{'s' if asked != 1 else ''} to ask again (shown as not answered)"
            if asked
            else ""
        )
        + "."
    )
    return make_document(current, doc.activity, moved.answers), note


def build_brief(
    catalogue: Catalogue,
    ours: ExchangeDocument,
    theirs: ExchangeDocument,
    names: tuple[str, str] = ("Ours", "Theirs"),
    notes: tuple[str, ...] = (),
) -> Brief:
    """Hold two readings (already checked against this catalogue) against each other."""
    comparison = compare(
        catalogue,
        Reading(ours.activity, ours.answers),
        Reading(theirs.activity, theirs.answers),
    )
    a, b = _side("ours", names[0], ours), _side("theirs", names[1], theirs)
    return Brief(catalogue, a, b, ours, theirs, comparison, notes + _notes(a, b, comparison))


def _printable_answer(side: SideAnswer) -> SideAnswer:
    return replace(side, justification=breakable(side.justification))


def _printable_gap(gap: QuestionGap) -> QuestionGap:
    return replace(gap, ours=_printable_answer(gap.ours), theirs=_printable_answer(gap.theirs))


def _printable_side(side: SideInfo) -> SideInfo:
    return replace(
        side, name=breakable(side.name), title=breakable(side.title), actor=breakable(side.actor)
    )


def printable(brief: Brief) -> Brief:
    """The brief as printed: every user text made breakable; the attached documents untouched."""
    comparison = replace(
        brief.comparison, questions=tuple(_printable_gap(q) for q in brief.comparison.questions)
    )
    return replace(
        brief,
        ours=_printable_side(brief.ours),
        theirs=_printable_side(brief.theirs),
        comparison=comparison,
        notes=tuple(breakable(n) for n in brief.notes),
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _agenda_json(brief: Brief, rank: int, item: AgendaItem) -> dict[str, Any]:
    question = brief.question(item.question_id)
    return {
        "rank": rank,
        "question_id": item.question_id,
        "question": question.text,
        "criterion_id": item.criterion_id,
        "gap": item.gap,
        "figure": item.figure,
        "measure": item.measure,
        "ask": brief.ask_for(item),
        "channels": list(item.channels),
        "gain": _rounded(item.gain),
        "gain_ours": _rounded(item.gain_ours),
        "gain_theirs": _rounded(item.gain_theirs),
        "bands_moved": item.bands_moved,
    }


def to_json(brief: Brief) -> dict[str, Any]:
    """The brief as JSON: per question both options and the gap class; the ranked agenda."""
    c = brief.comparison
    sides = {}
    for info, figures in ((brief.ours, c.overall.ours), (brief.theirs, c.overall.theirs)):
        sides[info.key] = {
            "name": info.name,
            "title": info.title,
            "actor": info.actor,
            "perspective": info.perspective,
            "score": _rounded(figures.score),
            "band": figures.band,
            "headline": figures.headline,
            "transparency": _rounded(figures.transparency),
        }
    used = sorted({ch for item in c.agenda for ch in item.channels})
    return {
        "format": "due-regard/consultation",
        "catalogue": {"id": c.catalogue_id, "version": c.catalogue_version},
        "ours": sides["ours"],
        "theirs": sides["theirs"],
        "notes": list(brief.notes),
        "overall": {
            "score_gap": _rounded(c.overall.score_gap),
            "band_gap": c.overall.band_gap,
            "transparency_gap": _rounded(c.overall.transparency_gap),
        },
        "counts": brief.counts(),
        "criteria": [
            {
                "criterion_id": g.criterion_id,
                "title": g.title,
                "ours": _rounded(g.ours),
                "theirs": _rounded(g.theirs),
                "gap": _rounded(g.gap),
            }
            for g in c.criteria
        ],
        "questions": [
            {
                "question_id": q.question_id,
                "criterion_id": q.criterion_id,
                "figure": q.figure,
                "gap": q.gap,
                "ours_option": q.ours.option,
                "theirs_option": q.theirs.option,
                "ours": _answer_json(q.ours),
                "theirs": _answer_json(q.theirs),
            }
            for q in c.questions
        ],
        "agenda": [_agenda_json(brief, i, item) for i, item in enumerate(c.agenda, start=1)],
        "channels": {
            ch: {
                "label": info.label,
                "use": info.use,
                "references": list(info.references),
            }
            for ch in used
            for info in [brief.channel(ch)]
        },
    }


def _answer_json(side: SideAnswer) -> dict[str, Any]:
    return {
        "option": side.option,
        "label": side.label,
        "evidence": side.evidence,
        "justification": side.justification,
        "asked": side.asked,
    }


def summary_lines(brief: Brief, limit: int = 10) -> list[str]:
    """A plain-text summary for the command line."""
    c = brief.comparison
    lines = []
    for info, figures in ((brief.ours, c.overall.ours), (brief.theirs, c.overall.theirs)):
        lines.append(
            f"{info.name}: {info.title} — {info.role}: {figures.score:.0f}/100, "
            f"{brief.band_label(figures.headline)}"
            + (
                f"; transparency {figures.transparency:.0f}"
                if figures.transparency is not None
                else ""
            )
        )
    lines.append(
        f"Gap: {c.overall.score_gap:.1f} points, {c.overall.band_gap} band(s) apart. "
        + ", ".join(f"{GAP_LABELS[g].lower()}: {n}" for g, n in brief.counts().items())
    )
    lines += [f"Note: {note}" for note in brief.notes]
    lines.append("Consultation agenda (what settling each gap would move):")
    if not c.agenda:
        lines.append("  nothing to raise: the two readings agree on every question")
    for rank, item in enumerate(c.agenda[:limit], start=1):
        channels = ", ".join(brief.channel(ch).label for ch in item.channels) or "—"
        lines.append(
            f"  {rank:>2}. [{GAP_LABELS[item.gap]}] {item.question_id} "
            f"(±{item.gain:.1f} {item.figure}"
            + (f", {item.bands_moved} band(s)" if item.bands_moved else "")
            + ")"
        )
        if item.measure:
            lines.append(f"      settle by: {item.measure}")
        lines.append(f"      channels: {channels}")
    if len(c.agenda) > limit:
        lines.append(f"  … and {len(c.agenda) - limit} more (--json lists them all)")
    return lines
