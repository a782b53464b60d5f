"""Loading the catalogue: parse ``criteria.yaml`` with line numbers, validate it, and report
every problem with its path and line."""

from collections.abc import Iterable
from pathlib import Path

from assessment.catalogue_model import (
    ALL_KINDS,
    SPECIAL_ANSWERS,
    SUPPORTED_SCHEMAS,
    Catalogue,
    Option,
    Question,
)
from assessment.errors import CatalogueError, Problem
from assessment.yaml_source import parse_model, read_text, with_lines


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
    return problems + _cap_order_problems(cat, path, question)


def _cap_order_problems(cat: Catalogue, path: str, question: Question) -> list[Problem]:
    """A worse option never carries a milder cap, so a worse answer never lifts the band."""
    if any(r.cap not in {b.id for b in cat.bands} for r in question.red_lines):
        return []

    def rank(option_id: str) -> int:
        red = question.red_line(option_id)
        return cat.band_rank(red.cap) if red else -1

    for a in question.options:
        for b in question.options:
            if a.score < b.score and rank(a.id) < rank(b.id):
                return [
                    Problem(
                        f"{path}.red_lines",
                        f"'{a.id}' scores lower than '{b.id}' but is capped more mildly",
                    )
                ]
    return []


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
        if question.axis == "context":
            break  # context is never scored, so nothing there needs advice
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


def _known(path: str, ids: Iterable[str], known: set[str], what: str) -> list[Problem]:
    return [Problem(path, f"unknown {what} '{i}'") for i in ids if i not in known]


def _check_method_2(cat: Catalogue, path: str, question: Question) -> list[Problem]:
    """Schema 2: what each question serves, the norms its advice cites, its conventions."""
    problems = []
    if not question.serves:
        problems.append(Problem(f"{path}.serves", "the question serves no principle or marker"))
    problems += _known(
        f"{path}.serves", question.serves, {p.id for p in cat.principles}, "principle"
    )
    problems += _known(
        f"{path}.conventions", question.conventions, {c.id for c in cat.conventions}, "convention"
    )
    norms = {n.id for n in cat.norms}
    for option_id, advice in question.recommendations.items():
        here = f"{path}.recommendations.{option_id}"
        problems += _known(f"{here}.norms", advice.norms, norms, "norm")
        if not advice.norms:
            problems.append(Problem(f"{here}.norms", "a recommendation must cite a norm"))
        if advice.affected is None:
            problems.append(Problem(f"{here}.affected", "no advice for the affected State"))
    if question.unknown_means is not None and question.option(question.unknown_means) is None:
        problems.append(
            Problem(f"{path}.unknown_means", f"unknown option '{question.unknown_means}'")
        )
    if question.axis != "context" and question.measure is None:
        problems.append(Problem(f"{path}.measure", "no measure that would settle the fact"))
    return problems


def _check_catalogue_2(cat: Catalogue) -> list[Problem]:
    problems = []
    if cat.method is None:
        problems.append(Problem("method", "schema 2 needs the method settings"))
    elif cat.method.harm_cap not in {b.id for b in cat.bands}:
        problems.append(Problem("method.harm_cap", f"unknown band '{cat.method.harm_cap}'"))
    norms = {n.id for n in cat.norms}
    for i, channel in enumerate(cat.channels):
        problems += _known(f"channels[{i}].norms", channel.norms, norms, "norm")
    for name in ("principles", "norms", "channels", "conventions"):
        items = getattr(cat, name)
        problems += _duplicates(((f"{name}[{i}].id", x.id) for i, x in enumerate(items)), name)
    for ci, criterion in enumerate(cat.criteria):
        for qi, question in enumerate(criterion.questions):
            problems += _check_method_2(cat, f"criteria[{ci}].questions[{qi}]", question)
    return problems


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
    if cat.schema_version >= 2:
        problems += _check_catalogue_2(cat)
    return problems


def parse_catalogue(text: str, source: str = "<catalogue>") -> Catalogue:
    """Validate catalogue YAML text; raise CatalogueError listing every problem found."""
    cat, doc = parse_model(text, source, Catalogue, CatalogueError)
    problems = _option_source_problems(cat)
    if not problems:
        cat = _resolve_scales(cat)
    problems += validate_catalogue(cat)
    if problems:
        raise CatalogueError(source, with_lines(doc, problems))
    return cat


def load_catalogue(path: str | Path) -> Catalogue:
    """Read and validate a catalogue file; raise CatalogueError naming the file and the line."""
    return parse_catalogue(read_text(Path(path), CatalogueError), str(path))
