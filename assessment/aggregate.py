"""What a room answered, taken together: distributions, divergence, score spreads, the group
against the reference. Pure functions of the catalogue, the activity kinds and the responses.

The divergence measure is written out for facilitators in ``docs/training.md``.
"""

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessment.catalogue_model import Catalogue
from assessment.inputs import Answer
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
    question_id: str
    criterion_id: str
    text: str
    distribution: Distribution
    divergence: float
    disagreement: float
    reference: str | None
    agreement: float | None  # share of the room that chose the reference answer

    @property
    def modal(self) -> tuple[str, ...]:
        return self.distribution.modal()


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
    questions: tuple[QuestionStat, ...]  # the most contested first
    criteria: tuple[CriterionSpread, ...]
    overall: CriterionSpread


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
) -> tuple[QuestionStat, ...]:
    """One entry per applicable question, most contested first (catalogue order breaks ties)."""
    stats = []
    for criterion, question in catalogue.applicable_questions(kinds):
        dist = distribution(question.answer_ids(), (r.get(question.id) for r in responses))
        ref = reference.get(question.id)
        stats.append(
            QuestionStat(
                question_id=question.id,
                criterion_id=criterion.id,
                text=question.text,
                distribution=dist,
                divergence=normalised_entropy(dist.counts),
                disagreement=disagreement(dist.counts),
                reference=ref,
                agreement=dist.share(ref) if ref is not None and dist.total else None,
            )
        )
    order = {s.question_id: i for i, s in enumerate(stats)}
    return tuple(sorted(stats, key=lambda s: (-round(s.divergence, 9), order[s.question_id])))


def _as_answers(response: Response) -> dict[str, Answer]:
    return {qid: Answer(option=option) for qid, option in response.items()}


def score_spreads(
    catalogue: Catalogue,
    kinds: Sequence[str],
    responses: Sequence[Response],
    reference: Mapping[str, str],
) -> tuple[tuple[CriterionSpread, ...], CriterionSpread]:
    """Each criterion's score for every response, and the overall score, beside the reference."""
    cards = [score(catalogue, kinds, _as_answers(r)) for r in responses]
    ref_card = score(catalogue, kinds, _as_answers(reference)) if reference else None
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
    return tuple(spreads), overall


def summarise(
    catalogue: Catalogue,
    kinds: Sequence[str],
    responses: Sequence[Response],
    reference: Mapping[str, str],
    min_group: int = MIN_GROUP,
) -> GroupSummary:
    """Everything the dashboard shows; empty and ``hidden`` while the group is too small."""
    if len(responses) < min_group:
        return GroupSummary(len(responses), True, (), (), CriterionSpread("overall", "", (), None))
    criteria, overall = score_spreads(catalogue, kinds, responses, reference)
    return GroupSummary(
        submitted=len(responses),
        hidden=False,
        questions=question_stats(catalogue, kinds, responses, reference),
        criteria=criteria,
        overall=overall,
    )
