"""The criteria catalogue as frozen, typed data: what ``criteria.yaml`` describes once loaded."""

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

NOT_APPLICABLE = "not_applicable"
UNKNOWN = "unknown"
SPECIAL_ANSWERS = (NOT_APPLICABLE, UNKNOWN)
ALL_KINDS = "all"
SUPPORTED_SCHEMAS = (1,)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(gt=0.0, le=100.0)]


class Model(BaseModel):
    """Base for catalogue data: immutable, and unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SeedReference(Model):
    panel: Text
    heading: Text
    quote: Text


class References(Model):
    seed: SeedReference
    secondary: tuple[Text, ...] = ()


class Option(Model):
    id: Id
    label: Text
    score: Fraction


class Scale(Model):
    id: Id
    options: tuple[Option, ...] = Field(min_length=2)


class RedLine(Model):
    option: Id
    cap: Id
    statement: Text


class Question(Model):
    id: Id
    text: Text
    guidance: Text
    applies_to: tuple[Id, ...] = Field(min_length=1)
    weight: Weight = 1.0
    scale: Id | None = None
    options: tuple[Option, ...] = ()
    allow_not_applicable: bool = False
    allow_unknown: bool = True
    recommendations: dict[Id, Text] = Field(default_factory=dict)
    red_lines: tuple[RedLine, ...] = ()
    references: References

    def applies(self, kinds: Iterable[str]) -> bool:
        """Whether this question is asked for an activity of these kinds."""
        return ALL_KINDS in self.applies_to or bool(set(self.applies_to) & set(kinds))

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def best_score(self) -> float:
        return max(o.score for o in self.options)

    @property
    def worst_score(self) -> float:
        return min(o.score for o in self.options)

    def red_line(self, option_id: str) -> RedLine | None:
        return next((r for r in self.red_lines if r.option == option_id), None)

    def answer_ids(self) -> tuple[str, ...]:
        """Every answer this question allows, special answers included: the one rule that
        forms, the exchange reader, scenarios and the training room all use."""
        ids = [o.id for o in self.options]
        if self.allow_unknown:
            ids.append(UNKNOWN)
        if self.allow_not_applicable:
            ids.append(NOT_APPLICABLE)
        return tuple(ids)


class Criterion(Model):
    id: Id
    title: Text
    kind: Literal["principle", "marker", "theme"]
    weight: Weight = 1.0
    summary: Text
    source: SeedReference
    questions: tuple[Question, ...] = Field(min_length=1)


class Band(Model):
    id: Id
    label: Text
    min: Annotated[float, Field(ge=0.0, le=100.0)]
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
    description: Text


class ActivityKind(Model):
    id: Id
    label: Text
    description: Text


class OrbitRegime(Model):
    id: Id
    label: Text


class EvidenceBasis(Model):
    id: Id
    label: Text
    confidence: Fraction


class SourceDocument(Model):
    title: Text
    authors: Text
    publisher: Text
    year: int
    doi: Text


class CatalogueInfo(Model):
    id: Id
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    title: Text
    source: SourceDocument
    unknown_recommendation: Text


class Catalogue(Model):
    """One validated version of the criteria catalogue."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    schema_version: int = Field(alias="schema")
    catalogue: CatalogueInfo
    activity_kinds: tuple[ActivityKind, ...] = Field(min_length=1)
    orbit_regimes: tuple[OrbitRegime, ...] = Field(min_length=1)
    evidence_bases: tuple[EvidenceBasis, ...] = Field(min_length=1)
    bands: tuple[Band, ...] = Field(min_length=2)
    scales: tuple[Scale, ...] = ()
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @property
    def id(self) -> str:
        return self.catalogue.id

    @property
    def version(self) -> str:
        return self.catalogue.version

    def questions(self) -> Iterator[tuple[Criterion, Question]]:
        """Every question with its criterion, in display order."""
        for criterion in self.criteria:
            for question in criterion.questions:
                yield criterion, question

    @cached_property
    def _question_index(self) -> dict[str, Question]:
        return {q.id: q for _, q in self.questions()}

    def question(self, question_id: str) -> Question | None:
        return self._question_index.get(question_id)

    def applicable_questions(self, kinds: Iterable[str]) -> list[tuple[Criterion, Question]]:
        kinds = tuple(kinds)
        return [(c, q) for c, q in self.questions() if q.applies(kinds)]

    def sections(self, kinds: Iterable[str]) -> list[tuple[Criterion, list[Question]]]:
        """Each criterion with the questions that apply to these kinds; criteria with none left out.

        This is the questionnaire's order: one step (or report section) per criterion.
        """
        kinds = tuple(kinds)
        out = []
        for criterion in self.criteria:
            questions = [q for q in criterion.questions if q.applies(kinds)]
            if questions:
                out.append((criterion, questions))
        return out

    def band(self, band_id: str) -> Band:
        return next(b for b in self.bands if b.id == band_id)

    def band_for(self, score: float) -> Band:
        """The highest band whose threshold the score reaches."""
        return next((b for b in self.bands if score >= b.min), self.bands[-1])

    def band_rank(self, band_id: str) -> int:
        """0 for the best band, larger for worse ones."""
        return [b.id for b in self.bands].index(band_id)

    def evidence(self, evidence_id: str) -> EvidenceBasis | None:
        return next((e for e in self.evidence_bases if e.id == evidence_id), None)

    def kind_label(self, kind_id: str) -> str:
        return next((k.label for k in self.activity_kinds if k.id == kind_id), kind_id)

    def regime_label(self, regime_id: str) -> str:
        return next((r.label for r in self.orbit_regimes if r.id == regime_id), regime_id)
