"""The report builder: joins catalogue, inputs and result into what a page or a PDF shows."""

from collections.abc import Mapping
from dataclasses import dataclass

from assessment.catalogue import NOT_APPLICABLE, UNKNOWN, Band, Catalogue, Question, SeedReference
from assessment.inputs import Activity, Answer
from assessment.results import Recommendation, Result, build_result
from assessment.scoring import CriterionScore, QuestionScore

SPECIAL_LABELS = {NOT_APPLICABLE: "Not applicable", UNKNOWN: "Unknown / not public"}


@dataclass(frozen=True)
class AnswerLine:
    """One applicable question as answered, with what the report cites for it."""

    question: Question
    status: str
    option_label: str
    option_score: float | None
    justification: str
    evidence_label: str
    seed: SeedReference
    secondary: tuple[str, ...]
    recommendation: Recommendation | None
    red_line: str | None


@dataclass(frozen=True)
class CriterionSection:
    score: CriterionScore
    summary: str
    source: SeedReference
    band: Band | None
    answers: tuple[AnswerLine, ...]


@dataclass(frozen=True)
class Report:
    """Everything the result page and the PDF print for one assessment."""

    catalogue: Catalogue
    activity: Activity
    result: Result
    band: Band
    sections: tuple[CriterionSection, ...]
    kinds: tuple[str, ...]
    regime: str

    @property
    def top_recommendations(self) -> tuple[Recommendation, ...]:
        return self.result.recommendations[:3]

    def question_text(self, question_id: str) -> str:
        question = self.catalogue.question(question_id)
        return question.text if question else question_id

    def band_of(self, band_id: str) -> Band:
        return self.catalogue.band(band_id)


def _option_label(question: Question, answer: Answer | None) -> tuple[str, float | None]:
    if answer is None:
        return "Not answered", None
    if answer.option in SPECIAL_LABELS:
        return SPECIAL_LABELS[answer.option], None
    option = question.option(answer.option)
    return (option.label, option.score) if option else (answer.option, None)


def _answer_line(
    catalogue: Catalogue,
    q: QuestionScore,
    answer: Answer | None,
    recommendations: Mapping[str, Recommendation],
) -> AnswerLine:
    question = catalogue.question(q.question_id)
    assert question is not None
    label, option_score = _option_label(question, answer)
    evidence = catalogue.evidence(answer.evidence) if answer and answer.evidence else None
    red = question.red_line(answer.option) if answer else None
    return AnswerLine(
        question=question,
        status=q.status,
        option_label=label,
        option_score=option_score,
        justification=answer.justification if answer else "",
        evidence_label=evidence.label if evidence else "Not stated",
        seed=question.references.seed,
        secondary=question.references.secondary,
        recommendation=recommendations.get(question.id),
        red_line=red.statement if red else None,
    )


def build_report(catalogue: Catalogue, activity: Activity, answers: Mapping[str, Answer]) -> Report:
    """Score the inputs and lay out every section of the report."""
    result = build_result(catalogue, activity, answers)
    recommendations = {r.question_id: r for r in result.recommendations}
    sections = []
    for score in result.criteria:
        criterion = next(c for c in catalogue.criteria if c.id == score.criterion_id)
        lines = tuple(
            _answer_line(catalogue, q, answers.get(q.question_id), recommendations)
            for q in result.questions
            if q.criterion_id == criterion.id
        )
        band = catalogue.band_for(score.score) if score.score is not None else None
        sections.append(CriterionSection(score, criterion.summary, criterion.source, band, lines))
    return Report(
        catalogue=catalogue,
        activity=activity,
        result=result,
        band=catalogue.band(result.overall.band),
        sections=tuple(sections),
        kinds=tuple(catalogue.kind_label(k) for k in activity.kinds),
        regime=catalogue.regime_label(activity.orbit_regime) if activity.orbit_regime else "",
    )
