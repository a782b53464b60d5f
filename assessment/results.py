"""The full result of an assessment: scores, red lines, recommendations ranked by what-if gain."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

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

    @property
    def complete(self) -> bool:
        return not self.unanswered

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready view, with scores rounded to one decimal for reading."""
        data = asdict(self)
        data["complete"] = self.complete
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
            else question.recommendations[q.option_id or ""]
        )
        option_id = q.option_id or UNKNOWN
        found.append(
            (
                (-round(gain, 9), -round(raw_gain, 9), order),
                Recommendation(q.question_id, q.criterion_id, option_id, text, gain, raw_gain),
            )
        )
    return tuple(r for _, r in sorted(found, key=lambda t: t[0]))


def build_result(catalogue: Catalogue, activity: Activity, answers: Mapping[str, Answer]) -> Result:
    """Score an activity's answers and derive its recommendations. Pure: same input, same result."""
    kinds = tuple(sorted(set(activity.kinds)))
    card = score(catalogue, kinds, answers)
    return Result(
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        overall=card.overall,
        criteria=card.criteria,
        questions=card.questions,
        red_lines=card.red_lines,
        recommendations=_recommendations(catalogue, card),
        unanswered=tuple(q.question_id for q in card.questions if q.status == "unanswered"),
    )
