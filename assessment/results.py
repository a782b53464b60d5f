"""The full result of an assessment: scores, red lines, recommendations ranked by what-if gain."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from assessment import scoring_v2
from assessment.catalogue_model import UNKNOWN, Catalogue
from assessment.inputs import Activity, Answer
from assessment.scoring import (
    CriterionScore,
    Overall,
    QuestionScore,
    RedLineHit,
    Scorecard,
    score,
    score_if_best,
)

MIN_GAIN = 0.05  # a gain that rounds to 0.0 is no gain: it is not offered as one


@dataclass(frozen=True)
class Recommendation:
    """One action, and how many points the overall score would gain if that answer were best.

    ``raw_gain`` is the gain before red-line caps: while a red line holds the score down, it is
    what tells the other recommendations apart (and they rank by it after ``gain``).
    """

    question_id: str
    criterion_id: str
    option_id: str
    text: str
    gain: float
    raw_gain: float
    # Method 2.0: the figure the gain is on, whether the fact can still change, who acts.
    axis: str = "conduct"
    remediable: bool = True
    actionable: bool = True
    to: str = "actor"  # "actor", or "affected_state" when rating another actor
    norms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """Everything shown on the result page and in the report, recomputed from stored inputs."""

    catalogue_id: str
    catalogue_version: str
    overall: Overall
    criteria: tuple[CriterionScore, ...]
    questions: tuple[QuestionScore, ...]
    red_lines: tuple[RedLineHit, ...]
    recommendations: tuple[Recommendation, ...]
    unanswered: tuple[str, ...]
    # Method 2.0
    phase: str | None = None
    possible_red_lines: tuple[RedLineHit, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.unanswered

    @property
    def action_plan(self) -> tuple[Recommendation, ...]:
        """What can still change and would gain something, best gain first."""
        return tuple(
            r
            for r in self.recommendations
            if r.actionable and (r.gain >= MIN_GAIN or r.raw_gain >= MIN_GAIN)
        )

    @property
    def cannot_change(self) -> tuple[Recommendation, ...]:
        """Harms already done that no later step undoes: said plainly, never offered as gains."""
        return tuple(r for r in self.recommendations if not r.actionable)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready view, with scores rounded to one decimal for reading."""
        data = asdict(self)
        data["complete"] = self.complete
        data["action_plan"] = [r.question_id for r in self.action_plan]
        data["cannot_change"] = [r.question_id for r in self.cannot_change]
        data["overall"]["range"] = {
            "low": data["overall"].pop("low"),
            "high": data["overall"].pop("high"),
        }
        return _rounded(data)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 1) if abs(value) >= 1 or value == 0 else round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def _recommendations(catalogue: Catalogue, card: Scorecard) -> tuple[Recommendation, ...]:
    """Rank every improvable answer by the overall points gained if it moved to its best option."""
    found = []
    for order, q in enumerate(card.questions):
        question = catalogue.question(q.question_id)
        if question is None or q.status not in ("answered", "unknown"):
            continue
        if q.status == "answered" and q.point >= question.best_score:
            continue
        what_if = score_if_best(catalogue, card, q.question_id)
        gain = what_if.score - card.overall.score
        raw_gain = what_if.raw_score - card.overall.raw_score
        text = (
            catalogue.catalogue.unknown_recommendation
            if q.status == "unknown"
            else question.recommendations[q.option_id or ""].actor
        )
        option_id = q.option_id or UNKNOWN
        found.append(
            (
                (-round(gain, 9), -round(raw_gain, 9), order),
                Recommendation(q.question_id, q.criterion_id, option_id, text, gain, raw_gain),
            )
        )
    return tuple(r for _, r in sorted(found, key=lambda t: t[0]))


def _recommendations_v2(
    catalogue: Catalogue,
    activity: Activity,
    kinds: tuple[str, ...],
    answers: Mapping[str, Answer],
    card: Scorecard,
) -> tuple[Recommendation, ...]:
    """Method 2.0: every answer below its best, addressed to the right party; ranked with what
    can still change first, conduct before transparency, then by the gain on its own figure."""
    perspective = activity.perspective
    found = []
    for order, q in enumerate(card.questions):
        question = catalogue.question(q.question_id)
        if question is None or not q.counts or q.status not in ("answered", "unknown"):
            continue
        if q.status == "answered" and q.point >= question.best_score:
            continue
        if q.status == "unknown" and q.point >= question.best_score:
            continue
        advice = question.recommendations.get(q.option_id or "")
        if q.status == "unknown" and q.low == q.high and question.unknown_means:
            advice = question.recommendations.get(question.unknown_means)
        remediable = advice.remediable if advice else True
        actionable = advice.actionable(activity.phase) if advice else True
        text = advice.text_for(perspective) if advice else catalogue.unknown_advice(perspective)
        gain = scoring_v2.gain_if_best(catalogue, kinds, answers, perspective, card, q.question_id)
        key = (
            not actionable,
            question.axis != "conduct",
            -round(gain.gain, 9),
            -round(gain.raw_gain, 9),
            order,
        )
        found.append(
            (
                key,
                Recommendation(
                    question_id=q.question_id,
                    criterion_id=q.criterion_id,
                    option_id=q.option_id or UNKNOWN,
                    text=text,
                    gain=gain.gain if actionable else 0.0,
                    raw_gain=gain.raw_gain if actionable else 0.0,
                    axis=question.axis,
                    remediable=remediable,
                    actionable=actionable,
                    to="affected_state" if perspective == "other" else "actor",
                    norms=advice.norms if advice else (),
                ),
            )
        )
    return tuple(r for _, r in sorted(found, key=lambda t: t[0]))


def build_result(catalogue: Catalogue, activity: Activity, answers: Mapping[str, Answer]) -> Result:
    """Score an activity's answers and derive its recommendations. Pure: same input, same result."""
    kinds = tuple(sorted(set(activity.kinds)))
    card = score(catalogue, kinds, answers, activity.perspective)
    if catalogue.method_version == 2:
        recommendations = _recommendations_v2(catalogue, activity, kinds, answers, card)
    else:
        recommendations = _recommendations(catalogue, card)
    return Result(
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        overall=card.overall,
        criteria=card.criteria,
        questions=card.questions,
        red_lines=card.red_lines,
        recommendations=recommendations,
        unanswered=tuple(q.question_id for q in card.questions if q.status == "unanswered"),
        phase=activity.phase,
        possible_red_lines=card.possible_red_lines,
    )
