"""Method 2.0 (catalogue 2.x): conduct decides the band, transparency is its own figure.

Written out for delegates in ``docs/method.md``; keep the two in step.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assessment.catalogue_model import (
    NOT_APPLICABLE,
    UNKNOWN,
    Catalogue,
    Criterion,
    Question,
    RedLine,
)
from assessment.errors import AnswerError
from assessment.inputs import Answer
from assessment.scorecard import (
    INSUFFICIENT,
    CriterionScore,
    Overall,
    QuestionScore,
    RedLineHit,
    Scorecard,
    Status,
)

CAP_MARGIN = 0.1  # a capped score stays this far below the next band up


def _evidence_confidence(catalogue: Catalogue, evidence_id: str | None) -> float:
    """An answer with no stated basis is trusted like the weakest basis the catalogue knows."""
    basis = catalogue.evidence(evidence_id) if evidence_id else None
    if basis is None:
        return min(e.confidence for e in catalogue.evidence_bases)
    return basis.confidence


def score_question(
    catalogue: Catalogue,
    criterion: Criterion,
    question: Question,
    answer: Answer | None,
    perspective: str,
) -> QuestionScore:
    """One question: a missing fact counts at the worst option and spans worst to best, except
    where rating another actor's non-disclosure, which counts as the non-disclosure it is."""
    lo, hi = question.worst_score, question.best_score
    status: Status
    option_id: str | None
    if answer is None or answer.option == UNKNOWN:
        status = "unanswered" if answer is None else "unknown"
        option_id = None if answer is None else UNKNOWN
        point, low, high, confidence = lo, lo, hi, 0.0
        means = question.option(question.unknown_means) if question.unknown_means else None
        if answer is not None and means is not None and perspective == "other":
            point = low = high = means.score
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
        axis=question.axis,
    )


def _mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    pairs = list(pairs)
    total = sum(weight for weight, _ in pairs)
    return 100 * sum(weight * value for weight, value in pairs) / total if total else None


def _criterion_score(criterion: Criterion, scores: list[QuestionScore]) -> CriterionScore:
    counted = [s for s in scores if s.counts]
    return CriterionScore(
        criterion_id=criterion.id,
        title=criterion.title,
        kind=criterion.kind,
        weight=criterion.weight,
        score=_mean((s.weight, s.point) for s in counted),
        low=_mean((s.weight, s.low) for s in counted),
        high=_mean((s.weight, s.high) for s in counted),
        confidence=(_mean((s.weight, s.confidence) for s in counted) or 0.0) / 100,
        applicable=len(scores),
        answered=sum(s.status in ("answered", "not_applicable") for s in scores),
    )


def _harshest_red_line(catalogue: Catalogue, question: Question) -> RedLine | None:
    """The red line an unknown answer could cross: the one with the lowest cap, not merely the
    first option of the lowest score (two options may both score 0 and cap differently)."""
    if not question.red_lines:
        return None
    return max(question.red_lines, key=lambda r: catalogue.band_rank(r.cap))


def _hits(
    catalogue: Catalogue, scores: Iterable[QuestionScore]
) -> tuple[tuple[RedLineHit, ...], tuple[RedLineHit, ...]]:
    """Red lines crossed by known answers, and those an unknown conduct answer could cross."""
    crossed, possible = [], []
    for s in scores:
        question = catalogue.question(s.question_id)
        if question is None or not s.counts:
            continue
        if s.status == "answered" and s.option_id:
            red = question.red_line(s.option_id)
            if red is not None:
                crossed.append(RedLineHit(s.question_id, red.option, red.cap, red.statement))
        elif s.low < s.high:  # a missing fact whose range is still open
            red = _harshest_red_line(catalogue, question)
            if red is not None:
                possible.append(RedLineHit(s.question_id, red.option, red.cap, red.statement))
    return tuple(crossed), tuple(possible)


def capped_score(catalogue: Catalogue, score: float, cap: str | None) -> float:
    """Map an uncapped score into the capped band, keeping order: lower of the score and
    lo + (hi - lo - margin) * score / 100, where lo..hi is the capped band."""
    if cap is None:
        return score
    rank = catalogue.band_rank(cap)
    if rank == 0:
        return score
    lo, hi = catalogue.bands[rank].min, catalogue.bands[rank - 1].min
    return min(score, lo + (hi - lo - CAP_MARGIN) * score / 100)


def _harshest(catalogue: Catalogue, caps: Iterable[str]) -> str | None:
    caps = list(caps)
    return max(caps, key=catalogue.band_rank) if caps else None


def _harm_caps(catalogue: Catalogue, scores: Iterable[QuestionScore], attr: str) -> list[str]:
    """One answer this harmful holds the band down, whatever the others say."""
    settings = catalogue.settings
    return [
        settings.harm_cap
        for s in scores
        if s.counts and s.axis == "conduct" and getattr(s, attr) < settings.harm_threshold
    ]


def _overall(
    catalogue: Catalogue,
    questions: tuple[QuestionScore, ...],
    crossed: tuple[RedLineHit, ...],
    possible: tuple[RedLineHit, ...],
) -> Overall:
    conduct = [s for s in questions if s.counts and s.axis == "conduct"]
    transparency = [s for s in questions if s.counts and s.axis == "transparency"]
    raw = _mean((s.weight, s.point) for s in conduct) or 0.0
    raw_high = _mean((s.weight, s.high) for s in conduct) or 0.0
    # The headline counts every missing fact at its worst, possible red lines included, so a
    # missing fact can never make the result look better than the fact would.
    cap = _harshest(
        catalogue,
        [h.cap for h in crossed + possible] + _harm_caps(catalogue, conduct, "point"),
    )
    high_cap = _harshest(
        catalogue, [h.cap for h in crossed] + _harm_caps(catalogue, conduct, "high")
    )
    score = capped_score(catalogue, raw, cap)
    high = capped_score(catalogue, raw_high, high_cap)
    confidence = (_mean((s.weight, s.confidence) for s in conduct) or 0.0) / 100
    band = catalogue.band_for(score).id
    # A possible red line leaves the band open only if it is harsher than what the known
    # answers already establish (a destroyed satellite is not made clearer by a second unknown).
    known = _harshest(catalogue, [h.cap for h in crossed] + _harm_caps(catalogue, conduct, "high"))
    open_red = [
        h
        for h in possible
        if known is None or catalogue.band_rank(h.cap) > catalogue.band_rank(known)
    ]
    enough = bool(conduct) and confidence >= catalogue.settings.min_confidence and not open_red
    return Overall(
        score=score,
        raw_score=raw,
        low=score,
        high=high,
        confidence=confidence,
        band=band,
        capped=cap is not None and score < raw,
        method=2,
        headline=band if enough else INSUFFICIENT,
        band_low=band,
        band_high=catalogue.band_for(high).id,
        transparency=_mean((s.weight, s.point) for s in transparency),
        transparency_low=_mean((s.weight, s.low) for s in transparency),
        transparency_high=_mean((s.weight, s.high) for s in transparency),
        cap=cap,
    )


def score(
    catalogue: Catalogue,
    kinds: Iterable[str],
    answers: Mapping[str, Answer],
    perspective: str = "other",
) -> Scorecard:
    """Score the answers to the questions that apply to an activity of these kinds."""
    by_criterion: dict[str, list[QuestionScore]] = {}
    for criterion, question in catalogue.applicable_questions(kinds):
        scored = score_question(
            catalogue, criterion, question, answers.get(question.id), perspective
        )
        by_criterion.setdefault(criterion.id, []).append(scored)
    criteria = tuple(
        _criterion_score(c, by_criterion[c.id]) for c in catalogue.criteria if c.id in by_criterion
    )
    questions = tuple(s for c in criteria for s in by_criterion[c.criterion_id])
    crossed, possible = _hits(catalogue, questions)
    overall = _overall(catalogue, questions, crossed, possible)
    return Scorecard(overall, criteria, questions, crossed, possible)


@dataclass(frozen=True)
class Gain:
    """How far one answer's own figure (conduct or transparency) rises if it moved to its best
    option, everything else unchanged: as shown, and before any cap."""

    gain: float
    raw_gain: float


def gain_if_best(
    catalogue: Catalogue,
    kinds: Iterable[str],
    answers: Mapping[str, Answer],
    perspective: str,
    card: Scorecard,
    question_id: str,
) -> Gain:
    question = catalogue.question(question_id)
    assert question is not None
    best = max(question.options, key=lambda o: o.score)
    moved = {**answers, question_id: Answer(option=best.id)}
    after = score(catalogue, kinds, moved, perspective).overall
    before = card.overall
    if question.axis == "transparency":
        delta = (after.transparency or 0.0) - (before.transparency or 0.0)
        return Gain(delta, delta)
    return Gain(after.score - before.score, after.raw_score - before.raw_score)
