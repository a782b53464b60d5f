"""Translations of the catalogue and the scenarios as frozen, typed data: one file per language,
keyed by the source's ids (``catalogues/translations/<version>/<lang>.yaml``,
``scenarios/translations/<lang>.yaml``).

A translation holds texts only: ids, scores, weights, caps and every other figure stay in the
source file. Every text field is optional here; which ones a file must give is decided by the
source it translates (``translation_loader``): exactly the texts the source has.
"""

from typing import Annotated

from pydantic import Field, StringConstraints

from assessment.catalogue_model import Id, LanguageCode, Model, Phase, Text

Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]


class TranslationHeader(Model):
    """What a catalogue translation translates, into what, and whether it has been reviewed."""

    catalogue: Id
    version: Version
    language: LanguageCode
    reviewed: bool
    reviewed_by: Text | None = None  # who reviewed it (a qualified translator), when reviewed
    note: Text | None = None


class ScenarioTranslationHeader(Model):
    """The scenarios' header: ``scenarios`` names the catalogue they are rated on."""

    scenarios: Id
    catalogue_version: Version
    language: LanguageCode
    reviewed: bool
    reviewed_by: Text | None = None
    note: Text | None = None


class CatalogueTexts(Model):
    title: Text | None = None
    unknown_recommendation: Text | None = None
    unknown_recommendation_other: Text | None = None


class PrincipleTexts(Model):
    title: Text | None = None
    quote_gloss: Text | None = None  # the quote stays English; this is its translation


class NormTexts(Model):
    title: Text | None = None
    text: Text | None = None
    source: Text | None = None


class ChannelTexts(Model):
    label: Text | None = None
    use: Text | None = None


class ConventionTexts(Model):
    statement: Text | None = None


class LabelTexts(Model):
    """An activity kind, an orbit regime, an evidence basis or a band."""

    label: Text | None = None
    description: Text | None = None


class ScaleTexts(Model):
    options: dict[Id, Text] = Field(default_factory=dict)


class CriterionTexts(Model):
    title: Text | None = None
    summary: Text | None = None
    quote_gloss: Text | None = None


class AdviceTexts(Model):
    actor: Text | None = None
    affected: Text | None = None


class QuestionTexts(Model):
    text: Text | None = None
    guidance: Text | None = None
    where_to_find: Text | None = None
    measure: Text | None = None
    phase_text: dict[Phase, Text] = Field(default_factory=dict)
    options: dict[Id, Text] = Field(default_factory=dict)  # inline options; scales have theirs
    recommendations: dict[Id, AdviceTexts] = Field(default_factory=dict)
    red_lines: dict[Id, Text] = Field(default_factory=dict)  # keyed by the red-line option
    quote_gloss: Text | None = None
    secondary: tuple[Text, ...] = ()  # the secondary references, by position


class CatalogueTranslation(Model):
    """One catalogue version's texts in one language."""

    translation: TranslationHeader
    catalogue: CatalogueTexts = CatalogueTexts()
    principles: dict[Id, PrincipleTexts] = Field(default_factory=dict)
    norms: dict[Id, NormTexts] = Field(default_factory=dict)
    channels: dict[Id, ChannelTexts] = Field(default_factory=dict)
    conventions: dict[Id, ConventionTexts] = Field(default_factory=dict)
    activity_kinds: dict[Id, LabelTexts] = Field(default_factory=dict)
    orbit_regimes: dict[Id, LabelTexts] = Field(default_factory=dict)
    evidence_bases: dict[Id, LabelTexts] = Field(default_factory=dict)
    bands: dict[Id, LabelTexts] = Field(default_factory=dict)
    scales: dict[Id, ScaleTexts] = Field(default_factory=dict)
    criteria: dict[Id, CriterionTexts] = Field(default_factory=dict)
    questions: dict[Id, QuestionTexts] = Field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.translation.language


class ActivityTexts(Model):
    title: Text | None = None
    actor: Text | None = None
    timeframe: Text | None = None
    objects: Text | None = None
    description: Text | None = None


class ScenarioTexts(Model):
    title: Text | None = None
    summary: Text | None = None
    activity: ActivityTexts = ActivityTexts()
    fact_sheet: tuple[Text, ...] = ()  # by position: "(fact 3)" in a rationale stays true
    prompts: tuple[Text, ...] = ()
    rationales: dict[Id, Text] = Field(default_factory=dict)  # keyed by question id


class ScenarioTranslation(Model):
    """Every scenario's texts in one language."""

    translation: ScenarioTranslationHeader
    scenarios: dict[Id, ScenarioTexts] = Field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.translation.language
