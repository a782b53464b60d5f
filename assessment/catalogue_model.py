"""The criteria catalogue as frozen, typed data: what ``criteria.yaml`` describes once loaded."""

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

NOT_APPLICABLE = "not_applicable"
UNKNOWN = "unknown"
SPECIAL_ANSWERS = (NOT_APPLICABLE, UNKNOWN)
ALL_KINDS = "all"
SUPPORTED_SCHEMAS = (1, 2)
AXES = ("conduct", "transparency", "context")
PHASES = ("proposed", "under_way", "completed")
Axis = Literal["conduct", "transparency", "context"]
Phase = Literal["proposed", "under_way", "completed"]
Perspective = Literal["own", "other"]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
# A language as translation files name it (``fr``, ``zh``); the catalogue's own texts are English.
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})?$")]
SOURCE_LANGUAGE = "en"
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(gt=0.0, le=100.0)]


class Model(BaseModel):
    """Base for catalogue data: immutable, and unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SeedReference(Model):
    """A passage of the seed report. The quote stays in the report's original English; a
    localised catalogue adds ``gloss``, its translation, shown labelled as such."""

    panel: Text
    heading: Text
    quote: Text
    gloss: Text | None = None


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


class Advice(Model):
    """A recommendation: what the actor should do and, when rating another actor, what the
    affected or concerned State can do; whether it can still be done once the activity has
    happened; and the norms (catalogue ``norms`` ids) it rests on."""

    actor: Text
    affected: Text | None = None
    remediable: bool = True
    ongoing: bool = False  # not remediable once done, but can still change while under way
    norms: tuple[Id, ...] = ()

    def actionable(self, phase: str | None) -> bool:
        """Whether following the advice can still change this answer in this phase."""
        return phase == "proposed" or self.remediable or (phase == "under_way" and self.ongoing)

    def text_for(self, perspective: str) -> str:
        """The advice addressed to the right party for this perspective."""
        return self.affected if perspective == "other" and self.affected else self.actor


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
    recommendations: dict[Id, Advice] = Field(default_factory=dict)
    red_lines: tuple[RedLine, ...] = ()
    references: References
    # Method 2.0 (schema 2); the defaults keep schema-1 catalogues loading unchanged.
    axis: Axis = "conduct"
    serves: tuple[Id, ...] = ()
    actor_controls: bool = False
    unknown_means: Id | None = None
    measure: Text | None = None
    where_to_find: Text | None = None
    phase_text: dict[Phase, Text] = Field(default_factory=dict)
    conventions: tuple[Id, ...] = ()

    @field_validator("recommendations", mode="before")
    @classmethod
    def _plain_text_is_advice_to_the_actor(cls, value: Any) -> Any:
        """Schema 1 gives each recommendation as plain text: advice to the actor, remediable."""
        if isinstance(value, dict):
            return {k: {"actor": v} if isinstance(v, str) else v for k, v in value.items()}
        return value

    def text_for(self, phase: str | None) -> str:
        """The question as it reads for an activity in this phase."""
        return self.phase_text.get(phase, self.text) if phase else self.text  # type: ignore[call-overload]

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

    def answer_ids(self, perspective: str | None = None) -> tuple[str, ...]:
        """Every answer this question allows, special answers included: the one rule that
        forms, the exchange reader, scenarios and the training room all use.

        In a self-assessment (perspective "own") "unknown" is not offered for a fact the actor
        controls: the actor knows it."""
        ids = [o.id for o in self.options]
        if self.allow_unknown and not (perspective == "own" and self.actor_controls):
            ids.append(UNKNOWN)
        if self.allow_not_applicable:
            ids.append(NOT_APPLICABLE)
        return tuple(ids)


class Criterion(Model):
    id: Id
    title: Text
    kind: Literal["principle", "marker", "theme", "conduct", "transparency", "context"]
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
    unknown_recommendation_other: Text | None = None
    # The language of the texts: the source file is English; ``localise`` gives a translation's.
    language: LanguageCode = SOURCE_LANGUAGE


class Principle(Model):
    """One of the working guideline's five principles or three markers (seed, Panel 6)."""

    id: Id
    kind: Literal["principle", "marker"]
    title: Text
    quote: Text
    gloss: Text | None = None  # the quote's translation in a localised catalogue


class Norm(Model):
    """A norm a recommendation rests on, with its short text so the report can quote it."""

    id: Id
    title: Text
    text: Text
    source: Text


class Channel(Model):
    """A way an affected State can raise a concern, with the norms that open it."""

    id: Id
    label: Text
    use: Text
    norms: tuple[Id, ...] = ()


class Convention(Model):
    """A threshold that is Due Regard's own convention, not a norm."""

    id: Id
    statement: Text


class MethodSettings(Model):
    """Method 2.0 parameters, stated in data so the report can print them."""

    min_confidence: Fraction = 0.5
    harm_threshold: Fraction = 0.34
    harm_cap: Id = "concerns"


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
    method: MethodSettings | None = None
    principles: tuple[Principle, ...] = ()
    norms: tuple[Norm, ...] = ()
    channels: tuple[Channel, ...] = ()
    conventions: tuple[Convention, ...] = ()

    @property
    def id(self) -> str:
        return self.catalogue.id

    @property
    def version(self) -> str:
        return self.catalogue.version

    @property
    def language(self) -> str:
        """The language of the texts (``en`` for the source file); ids and figures never vary."""
        return self.catalogue.language

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

    @property
    def method_version(self) -> int:
        """1: one weighted average of every criterion (catalogue 1.x); 2: conduct first."""
        return 2 if self.schema_version >= 2 else 1

    @property
    def settings(self) -> MethodSettings:
        return self.method or MethodSettings()

    def norm(self, norm_id: str) -> Norm | None:
        return next((n for n in self.norms if n.id == norm_id), None)

    def principle(self, principle_id: str) -> Principle | None:
        return next((p for p in self.principles if p.id == principle_id), None)

    def unknown_advice(self, perspective: str) -> str:
        """What to do about an unknown fact: from one's own records, or by asking the actor."""
        info = self.catalogue
        if perspective == "other" and info.unknown_recommendation_other:
            return info.unknown_recommendation_other
        return info.unknown_recommendation

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
