"""The path to the next band: the fewest changes that can still be made which lift an activity
into the band above its own, cheapest first.

A change moves one answer to a better option of its question. Only changes the catalogue marks
as still possible in the activity's phase are offered: a harm already done (a fragmentation, a
crew sent to shelter) is never a step. The search uses the scoring engine itself, so caps, red
lines and unknowns count exactly as they do in the result. Pure: same input, same path.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from assessment.catalogue import NOT_APPLICABLE, UNKNOWN, Advice, Catalogue, Question
from assessment.inputs import Activity, Answer
from assessment.perception import Reading, scorecard
from assessment.results import Result
from assessment.scoring import Overall

MAX_STEPS = 12  # beyond this many changes a "path" is a different activity


@dataclass(frozen=True)
class Step:
    """One change: this answer moves from one option to a better one."""

    question_id: str
    criterion_id: str
    from_option: str
    to_option: str
    to_label: str
    text: str
    climb: float  # how far up its question's own scale (0..1) the answer moves
    score_after: float  # the score once this step and every earlier one are made
    band_after: str


@dataclass(frozen=True)
class Path:
    band: str
    target: str | None  # the next band up; None when the activity is already in the top band
    reachable: bool
    steps: tuple[Step, ...]
    score: float
    score_after: float | None
    blocked_by: tuple[str, ...]  # harms done that hold the band and cannot change
    open_facts: tuple[str, ...]  # unknown facts that count at their worst until established


@dataclass(frozen=True)
class _Candidate:
    order: int
    question: Question
    criterion_id: str
    current: str
    better: tuple[str, ...]  # better options, smallest climb first


def _advice(question: Question, option: str) -> Advice | None:
    return question.recommendations.get(option)


def _moves_band(question: Question) -> bool:
    """Only conduct decides the band (method 2.0); transparency and context never move it."""
    return question.axis == "conduct"


def _candidates(
    catalogue: Catalogue, activity: Activity, answers: Mapping[str, Answer]
) -> tuple[list[_Candidate], list[str]]:
    """Answers that could still be improved, and the harms done that cannot."""
    kinds = tuple(sorted(set(activity.kinds)))
    found: list[_Candidate] = []
    blocked: list[tuple[float, int, str]] = []
    for order, (criterion, question) in enumerate(catalogue.applicable_questions(kinds)):
        answer = answers.get(question.id)
        option = question.option(answer.option) if answer else None
        if option is None or not _moves_band(question):
            continue
        better = sorted(
            (o for o in question.options if o.score > option.score),
            key=lambda o: (o.score, o.id),
        )
        if not better:
            continue
        advice = _advice(question, option.id)
        if advice is not None and not advice.actionable(activity.phase):
            blocked.append((option.score, order, question.id))
            continue
        found.append(
            _Candidate(order, question, criterion.id, option.id, tuple(o.id for o in better))
        )
    return found, [qid for _, _, qid in sorted(blocked)]


def _open_facts(
    catalogue: Catalogue, activity: Activity, answers: Mapping[str, Answer]
) -> tuple[str, ...]:
    kinds = tuple(sorted(set(activity.kinds)))
    return tuple(
        q.id
        for _, q in catalogue.applicable_questions(kinds)
        if _moves_band(q) and (q.id not in answers or answers[q.id].option == UNKNOWN)
    )


class _Search:
    """Scores trial answer sets for one activity against the target band."""

    def __init__(
        self, catalogue: Catalogue, activity: Activity, answers: Mapping[str, Answer], target: int
    ) -> None:
        self.catalogue, self.activity, self.answers, self.target = (
            catalogue,
            activity,
            answers,
            target,
        )

    def overall(self, changes: Mapping[str, str]) -> Overall:
        moved = {**self.answers, **{q: Answer(option=o) for q, o in changes.items()}}
        return scorecard(self.catalogue, Reading(self.activity, moved)).overall

    def reaches(self, changes: Mapping[str, str]) -> bool:
        return self.catalogue.band_rank(self.overall(changes).band) <= self.target


def _greedy(search: _Search, candidates: list[_Candidate]) -> dict[str, str] | None:
    """Rank the changes once by what each alone does to the result (band, score, then the score
    before caps, which tells changes apart while a cap holds), then add them in that order until
    the band is reached. Pruning afterwards drops any that the band does not need."""

    def alone(c: _Candidate) -> tuple[int, float, float, int]:
        after = search.overall({c.question.id: c.better[-1]})
        rank = search.catalogue.band_rank(after.band)
        return (rank, -round(after.score, 9), -round(after.raw_score, 9), c.order)

    chosen: dict[str, str] = {}
    for candidate in sorted(candidates, key=alone)[:MAX_STEPS]:
        chosen[candidate.question.id] = candidate.better[-1]
        if search.reaches(chosen):
            return chosen
    return None


def _prune(search: _Search, chosen: dict[str, str], candidates: list[_Candidate]) -> None:
    """Drop every change the band does not need, then ask of each the smallest climb that still
    reaches it."""
    for qid in reversed(list(chosen)):
        rest = {q: o for q, o in chosen.items() if q != qid}
        if search.reaches(rest):
            chosen.clear()
            chosen.update(rest)
    by_id = {c.question.id: c for c in candidates}
    for qid in list(chosen):
        for option in by_id[qid].better:
            if search.reaches({**chosen, qid: option}):
                chosen[qid] = option
                break


def _text(advice: Advice | None, perspective: str) -> str:
    return advice.text_for(perspective) if advice else ""


def _steps(
    search: _Search, chosen: dict[str, str], candidates: list[_Candidate]
) -> tuple[Step, ...]:
    def climb(c: _Candidate) -> float:
        to = c.question.option(chosen[c.question.id])
        now = c.question.option(c.current)
        assert to is not None and now is not None
        return to.score - now.score

    picked = sorted(
        (c for c in candidates if c.question.id in chosen), key=lambda c: (climb(c), c.order)
    )
    steps, made = [], {}
    for c in picked:
        target = chosen[c.question.id]
        made[c.question.id] = target
        option = c.question.option(target)
        after = search.overall(made)
        steps.append(
            Step(
                question_id=c.question.id,
                criterion_id=c.criterion_id,
                from_option=c.current,
                to_option=target,
                to_label=option.label if option else target,
                text=_text(_advice(c.question, c.current), search.activity.perspective),
                climb=climb(c),
                score_after=after.score,
                band_after=after.band,
            )
        )
    return tuple(steps)


def answers_of(result: Result) -> dict[str, Answer]:
    """The answers a result was computed from, as far as the band depends on them."""
    answers = {}
    for q in result.questions:
        if q.status == "answered" and q.option_id:
            answers[q.question_id] = Answer(option=q.option_id)
        elif q.status == "unknown":
            answers[q.question_id] = Answer(option=UNKNOWN)
        elif q.status == "not_applicable":
            answers[q.question_id] = Answer(option=NOT_APPLICABLE)
    return answers


def path_to_next_band(
    catalogue: Catalogue, activity: Activity, answers: Mapping[str, Answer]
) -> Path:
    """The fewest still-possible changes that lift the activity into the next band up."""
    overall = scorecard(catalogue, Reading(activity, answers)).overall
    rank = catalogue.band_rank(overall.band)
    candidates, blocked = _candidates(catalogue, activity, answers)
    open_facts = _open_facts(catalogue, activity, answers)
    if rank == 0:
        return Path(overall.band, None, False, (), overall.score, None, (), open_facts)
    target = catalogue.bands[rank - 1].id
    search = _Search(catalogue, activity, answers, rank - 1)
    chosen = _greedy(search, candidates)
    if chosen is None:
        return Path(
            overall.band, target, False, (), overall.score, None, tuple(blocked), open_facts
        )
    _prune(search, chosen, candidates)
    steps = _steps(search, chosen, candidates)
    return Path(
        band=overall.band,
        target=target,
        reachable=True,
        steps=steps,
        score=overall.score,
        score_after=steps[-1].score_after if steps else overall.score,
        blocked_by=tuple(blocked),
        open_facts=open_facts,
    )
