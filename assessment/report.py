"""The report builder: joins catalogue, inputs and result into what a page or a PDF shows."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessment.catalogue_model import (
    NOT_APPLICABLE,
    UNKNOWN,
    Band,
    Catalogue,
    Norm,
    Question,
    SeedReference,
)
from assessment.inputs import Activity, Answer
from assessment.results import Recommendation, Result, build_result
from assessment.scoring import INSUFFICIENT, CriterionScore, QuestionScore, RedLineHit

SPECIAL_LABELS = {NOT_APPLICABLE: "Not applicable", UNKNOWN: "Unknown / not public"}
INSUFFICIENT_LABEL = "Insufficient information"
PHASE_LABELS = {"proposed": "Proposed", "under_way": "Under way", "completed": "Completed"}


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
    axis: str = "conduct"
    counts_as: str | None = None  # rating another actor: what an "unknown" is scored as
    text: str = ""  # the question as it reads in the activity's phase


@dataclass(frozen=True)
class ContextLine:
    """One fact about the acting State: shown beside the result, never scored."""

    question: Question
    text: str
    answer: str


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
    # Method 2.0: the headline (a band, or None for "insufficient information"), the phase,
    # the unscored context panel and the text of every norm the advice cites.
    headline: Band | None = None
    phase: str = ""
    context: tuple[ContextLine, ...] = ()
    norms: tuple[Norm, ...] = ()

    @property
    def headline_label(self) -> str:
        return self.headline.label if self.headline else INSUFFICIENT_LABEL

    @property
    def transparency(self) -> float | None:
        return self.result.overall.transparency

    @property
    def possible_red_lines(self) -> tuple[RedLineHit, ...]:
        return self.result.possible_red_lines

    @property
    def band_range(self) -> tuple[Band, Band]:
        """The bands of the low and high ends of the range (worst first)."""
        overall = self.result.overall
        low = overall.band_low or overall.band
        return self.catalogue.band(low), self.catalogue.band(overall.band_high or low)

    @property
    def top_recommendations(self) -> tuple[Recommendation, ...]:
        return self.result.action_plan[:3]

    @property
    def action_plan(self) -> tuple[Recommendation, ...]:
        return self.result.action_plan

    @property
    def cannot_change(self) -> tuple[Recommendation, ...]:
        return self.result.cannot_change

    def question_text(self, question_id: str) -> str:
        question = self.catalogue.question(question_id)
        return question.text_for(self.activity.phase) if question else question_id

    def band_of(self, band_id: str) -> Band:
        return self.catalogue.band(band_id)

    def criterion_title(self, criterion_id: str) -> str:
        found = (s.score.title for s in self.sections if s.score.criterion_id == criterion_id)
        return next(found, criterion_id)

    def answer_line(self, question_id: str) -> AnswerLine | None:
        lines = (line for s in self.sections for line in s.answers)
        return next((line for line in lines if line.question.id == question_id), None)

    @property
    def secondary_references(self) -> tuple[str, ...]:
        """Each secondary framework cited by the questions asked, once, in alphabetical order."""
        cited = {ref for s in self.sections for line in s.answers for ref in line.secondary}
        return tuple(sorted(cited, key=str.casefold))


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
    perspective: str = "other",
    phase: str | None = None,
) -> AnswerLine:
    question = catalogue.question(q.question_id)
    assert question is not None
    label, option_score = _option_label(question, answer)
    evidence = catalogue.evidence(answer.evidence) if answer and answer.evidence else None
    red = question.red_line(answer.option) if answer else None
    means = question.option(question.unknown_means) if question.unknown_means else None
    counts_as = (
        means.label
        if means and answer and answer.option == UNKNOWN and perspective == "other"
        else None
    )
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
        axis=question.axis,
        counts_as=counts_as,
        text=question.text_for(phase),
    )


def build_report(catalogue: Catalogue, activity: Activity, answers: Mapping[str, Answer]) -> Report:
    """Score the inputs and lay out every section of the report."""
    result = build_result(catalogue, activity, answers)
    recommendations = {r.question_id: r for r in result.recommendations}
    sections = []
    for score in result.criteria:
        criterion = next(c for c in catalogue.criteria if c.id == score.criterion_id)
        lines = tuple(
            _answer_line(
                catalogue,
                q,
                answers.get(q.question_id),
                recommendations,
                activity.perspective,
                activity.phase,
            )
            for q in result.questions
            if q.criterion_id == criterion.id
        )
        band = catalogue.band_for(score.score) if score.score is not None else None
        sections.append(CriterionSection(score, criterion.summary, criterion.source, band, lines))
    headline = result.overall.headline or result.overall.band
    context = tuple(
        ContextLine(line.question, line.text, line.option_label)
        for section in sections
        for line in section.answers
        if line.axis == "context"
    )
    cited = {n for r in result.recommendations for n in r.norms}
    return Report(
        catalogue=catalogue,
        activity=activity,
        result=result,
        band=catalogue.band(result.overall.band),
        sections=tuple(sections),
        kinds=tuple(catalogue.kind_label(k) for k in activity.kinds),
        regime=catalogue.regime_label(activity.orbit_regime) if activity.orbit_regime else "",
        headline=None if headline == INSUFFICIENT else catalogue.band(headline),
        phase=PHASE_LABELS.get(activity.phase or "", ""),
        context=context,
        norms=tuple(n for n in catalogue.norms if n.id in cited),
    )


NOT_ASKED = "Not asked"


@dataclass(frozen=True)
class ComparedCriterion:
    """One criterion's score in each compared assessment (None: not scored or not asked)."""

    criterion_id: str
    title: str
    scores: tuple[float | None, ...]


@dataclass(frozen=True)
class ComparedAnswer:
    """A question answered differently: one line per assessment (None where it was not asked)."""

    question: Question
    criterion_title: str
    lines: tuple[AnswerLine | None, ...]


@dataclass(frozen=True)
class ComparedRedLine:
    statement: str
    cap: Band
    crossed: tuple[bool, ...]


@dataclass(frozen=True)
class Comparison:
    """Two or more reports side by side, on one catalogue: what changed from the first."""

    reports: tuple[Report, ...]
    criteria: tuple[ComparedCriterion, ...]
    differing_answers: tuple[ComparedAnswer, ...]
    red_lines: tuple[ComparedRedLine, ...]


def _criterion_rows(
    catalogue: Catalogue, reports: Sequence[Report]
) -> tuple[ComparedCriterion, ...]:
    rows = []
    for criterion in catalogue.criteria:
        scores = tuple(
            next((c.score for c in r.result.criteria if c.criterion_id == criterion.id), None)
            for r in reports
        )
        asked = any(c.criterion_id == criterion.id for r in reports for c in r.result.criteria)
        if asked:
            rows.append(ComparedCriterion(criterion.id, criterion.title, scores))
    return tuple(rows)


def _differing_answers(
    catalogue: Catalogue, reports: Sequence[Report]
) -> tuple[ComparedAnswer, ...]:
    rows = []
    for criterion, question in catalogue.questions():
        lines = tuple(r.answer_line(question.id) for r in reports)
        labels = {line.option_label if line else NOT_ASKED for line in lines}
        if any(lines) and len(labels) > 1:
            rows.append(ComparedAnswer(question, criterion.title, lines))
    return tuple(rows)


def _red_line_rows(catalogue: Catalogue, reports: Sequence[Report]) -> tuple[ComparedRedLine, ...]:
    hits = {(h.statement, h.cap) for r in reports for h in r.result.red_lines}
    rows = [
        ComparedRedLine(
            statement,
            catalogue.band(cap),
            tuple(any(h.statement == statement for h in r.result.red_lines) for r in reports),
        )
        for statement, cap in hits
    ]
    return tuple(sorted(rows, key=lambda row: (-catalogue.band_rank(row.cap.id), row.statement)))


def compare_reports(reports: Sequence[Report]) -> Comparison:
    """Line up reports on one catalogue: criterion scores, differing answers, red lines."""
    if len(reports) < 2:
        raise ValueError("a comparison needs at least two reports")
    catalogue = reports[0].catalogue
    return Comparison(
        reports=tuple(reports),
        criteria=_criterion_rows(catalogue, reports),
        differing_answers=_differing_answers(catalogue, reports),
        red_lines=_red_line_rows(catalogue, reports),
    )
