"""Exchange format: an assessment as JSON (catalogue reference, activity, answers).

Version 2 adds two optional report details, ``prepared_by`` and ``marking`` (the handling
marking), so that importing a report keeps them. A document without them is written as version 1,
byte for byte what v1 writers produced, so every v1 reader still reads it; a v1 document is read
as a v2 one without report details (the upgrade is just that).
"""

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assessment.catalogue_model import Catalogue
from assessment.errors import ExchangeError, Problem
from assessment.inputs import MAX_ANSWERS, Activity, Answer, Marking, PreparedBy

FORMAT: Literal["due-regard/assessment"] = "due-regard/assessment"
FORMAT_VERSION: Literal[1] = 1  # written when there are no report details
FORMAT_VERSION_WITH_DETAILS: Literal[2] = 2
MAX_DOCUMENT_BYTES = 2_000_000
MAX_NESTING = 20


class CatalogueRef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(max_length=64)
    version: str = Field(max_length=32)


class ExchangeDocument(BaseModel):
    """One assessment as exchanged between tools; validated against a catalogue by ``check``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["due-regard/assessment"] = FORMAT
    format_version: Literal[1, 2] = FORMAT_VERSION
    catalogue: CatalogueRef
    activity: Activity
    answers: dict[str, Answer] = Field(default_factory=dict, max_length=MAX_ANSWERS)
    prepared_by: PreparedBy = Field(
        default="", description="Who prepared the report (format_version 2 only)."
    )
    marking: Marking = Field(
        default="",
        description="The report's classification or distribution marking (format_version 2 only).",
    )

    @field_validator("format_version", mode="before")
    @classmethod
    def _a_number(cls, value: object) -> object:
        # JSON true would otherwise pass as 1 (True == 1 in Python).
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("format_version must be the number 1 or 2")
        return value

    @model_validator(mode="after")
    def _details_need_v2(self) -> "ExchangeDocument":
        if self.format_version == 1 and (self.prepared_by or self.marking):
            raise ValueError("prepared_by and marking need format_version 2")
        return self


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    if duplicated:
        raise ValueError(f"duplicate key '{duplicated[0]}'")
    return dict(pairs)


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_NESTING:
        return level
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    return max((_depth(v, level + 1) for v in children), default=level)


def _loc(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _printable(text: str) -> str:
    """Text as it can be shown or logged: a lone surrogate appears as its escape, ``\\udc00``."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _unencodable(value: Any, path: str = "") -> str | None:
    """The path of the first key or string that is not valid Unicode (a lone surrogate)."""
    if isinstance(value, str):
        return None if _encodes(value) else path
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{_printable(key)}" if path else _printable(key)
            if not _encodes(key):
                return child
            found = _unencodable(item, child)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _unencodable(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_document(raw: bytes | str, source: str = "<document>") -> ExchangeDocument:
    """Parse exchange JSON; raise ExchangeError listing what is wrong and where."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise ExchangeError(source, [Problem("", f"larger than {MAX_DOCUMENT_BYTES} bytes")])
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except UnicodeDecodeError as exc:
        raise ExchangeError(source, [Problem("", "not UTF-8 text")]) from exc
    except json.JSONDecodeError as exc:
        problem = Problem("", f"malformed JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        raise ExchangeError(source, [problem]) from exc
    except (ValueError, RecursionError) as exc:
        raise ExchangeError(source, [Problem("", f"malformed JSON: {exc}")]) from exc
    if not isinstance(data, dict):
        raise ExchangeError(source, [Problem("", "the document must be a JSON object")])
    if _depth(data) > MAX_NESTING:
        raise ExchangeError(source, [Problem("", "the document is nested too deeply")])
    bad = _unencodable(data)
    if bad is not None:
        problem = Problem(bad, "not valid Unicode text (a lone surrogate escape such as \\udc00)")
        raise ExchangeError(source, [problem])
    try:
        return ExchangeDocument.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(_loc(e["loc"]), e["msg"]) for e in exc.errors()]
        raise ExchangeError(source, problems) from exc


def _activity_problems(catalogue: Catalogue, activity: Activity) -> list[Problem]:
    known = {k.id for k in catalogue.activity_kinds}
    problems = [
        Problem(f"activity.kinds.{i}", f"unknown activity kind '{kind}'")
        for i, kind in enumerate(activity.kinds)
        if kind not in known
    ]
    if len(set(activity.kinds)) != len(activity.kinds):
        problems.append(Problem("activity.kinds", "an activity kind is listed twice"))
    regimes = {r.id for r in catalogue.orbit_regimes}
    if activity.orbit_regime is not None and activity.orbit_regime not in regimes:
        problems.append(
            Problem("activity.orbit_regime", f"unknown orbit regime '{activity.orbit_regime}'")
        )
    return problems


def answer_problems(
    catalogue: Catalogue,
    kinds: tuple[str, ...],
    question_id: str,
    answer: Answer,
    perspective: str | None = None,
) -> list[Problem]:
    """What is wrong with one answer, given the activity's kinds (empty if nothing)."""
    path = f"answers.{question_id}"
    question = catalogue.question(question_id)
    if question is None:
        return [Problem(path, f"unknown question '{question_id}'")]
    problems = []
    if not question.applies(kinds):
        problems.append(Problem(path, "this question does not apply to the activity's kinds"))
    allowed = question.answer_ids(perspective)
    if answer.option not in allowed:
        choices = ", ".join(sorted(allowed))
        problems.append(
            Problem(f"{path}.option", f"'{answer.option}' is not an option here ({choices})")
        )
    if answer.evidence is not None and catalogue.evidence(answer.evidence) is None:
        problems.append(Problem(f"{path}.evidence", f"unknown evidence basis '{answer.evidence}'"))
    return problems


def check_document(catalogue: Catalogue, doc: ExchangeDocument) -> list[Problem]:
    """Every way the document does not fit this catalogue."""
    ref = doc.catalogue
    if ref.id != catalogue.id:
        return [Problem("catalogue.id", f"'{ref.id}' is not this catalogue ('{catalogue.id}')")]
    problems = []
    if ref.version != catalogue.version:
        problems.append(
            Problem(
                "catalogue.version",
                f"answered on version {ref.version}; this is version {catalogue.version}",
            )
        )
    problems += _activity_problems(catalogue, doc.activity)
    kinds = doc.activity.kinds
    for question_id, answer in doc.answers.items():
        problems += answer_problems(catalogue, kinds, question_id, answer, doc.activity.perspective)
    return problems


def read_document(
    catalogue: Catalogue, raw: bytes | str, source: str = "<document>"
) -> ExchangeDocument:
    """Parse and check an exchange document against the catalogue; raise ExchangeError if unfit."""
    doc = parse_document(raw, source)
    problems = check_document(catalogue, doc)
    if problems:
        raise ExchangeError(source, problems)
    return doc


def make_document(
    catalogue: Catalogue,
    activity: Activity,
    answers: dict[str, Answer],
    prepared_by: str = "",
    marking: str = "",
) -> ExchangeDocument:
    """A document; version 2 only when it carries report details, so v1 readers read the rest."""
    details = bool(prepared_by or marking)
    return ExchangeDocument(
        format_version=FORMAT_VERSION_WITH_DETAILS if details else FORMAT_VERSION,
        catalogue=CatalogueRef(id=catalogue.id, version=catalogue.version),
        activity=activity,
        answers=dict(sorted(answers.items())),
        prepared_by=prepared_by,
        marking=marking,
    )


def dump_document(doc: ExchangeDocument) -> str:
    """Serialise with stable key order, so the same assessment always gives the same bytes."""
    data = doc.model_dump(mode="json")
    if doc.format_version == FORMAT_VERSION:  # exactly the v1 fields
        data.pop("prepared_by")
        data.pop("marking")
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)
