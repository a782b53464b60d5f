"""Two readings of one activity held against each other: where they differ, and why.

Typically one side is the acting State's self-assessment and the other an affected State's
rating. Each question's two answers are classified (agreement, information gap, factual or
reading disagreement); criteria and overall figures are compared; and the consultation agenda
ranks what to raise by how far settling it would move either side's result. Pure, and symmetric:
swapping the two readings swaps ``ours`` and ``theirs`` and nothing else.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from assessment.catalogue import NOT_APPLICABLE, UNKNOWN, Catalogue, Question
from assessment.inputs import Activity, Answer
from assessment.scoring import Overall, Scorecard, score

Gap = Literal["agreement", "information_gap", "factual_disagreement", "reading_disagreement"]
GAPS: tuple[Gap, ...] = (
    "agreement",
    "information_gap",
    "factual_disagreement",
    "reading_disagreement",
)
GAP_LABELS: dict[str, str] = {
    "agreement": "Agreement",
    "information_gap": "Information gap",
    "factual_disagreement": "Factual disagreement",
    "reading_disagreement": "Reading disagreement",
}
FIGURE_ORDER = {"conduct": 0, "transparency": 1, "context": 2}
# Among gaps that move a band alike, what the two sides dispute comes before what one side has
# not established: consultations settle disputes; a missing fact is settled by asking for it.
GAP_ORDER = {"factual_disagreement": 0, "reading_disagreement": 0, "information_gap": 1}
# A cited source: a web address, or a document symbol such as A/68/189, ST/SG/SER.E/1011 or a
# NOTAM number (A1234/24). Object names and designators are not sources: both readings of one
# activity name the same objects.
_REFERENCE = re.compile(
    r"https?://[^\s)\]]+|\b(?=[\w.-]*/)(?=[\w./-]*\d)[A-Za-z][\w.-]*(?:/[\w.-]+)+"
)
_WORD = re.compile(r"[a-z]{4,}")
SAME_WORDING = 0.5  # share of distinct words two justifications must have in common


@dataclass(frozen=True)
class Reading:
    """One side's whole reading: the activity as it describes it, and its answers."""

    activity: Activity
    answers: Mapping[str, Answer]


@dataclass(frozen=True)
class SideAnswer:
    """One side's answer to one question; ``option`` None when it was not answered or not asked."""

    option: str | None
    label: str
    evidence: str | None
    justification: str
    asked: bool

    @property
    def uninformed(self) -> bool:
        return self.option in (None, UNKNOWN)


@dataclass(frozen=True)
class QuestionGap:
    question_id: str
    criterion_id: str
    figure: str
    gap: Gap
    ours: SideAnswer
    theirs: SideAnswer


@dataclass(frozen=True)
class CriterionGap:
    criterion_id: str
    title: str
    ours: float | None
    theirs: float | None

    @property
    def gap(self) -> float | None:
        if self.ours is None or self.theirs is None:
            return None
        return abs(self.ours - self.theirs)


@dataclass(frozen=True)
class SideFigures:
    """One side's headline figures."""

    score: float
    band: str
    headline: str
    transparency: float | None

    @classmethod
    def of(cls, overall: Overall) -> "SideFigures":
        return cls(
            score=overall.score,
            band=overall.band,
            headline=overall.headline or overall.band,
            transparency=overall.transparency,
        )


@dataclass(frozen=True)
class OverallGap:
    ours: SideFigures
    theirs: SideFigures
    score_gap: float
    band_gap: int  # how many bands apart the two readings are
    transparency_gap: float | None


@dataclass(frozen=True)
class AgendaItem:
    """One question to raise: what would settle it, through which channels, and how far settling
    it could move either side's result (on the figure the question belongs to)."""

    question_id: str
    criterion_id: str
    gap: Gap
    figure: str
    measure: str | None
    channels: tuple[str, ...]
    gain: float
    gain_ours: float
    gain_theirs: float
    bands_moved: int


@dataclass(frozen=True)
class Comparison:
    catalogue_id: str
    catalogue_version: str
    kinds_ours: tuple[str, ...]
    kinds_theirs: tuple[str, ...]
    questions: tuple[QuestionGap, ...]
    criteria: tuple[CriterionGap, ...]
    overall: OverallGap
    agenda: tuple[AgendaItem, ...]

    def count(self, gap: Gap) -> int:
        return sum(q.gap == gap for q in self.questions)

    def question(self, question_id: str) -> QuestionGap | None:
        return next((q for q in self.questions if q.question_id == question_id), None)


def _kinds(reading: Reading) -> tuple[str, ...]:
    return tuple(sorted(set(reading.activity.kinds)))


def scorecard(catalogue: Catalogue, reading: Reading) -> Scorecard:
    """Score one reading as the method scores it, from its own perspective."""
    return score(catalogue, _kinds(reading), reading.answers, reading.activity.perspective)


def _side_answer(question: Question, reading: Reading) -> SideAnswer:
    asked = question.applies(_kinds(reading))
    answer = reading.answers.get(question.id) if asked else None
    if answer is None:
        label = "Not answered" if asked else "Not asked (the activity kinds differ)"
        return SideAnswer(None, label, None, "", asked)
    option = question.option(answer.option)
    label = {UNKNOWN: "Unknown", NOT_APPLICABLE: "Not applicable"}.get(answer.option, "")
    return SideAnswer(
        option=answer.option,
        label=option.label if option else label,
        evidence=answer.evidence,
        justification=answer.justification,
        asked=asked,
    )


def _undisclosed(question: Question, side: SideAnswer) -> bool:
    """No fact: unknown, unanswered, or the option that records that nothing was disclosed."""
    means = question.unknown_means
    return side.uninformed or (means is not None and side.option == means)


def _references(text: str) -> set[str]:
    """What a justification cites: addresses, document symbols, designators, dates, figures."""
    return {m.group(0).rstrip(".,;:)").lower() for m in _REFERENCE.finditer(text)}


def same_facts(a: SideAnswer, b: SideAnswer) -> bool:
    """Whether two answers rest on the same facts: both cite a common document, designator or
    figure, or they give the same evidence basis in largely the same words."""
    if _references(a.justification) & _references(b.justification):
        return True
    if a.evidence is None or a.evidence != b.evidence:
        return False
    words_a = set(_WORD.findall(a.justification.lower()))
    words_b = set(_WORD.findall(b.justification.lower()))
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) / len(words_a | words_b) >= SAME_WORDING


def classify(question: Question, ours: SideAnswer, theirs: SideAnswer) -> Gap:
    """The kind of gap between two answers to one question; symmetric in its two sides."""
    if ours.option is not None and ours.option == theirs.option and not ours.uninformed:
        return "agreement"
    if _undisclosed(question, ours) or _undisclosed(question, theirs):
        return "information_gap"
    return "reading_disagreement" if same_facts(ours, theirs) else "factual_disagreement"


def _candidates(question: Question, ours: SideAnswer, theirs: SideAnswer) -> list[str]:
    """The answers the two sides could settle on: either side's established fact, or any
    option when neither side has one."""
    known = [s.option for s in (ours, theirs) if s.option is not None and not s.uninformed]
    return sorted(set(known)) if known else [o.id for o in question.options]


def _figure(overall: Overall, figure: str) -> float:
    if figure == "transparency":
        return overall.transparency or 0.0
    return overall.score


@dataclass(frozen=True)
class _Move:
    points: float
    bands: int


def _move(
    catalogue: Catalogue,
    reading: Reading,
    card: Scorecard,
    question: Question,
    figure: str,
    options: list[str],
) -> _Move:
    """How far one side's result moves, at most, if its answer became one of these options."""
    if not question.applies(_kinds(reading)) or figure == "context":
        return _Move(0.0, 0)
    before = card.overall
    current = reading.answers.get(question.id)
    best = _Move(0.0, 0)
    for option in options:
        if current is not None and current.option == option:
            continue
        answers = {**reading.answers, question.id: Answer(option=option)}
        after = scorecard(catalogue, Reading(reading.activity, answers)).overall
        points = abs(_figure(after, figure) - _figure(before, figure))
        bands = abs(catalogue.band_rank(after.band) - catalogue.band_rank(before.band))
        best = _Move(max(best.points, points), max(best.bands, bands))
    return best


def channels_for(catalogue: Catalogue, question: Question) -> tuple[str, ...]:
    """The consultation channels open on this question: those resting on a norm that the
    question's recommendations cite, in catalogue order."""
    norms = {n for advice in question.recommendations.values() for n in advice.norms}
    return tuple(c.id for c in catalogue.channels if norms & set(c.norms))


def _criterion_gaps(
    ours: Scorecard, theirs: Scorecard, catalogue: Catalogue
) -> tuple[CriterionGap, ...]:
    mine = {c.criterion_id: c.score for c in ours.criteria}
    other = {c.criterion_id: c.score for c in theirs.criteria}
    return tuple(
        CriterionGap(c.id, c.title, mine.get(c.id), other.get(c.id))
        for c in catalogue.criteria
        if c.id in mine or c.id in other
    )


def _overall_gap(catalogue: Catalogue, ours: Scorecard, theirs: Scorecard) -> OverallGap:
    a, b = SideFigures.of(ours.overall), SideFigures.of(theirs.overall)
    transparency = (
        abs(a.transparency - b.transparency)
        if a.transparency is not None and b.transparency is not None
        else None
    )
    return OverallGap(
        ours=a,
        theirs=b,
        score_gap=abs(a.score - b.score),
        band_gap=abs(catalogue.band_rank(a.band) - catalogue.band_rank(b.band)),
        transparency_gap=transparency,
    )


def compare(catalogue: Catalogue, ours: Reading, theirs: Reading) -> Comparison:
    """Hold two readings of one activity against each other. Pure and symmetric."""
    card_ours, card_theirs = scorecard(catalogue, ours), scorecard(catalogue, theirs)
    both = set(_kinds(ours)) | set(_kinds(theirs))
    gaps: list[QuestionGap] = []
    ranked: list[tuple[tuple[float, ...], AgendaItem]] = []
    for order, (criterion, question) in enumerate(catalogue.applicable_questions(both)):
        a, b = _side_answer(question, ours), _side_answer(question, theirs)
        figure = question.axis
        gap = classify(question, a, b)
        gaps.append(QuestionGap(question.id, criterion.id, figure, gap, a, b))
        if gap == "agreement":
            continue
        options = _candidates(question, a, b)
        move_ours = _move(catalogue, ours, card_ours, question, figure, options)
        move_theirs = _move(catalogue, theirs, card_theirs, question, figure, options)
        item = AgendaItem(
            question_id=question.id,
            criterion_id=criterion.id,
            gap=gap,
            figure=figure,
            measure=question.measure,
            channels=channels_for(catalogue, question),
            gain=max(move_ours.points, move_theirs.points),
            gain_ours=move_ours.points,
            gain_theirs=move_theirs.points,
            bands_moved=max(move_ours.bands, move_theirs.bands),
        )
        key = (
            -item.bands_moved,
            GAP_ORDER[gap],
            FIGURE_ORDER.get(figure, 3),
            -round(item.gain, 9),
            order,
        )
        ranked.append((key, item))
    return Comparison(
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        kinds_ours=_kinds(ours),
        kinds_theirs=_kinds(theirs),
        questions=tuple(gaps),
        criteria=_criterion_gaps(card_ours, card_theirs, catalogue),
        overall=_overall_gap(catalogue, card_ours, card_theirs),
        agenda=tuple(item for _, item in sorted(ranked, key=lambda t: t[0])),
    )
