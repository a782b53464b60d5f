"""Method 1.0 (catalogue 1.x): one weighted average of every criterion, unknowns at the midpoint,
red lines clamping the score one point below the next band. Kept so that assessments answered on
catalogue 1.0.0 still show their original result."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assessment.catalogue_model import NOT_APPLICABLE, UNKNOWN, Catalogue, Criterion, Question
from assessment.errors import AnswerError
from assessment.inputs import Answer
from assessment.scorecard import (
    CriterionScore,
    Overall,
    QuestionScore,
    RedLineHit,
    Scorecard,
    Status,
)


def _midpoint(question: Question) -> float:
    return (question.worst_score + question.best_score) / 2


def score_question(
    catalogue: Catalogue, criterion: Criterion, question: Question, answer: Answer | None
) -> QuestionScore:
    """Score one applicable question; unknown and unanswered span the whole option range."""
    lo, hi, mid = question.worst_score, question.best_score, _midpoint(question)
    status: Status
    if answer is None:
        status, option_id, point, low, high, confidence = "unanswered", None, mid, lo, hi, 0.0
    elif answer.option == UNKNOWN:
        status, option_id, point, low, high, confidence = "unknown", UNKNOWN, mid, lo, hi, 0.0
    elif answer.option == NOT_APPLICABLE:
        status, option_id, point, low, high, confidence = "not_applicable", None, 0, 0, 0, 0.0
    else:
        option = question.option(answer.option)
        if option is None:
            raise AnswerError(question.id, answer.option)
        status, option_id = "answered", option.id
        point = low = high = option.score
        confidence = _evidence_confidence(catalogue, answer.evidence)
    return QuestionScore(
        question_id=question.id,
        criterion_id=criterion.id,
        status=status,
        option_id=option_id,
        point=point,
        low=low,
        high=high,
        weight=question.weight,
        confidence=confidence,
    )


def _evidence_confidence(catalogue: Catalogue, evidence_id: str | None) -> float:
    """An answer with no stated basis is trusted like the weakest basis the catalogue knows."""
    basis = catalogue.evidence(evidence_id) if evidence_id else None
    if basis is None:
        return min(e.confidence for e in catalogue.evidence_bases)
    return basis.confidence


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    pairs = list(pairs)
    total = sum(weight for weight, _ in pairs)
    return sum(weight * value for weight, value in pairs) / total if total else None


def _criterion_score(criterion: Criterion, scores: list[QuestionScore]) -> CriterionScore:
    counted = [s for s in scores if s.counts]

    def mean(attr: str) -> float | None:
        value = _weighted_mean((s.weight, getattr(s, attr)) for s in counted)
        return None if value is None else 100 * value

    return CriterionScore(
        criterion_id=criterion.id,
        title=criterion.title,
        kind=criterion.kind,
        weight=criterion.weight,
        score=mean("point"),
        low=mean("low"),
        high=mean("high"),
        confidence=(mean("confidence") or 0.0) / 100,
        applicable=len(scores),
        answered=sum(s.status in ("answered", "not_applicable") for s in scores),
    )


def _cap(catalogue: Catalogue, hits: tuple[RedLineHit, ...]) -> float:
    """The highest score allowed by the harshest red line: one point below the next band up."""
    if not hits:
        return 100.0
    rank = max(catalogue.band_rank(h.cap) for h in hits)
    return 100.0 if rank == 0 else catalogue.bands[rank - 1].min - 1


def _red_lines(catalogue: Catalogue, scores: Iterable[QuestionScore]) -> tuple[RedLineHit, ...]:
    hits = []
    for s in scores:
        question = catalogue.question(s.question_id)
        red = question.red_line(s.option_id) if question and s.option_id else None
        if red is not None:
            hits.append(RedLineHit(s.question_id, red.option, red.cap, red.statement))
    return tuple(hits)


def _overall(
    catalogue: Catalogue, criteria: list[CriterionScore], hits: tuple[RedLineHit, ...]
) -> Overall:
    scored = [c for c in criteria if c.score is not None]

    def mean(attr: str) -> float:
        return _weighted_mean((c.weight, getattr(c, attr)) for c in scored) or 0.0

    ceiling = _cap(catalogue, hits)
    raw = mean("score")
    score = min(raw, ceiling)
    return Overall(
        score=score,
        raw_score=raw,
        low=min(mean("low"), ceiling),
        high=min(mean("high"), ceiling),
        confidence=mean("confidence"),
        band=catalogue.band_for(score).id,
        capped=raw > ceiling,
    )


def score(catalogue: Catalogue, kinds: Iterable[str], answers: Mapping[str, Answer]) -> Scorecard:
    """Score the answers to the questions that apply to an activity of these kinds.

    Answers to questions that do not apply are ignored here; the exchange reader rejects them.
    """
    by_criterion: dict[str, list[QuestionScore]] = {}
    for criterion, question in catalogue.applicable_questions(kinds):
        scored = score_question(catalogue, criterion, question, answers.get(question.id))
        by_criterion.setdefault(criterion.id, []).append(scored)
    criteria = [
        _criterion_score(c, by_criterion[c.id]) for c in catalogue.criteria if c.id in by_criterion
    ]
    questions = tuple(s for c in criteria for s in by_criterion[c.criterion_id])
    hits = _red_lines(catalogue, questions)
    return Scorecard(_overall(catalogue, criteria, hits), tuple(criteria), questions, hits)


@dataclass(frozen=True)
class WhatIf:
    """The overall score if one answer moved to its best option: as capped, and before any cap."""

    score: float
    raw_score: float


def score_if_best(catalogue: Catalogue, card: Scorecard, question_id: str) -> WhatIf:
    """The overall score if this one answer moved to its best option, everything else unchanged.

    Only its criterion changes, so the new overall follows from the scorecard without rescoring.
    """
    moved = next(s for s in card.questions if s.question_id == question_id)
    question = catalogue.question(question_id)
    assert question is not None and moved.counts
    siblings = sum(
        s.weight for s in card.questions if s.criterion_id == moved.criterion_id and s.counts
    )
    criterion = next(c for c in card.criteria if c.criterion_id == moved.criterion_id)
    assert criterion.score is not None
    rise = 100 * moved.weight * (question.best_score - moved.point) / siblings
    weights = sum(c.weight for c in card.criteria if c.score is not None)
    raw = card.overall.raw_score + criterion.weight * rise / weights
    remaining = tuple(h for h in card.red_lines if h.question_id != question_id)
    return WhatIf(score=min(raw, _cap(catalogue, remaining)), raw_score=raw)
