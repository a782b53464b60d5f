"""The criteria catalogue: frozen models of ``criteria.yaml`` and the loader that validates it."""

from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from assessment.errors import CatalogueError, Problem
from assessment.yaml_source import YamlDocument, YamlSourceError, dotted_path, parse_yaml

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


def _duplicates(ids: Iterable[tuple[str, str]], what: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for path, item_id in ids:
        if item_id in seen:
            problems.append(Problem(path, f"duplicate {what} id '{item_id}'"))
        seen.add(item_id)
    return problems


def _check_bands(cat: Catalogue) -> list[Problem]:
    problems = _duplicates(((f"bands[{i}].id", b.id) for i, b in enumerate(cat.bands)), "band")
    for i in range(1, len(cat.bands)):
        if cat.bands[i].min >= cat.bands[i - 1].min:
            problems.append(
                Problem(f"bands[{i}].min", "band thresholds must be strictly decreasing")
            )
    if cat.bands[-1].min != 0:
        problems.append(
            Problem(f"bands[{len(cat.bands) - 1}].min", "the last band must start at 0")
        )
    return problems


def _check_ids(cat: Catalogue) -> list[Problem]:
    problems = _duplicates(
        ((f"criteria[{i}].id", c.id) for i, c in enumerate(cat.criteria)), "criterion"
    )
    problems += _duplicates(
        (
            (f"criteria[{ci}].questions[{qi}].id", q.id)
            for ci, c in enumerate(cat.criteria)
            for qi, q in enumerate(c.questions)
        ),
        "question",
    )
    for name in ("activity_kinds", "orbit_regimes", "evidence_bases", "scales"):
        items = getattr(cat, name)
        problems += _duplicates(((f"{name}[{i}].id", x.id) for i, x in enumerate(items)), name)
    if ALL_KINDS in {k.id for k in cat.activity_kinds}:
        problems.append(Problem("activity_kinds", f"'{ALL_KINDS}' is reserved"))
    return problems


def _check_options(path: str, options: tuple[Option, ...]) -> list[Problem]:
    problems = _duplicates(((f"{path}[{i}].id", o.id) for i, o in enumerate(options)), "option")
    for i, option in enumerate(options):
        if option.id in SPECIAL_ANSWERS:
            problems.append(Problem(f"{path}[{i}].id", f"'{option.id}' is a reserved answer"))
    return problems


def _check_red_lines(cat: Catalogue, path: str, question: Question) -> list[Problem]:
    problems = []
    bands = {b.id for b in cat.bands}
    safe = [o.score for o in question.options if question.red_line(o.id) is None]
    for i, red in enumerate(question.red_lines):
        here = f"{path}.red_lines[{i}]"
        option = question.option(red.option)
        if option is None:
            problems.append(Problem(f"{here}.option", f"unknown option '{red.option}'"))
        elif safe and option.score >= min(safe):
            problems.append(Problem(here, "a red-line option must score below every other option"))
        if red.cap not in bands:
            problems.append(Problem(f"{here}.cap", f"unknown band '{red.cap}'"))
    return problems


def _check_question(cat: Catalogue, path: str, question: Question) -> list[Problem]:
    problems = []
    kinds = {k.id for k in cat.activity_kinds} | {ALL_KINDS}
    for i, kind in enumerate(question.applies_to):
        if kind not in kinds:
            problems.append(Problem(f"{path}.applies_to[{i}]", f"unknown activity kind '{kind}'"))
    if not question.options:
        return problems
    problems += _check_options(f"{path}.options", question.options)
    for option in question.options:
        if option.score < question.best_score and option.id not in question.recommendations:
            problems.append(
                Problem(f"{path}.recommendations", f"no recommendation for option '{option.id}'")
            )
    for option_id in question.recommendations:
        if question.option(option_id) is None:
            problems.append(
                Problem(f"{path}.recommendations.{option_id}", f"unknown option '{option_id}'")
            )
    return problems + _check_red_lines(cat, path, question)


def _option_source_problems(cat: Catalogue) -> list[Problem]:
    """Each question takes its options from exactly one place: a known scale, or inline."""
    problems = []
    scales = {s.id for s in cat.scales}
    for ci, criterion in enumerate(cat.criteria):
        for qi, question in enumerate(criterion.questions):
            path = f"criteria[{ci}].questions[{qi}]"
            if question.scale is not None and question.options:
                problems.append(Problem(path, "give either 'scale' or 'options', not both"))
            elif question.scale is None and len(question.options) < 2:
                problems.append(Problem(path, "a question needs a 'scale' or two 'options'"))
            elif question.scale is not None and question.scale not in scales:
                problems.append(Problem(f"{path}.scale", f"unknown scale '{question.scale}'"))
    return problems


def _resolve_scales(cat: Catalogue) -> Catalogue:
    """Give every question its options, copying them from the shared scale it names."""
    scales = {s.id: s.options for s in cat.scales}
    criteria = tuple(
        c.model_copy(
            update={
                "questions": tuple(
                    q.model_copy(update={"options": scales[q.scale]})
                    if q.scale in scales and not q.options
                    else q
                    for q in c.questions
                )
            }
        )
        for c in cat.criteria
    )
    return cat.model_copy(update={"criteria": criteria})


def validate_catalogue(cat: Catalogue) -> list[Problem]:
    """Cross-reference checks that field types alone cannot express."""
    problems: list[Problem] = []
    if cat.schema_version not in SUPPORTED_SCHEMAS:
        problems.append(Problem("schema", f"unsupported schema {cat.schema_version}"))
    problems += _check_bands(cat) + _check_ids(cat)
    for i, scale in enumerate(cat.scales):
        problems += _check_options(f"scales[{i}].options", scale.options)
    for ci, criterion in enumerate(cat.criteria):
        for qi, question in enumerate(criterion.questions):
            problems += _check_question(cat, f"criteria[{ci}].questions[{qi}]", question)
    return problems


def _with_lines(doc: YamlDocument, problems: list[Problem]) -> list[Problem]:
    return [Problem(p.path, p.message, p.line or doc.line_of(p.path)) for p in problems]


def parse_catalogue(text: str, source: str = "<catalogue>") -> Catalogue:
    """Validate catalogue YAML text; raise CatalogueError listing every problem found."""
    try:
        doc = parse_yaml(text)
    except YamlSourceError as exc:
        raise CatalogueError(source, list(exc.problems)) from exc
    if not isinstance(doc.data, dict):
        raise CatalogueError(source, [Problem("", "the top level must be a mapping", 1)])
    try:
        cat = Catalogue.model_validate(doc.data)
    except ValidationError as exc:
        problems = [Problem(dotted_path(e["loc"]), e["msg"]) for e in exc.errors()]
        raise CatalogueError(source, _with_lines(doc, problems)) from exc
    problems = _option_source_problems(cat)
    if not problems:
        cat = _resolve_scales(cat)
    problems += validate_catalogue(cat)
    if problems:
        raise CatalogueError(source, _with_lines(doc, problems))
    return cat


def load_catalogue(path: str | Path) -> Catalogue:
    """Read and validate a catalogue file; raise CatalogueError naming the file and the line."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueError(str(path), [Problem("", f"not UTF-8 text ({exc.reason})")]) from exc
    except OSError as exc:
        raise CatalogueError(str(path), [Problem("", f"cannot read: {exc.strerror}")]) from exc
    return parse_catalogue(text, str(path))
