"""What a room answered, taken together: distributions, divergence, score spreads, the group
against the reference. Pure functions of the catalogue, the activity kinds and the responses.

A submission may leave questions unanswered. Each question is therefore measured over the
answers given to it, and only where at least ``min_group`` answered: a question skipped by most
of the room is not "contested", and a figure over one or two answers could single someone out.
Scores (which treat a missing answer as a fact not given) are taken over complete answer sets only.

The divergence measure is written out for facilitators in ``docs/training.md``.
"""

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessment.catalogue_model import Catalogue
from assessment.inputs import Answer
from assessment.scorecard import INSUFFICIENT
from assessment.scoring import score

MIN_GROUP = 3  # below this, aggregates could reveal an individual's answers
BIN_WIDTH = 10  # score histograms: 0-9, 10-19, ... 90-100

Response = Mapping[str, str]  # one participant's submitted answers: question id -> option id


@dataclass(frozen=True)
class Distribution:
    """How many chose each option; ``options`` fixes the order (the catalogue's)."""

    options: tuple[str, ...]
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)

    def items(self) -> tuple[tuple[str, int], ...]:
        return tuple(zip(self.options, self.counts, strict=True))

    def share(self, option: str) -> float:
        if not self.total or option not in self.options:
            return 0.0
        return self.counts[self.options.index(option)] / self.total

    def modal(self) -> tuple[str, ...]:
        """The most chosen options (several when tied); empty when nobody answered."""
        if not self.total:
            return ()
        top = max(self.counts)
        return tuple(o for o, c in zip(self.options, self.counts, strict=True) if c == top)


def distribution(options: Sequence[str], answers: Iterable[str | None]) -> Distribution:
    """Count answers per option; unanswered (None) and unknown ids are not counted."""
    counted = Counter(a for a in answers if a is not None)
    return Distribution(tuple(options), tuple(counted.get(o, 0) for o in options))


def normalised_entropy(counts: Sequence[int]) -> float:
    """Shannon entropy of the answers divided by its maximum, ln(number of options): 0 when
    everybody agrees, 1 when answers spread evenly over every option offered."""
    total = sum(counts)
    if total == 0 or len(counts) < 2:
        return 0.0
    entropy = -sum(c / total * math.log(c / total) for c in counts if c)
    return min(1.0, max(0.0, entropy / math.log(len(counts))))


def disagreement(counts: Sequence[int]) -> float:
    """1 − the share of the most chosen option: the part of the room outside the majority view."""
    total = sum(counts)
    return 0.0 if total == 0 else 1 - max(counts) / total


@dataclass(frozen=True)
class QuestionStat:
    """One question over the answers given to it. Below the minimum group (``shown`` false)
    there is no divergence, no agreement and no distribution to print: only the count."""

    question_id: str
    criterion_id: str
    text: str
    distribution: Distribution
    divergence: float | None  # None while fewer than the minimum group answered
    disagreement: float | None
    reference: str | None
    agreement: float | None  # share of those who answered that chose the reference answer
    min_answers: int = MIN_GROUP

    @property
    def answered(self) -> int:
        return self.distribution.total

    @property
    def shown(self) -> bool:
        return self.answered >= self.min_answers

    @property
    def contested(self) -> bool:
        return self.divergence is not None and self.divergence > 0

    @property
    def modal(self) -> tuple[str, ...]:
        return self.distribution.modal() if self.shown else ()

    @property
    def modal_count(self) -> int:
        return max(self.distribution.counts) if self.modal else 0

    @property
    def reference_count(self) -> int:
        """How many of those who answered chose the reference answer."""
        if self.reference is None or self.reference not in self.distribution.options:
            return 0
        return self.distribution.counts[self.distribution.options.index(self.reference)]

    @property
    def tied(self) -> bool:
        return len(self.modal) > 1


@dataclass(frozen=True)
class CriterionSpread:
    """The spread of one criterion's score (0..100) across the room, and the reference's."""

    criterion_id: str
    title: str
    scores: tuple[float, ...]
    reference: float | None

    @property
    def median(self) -> float | None:
        return statistics.median(self.scores) if self.scores else None

    def histogram(self) -> tuple[int, ...]:
        return histogram(self.scores)


@dataclass(frozen=True)
class GroupSummary:
    submitted: int
    hidden: bool  # fewer than MIN_GROUP submissions: show nothing that could single anyone out
    questions: tuple[QuestionStat, ...]  # the most contested first, then those too few answered
    criteria: tuple[CriterionSpread, ...]  # over complete answer sets only
    overall: CriterionSpread
    complete: int = 0  # submissions that answer every question of the session
    question_count: int = 0
    # The headline of each complete answer set, counted: every band in band order, then
    # INSUFFICIENT when some answer sets support no band.
    bands: tuple[tuple[str, int], ...] = ()
    min_group: int = MIN_GROUP

    @property
    def partial(self) -> int:
        return self.submitted - self.complete

    @property
    def scores_shown(self) -> bool:
        return not self.hidden and self.complete >= self.min_group

    @property
    def contested(self) -> tuple[QuestionStat, ...]:
        return tuple(s for s in self.questions if s.contested)

    @property
    def unanimous(self) -> tuple[QuestionStat, ...]:
        return tuple(s for s in self.questions if s.shown and not s.contested)

    @property
    def too_few(self) -> tuple[QuestionStat, ...]:
        """Questions fewer than the minimum group answered: only their count is shown."""
        return tuple(s for s in self.questions if not s.shown)

    @property
    def against_reference(self) -> tuple[QuestionStat, ...]:
        """Questions with a reference answer, the room furthest from it first."""
        with_reference = (s for s in self.questions if s.agreement is not None)
        return tuple(sorted(with_reference, key=lambda s: s.agreement or 0.0))


def histogram(scores: Iterable[float]) -> tuple[int, ...]:
    """Counts per bin of BIN_WIDTH points; 100 falls in the last bin."""
    bins = [0] * (100 // BIN_WIDTH)
    for value in scores:
        bins[min(len(bins) - 1, max(0, int(value // BIN_WIDTH)))] += 1
    return tuple(bins)


def question_stats(
    catalogue: Catalogue,
    kinds: Sequence[str],
    responses: Sequence[Response],
    reference: Mapping[str, str],
    min_answers: int = MIN_GROUP,
) -> tuple[QuestionStat, ...]:
    """One entry per applicable question: those at least ``min_answers`` answered, most
    contested first (catalogue order breaks ties), then the others in catalogue order."""
    stats = []
    for criterion, question in catalogue.applicable_questions(kinds):
        dist = distribution(question.answer_ids(), (r.get(question.id) for r in responses))
        ref = reference.get(question.id)
        enough = dist.total >= min_answers
        stats.append(
            QuestionStat(
                question_id=question.id,
                criterion_id=criterion.id,
                text=question.text,
                distribution=dist,
                divergence=normalised_entropy(dist.counts) if enough else None,
                disagreement=disagreement(dist.counts) if enough else None,
                reference=ref,
                agreement=dist.share(ref) if ref is not None and enough else None,
                min_answers=min_answers,
            )
        )
    order = {s.question_id: i for i, s in enumerate(stats)}

    def rank(s: QuestionStat) -> tuple[int, float, int]:
        if s.divergence is None:
            return (1, 0.0, order[s.question_id])
        return (0, -round(s.divergence, 9), order[s.question_id])

    return tuple(sorted(stats, key=rank))


def is_complete(response: Response, question_ids: Iterable[str]) -> bool:
    return all(response.get(qid) for qid in question_ids)


def _as_answers(catalogue: Catalogue, response: Response) -> dict[str, Answer]:
    """A room's answers rest on the scenario's fact sheet, the exercise's given facts: they are
    scored on the catalogue's strongest evidence basis, so that only an unknown fact (never a
    missing evidence label) can leave an answer set without a band."""
    given = max(catalogue.evidence_bases, key=lambda basis: basis.confidence).id
    return {qid: Answer(option=option, evidence=given) for qid, option in response.items()}


def score_spreads(
    catalogue: Catalogue,
    kinds: Sequence[str],
    responses: Sequence[Response],
    reference: Mapping[str, str],
) -> tuple[tuple[CriterionSpread, ...], CriterionSpread, tuple[tuple[str, int], ...]]:
    """Each criterion's score for every response, the overall score beside the reference, and
    how many responses fall in each band (every band listed, in the catalogue's order)."""
    cards = [score(catalogue, kinds, _as_answers(catalogue, r)) for r in responses]
    ref_card = score(catalogue, kinds, _as_answers(catalogue, reference)) if reference else None
    ref_scores = {c.criterion_id: c.score for c in ref_card.criteria} if ref_card else {}
    spreads = []
    for criterion in catalogue.criteria:
        values = [
            c.score
            for card in cards
            for c in card.criteria
            if c.criterion_id == criterion.id and c.score is not None
        ]
        if values or criterion.id in ref_scores:
            spreads.append(
                CriterionSpread(
                    criterion.id, criterion.title, tuple(values), ref_scores.get(criterion.id)
                )
            )
    overall = CriterionSpread(
        "overall",
        "Overall",
        tuple(c.overall.score for c in cards),
        ref_card.overall.score if ref_card else None,
    )
    # Each answer set counts under the result it leads with: its band, or "insufficient
    # information" when an unknown fact could cross a red line (never the band its conduct
    # score alone falls in).
    in_band = Counter(c.overall.headline or c.overall.band for c in cards)
    bands = tuple((band.id, in_band.get(band.id, 0)) for band in catalogue.bands)
    if in_band.get(INSUFFICIENT):
        bands += ((INSUFFICIENT, in_band[INSUFFICIENT]),)
    return tuple(spreads), overall, bands


def summarise(
    catalogue: Catalogue,
    kinds: Sequence[str],
    responses: Sequence[Response],
    reference: Mapping[str, str],
    min_group: int = MIN_GROUP,
) -> GroupSummary:
    """Everything the dashboard shows; empty and ``hidden`` while the group is too small."""
    question_ids = [q.id for _, q in catalogue.applicable_questions(kinds)]
    complete = [r for r in responses if is_complete(r, question_ids)]
    empty = CriterionSpread("overall", "Overall", (), None)
    if len(responses) < min_group:
        return GroupSummary(
            len(responses), True, (), (), empty, len(complete), len(question_ids), (), min_group
        )
    if len(complete) >= min_group:
        criteria, overall, bands = score_spreads(catalogue, kinds, complete, reference)
    else:
        criteria, overall, bands = (), empty, ()
    return GroupSummary(
        submitted=len(responses),
        hidden=False,
        questions=question_stats(catalogue, kinds, responses, reference, min_group),
        criteria=criteria,
        overall=overall,
        complete=len(complete),
        question_count=len(question_ids),
        bands=bands,
        min_group=min_group,
    )
