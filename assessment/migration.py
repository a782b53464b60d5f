"""Moving answers from one catalogue version to the next by a mapping declared in data
(``catalogues/<from>-to-<to>.yaml``), listing every change for the user to accept first."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field

from assessment.catalogue_model import NOT_APPLICABLE, UNKNOWN, Catalogue, Id, Model, Text
from assessment.errors import InputError, Problem
from assessment.inputs import Activity, Answer
from assessment.yaml_source import parse_model, read_text, with_lines

ASK_AGAIN = "ask_again"
Kind = Literal["kept", "mapped", "ask_again", "dropped", "merged", "new"]


class MappingError(InputError):
    """A version mapping file is malformed or does not fit its two catalogues."""


class QuestionMap(Model):
    to: Id | None
    options: dict[Id, Id] = Field(default_factory=dict)
    note: Text | None = None


class VersionMapping(Model):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    from_version: str = Field(alias="from")
    to_version: str = Field(alias="to")
    questions: dict[Id, QuestionMap]


@dataclass(frozen=True)
class Change:
    """What happened to one question's answer; ``new_option`` None means it must be asked."""

    kind: Kind
    old_question: str | None
    new_question: str | None
    old_option: str | None
    new_option: str | None
    note: str = ""


@dataclass(frozen=True)
class Migration:
    from_version: str
    to_version: str
    answers: dict[str, Answer]
    changes: tuple[Change, ...]

    @property
    def to_ask(self) -> tuple[str, ...]:
        """New questions whose answer the user must give before the result means anything."""
        return tuple(c.new_question for c in self.changes if c.new_question and not c.new_option)


def check_mapping(old: Catalogue, new: Catalogue, mapping: VersionMapping) -> list[Problem]:
    """Every old question mapped, every target and option real."""
    problems = []
    if (mapping.from_version, mapping.to_version) != (old.version, new.version):
        problems.append(Problem("from", f"maps {mapping.from_version} -> {mapping.to_version}"))
    for _, question in old.questions():
        if question.id not in mapping.questions:
            problems.append(Problem("questions", f"no mapping for '{question.id}'"))
    for qid, qmap in mapping.questions.items():
        here = f"questions.{qid}"
        source = old.question(qid)
        if source is None:
            problems.append(Problem(here, f"'{qid}' is not a {old.version} question"))
            continue
        target = new.question(qmap.to) if qmap.to else None
        if qmap.to and target is None:
            problems.append(Problem(f"{here}.to", f"'{qmap.to}' is not a {new.version} question"))
            continue
        for option, becomes in qmap.options.items():
            if source.option(option) is None:
                problems.append(Problem(f"{here}.options.{option}", "not an old option"))
            allowed = (*target.answer_ids(), ASK_AGAIN) if target else ()
            if becomes not in allowed:
                problems.append(Problem(f"{here}.options.{option}", f"'{becomes}' not allowed"))
        if target is not None:
            missing = [o.id for o in source.options if o.id not in qmap.options]
            if missing:
                problems.append(Problem(f"{here}.options", f"unmapped: {', '.join(missing)}"))
    return problems


def parse_mapping(
    text: str, old: Catalogue, new: Catalogue, source: str = "<mapping>"
) -> VersionMapping:
    mapping, doc = parse_model(text, source, VersionMapping, MappingError)
    problems = check_mapping(old, new, mapping)
    if problems:
        raise MappingError(source, with_lines(doc, problems))
    return mapping


def load_mapping(path: str | Path, old: Catalogue, new: Catalogue) -> VersionMapping:
    return parse_mapping(read_text(Path(path), MappingError), old, new, str(path))


def _carry(
    qid: str, qmap: QuestionMap, new: Catalogue, answer: Answer, perspective: str
) -> tuple[Change, Answer | None]:
    target = new.question(qmap.to) if qmap.to else None
    if target is None:
        kind: Kind = "dropped"
        return Change(kind, qid, None, answer.option, None, qmap.note or ""), None
    if answer.option in (UNKNOWN, NOT_APPLICABLE):
        becomes = answer.option if answer.option in target.answer_ids(perspective) else ASK_AGAIN
    else:
        becomes = qmap.options.get(answer.option, ASK_AGAIN)
    if becomes == ASK_AGAIN:
        return Change("ask_again", qid, target.id, answer.option, None, qmap.note or ""), None
    kind = "kept" if becomes == answer.option and target.id == qid else "mapped"
    moved = answer.model_copy(update={"option": becomes})
    return Change(kind, qid, target.id, answer.option, becomes, qmap.note or ""), moved


def migrate(
    old: Catalogue,
    new: Catalogue,
    mapping: VersionMapping,
    activity: Activity,
    answers: Mapping[str, Answer],
) -> Migration:
    """The answers on the new version, and every change: pure, nothing is saved here."""
    out: dict[str, Answer] = {}
    changes: list[Change] = []
    for qid, answer in answers.items():
        qmap = mapping.questions.get(qid)
        if qmap is None:
            changes.append(Change("dropped", qid, None, answer.option, None, "not in the mapping"))
            continue
        change, moved = _carry(qid, qmap, new, answer, activity.perspective)
        if moved is not None and change.new_question in out:
            change = Change("merged", qid, change.new_question, answer.option, None, change.note)
        elif moved is not None and change.new_question is not None:
            out[change.new_question] = moved
        changes.append(change)
    mentioned = {c.new_question for c in changes}
    for _, question in new.applicable_questions(activity.kinds):
        if question.id not in out and question.id not in mentioned:
            changes.append(Change("new", None, question.id, None, None, "new in " + new.version))
    return Migration(old.version, new.version, out, tuple(changes))


def describe(old: Catalogue, new: Catalogue, mapping: VersionMapping) -> tuple[str, ...]:
    """The mapping as lines a person reads before accepting a migration (and the CLI prints)."""
    lines = []
    targeted = set()
    for qid, qmap in mapping.questions.items():
        if qmap.to is None:
            lines.append(f"{qid}: no longer asked" + (f" ({qmap.note})" if qmap.note else ""))
            continue
        targeted.add(qmap.to)
        moves = ", ".join(
            f"{a} -> {'ask again' if b == ASK_AGAIN else b}" for a, b in qmap.options.items()
        )
        name = qid if qmap.to == qid else f"{qid} -> {qmap.to}"
        lines.append(f"{name}: {moves}")
    for _, question in new.questions():
        if question.id not in targeted:
            lines.append(f"{question.id}: new in {new.version}, asked afresh")
    return tuple(lines)
