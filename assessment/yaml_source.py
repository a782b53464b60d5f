"""Read YAML safely, rejecting duplicate keys and remembering the line of every value."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assessment.errors import InputError, Problem

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML data plus a map from dotted path (``criteria[2].id``) to 1-based line."""

    data: Any
    lines: dict[str, int]

    def line_of(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = _parent(path)
        return None


class YamlSourceError(Exception):
    """The text is not a single valid, safe YAML document."""

    def __init__(self, *problems: Problem) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def dotted_path(loc: tuple[int | str, ...]) -> str:
    """A validation error location as the line map spells it: ``criteria[2].questions[4]``."""
    path = ""
    for part in loc:
        path = _child(path, part)
    return path


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def _child(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


MAX_DEPTH = 64  # far deeper than any catalogue or scenario; bounds recursion everywhere
# libyaml's parser when PyYAML has it: the same safe loading, about ten times faster (start-up
# reads every catalogue version and translation); the pure-Python one otherwise.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_shape(text: str) -> None:
    """Refuse aliases and deep nesting from the event stream, before any tree is built.

    An alias makes the composer reuse a node, so a few lines of ``&a [*b, *b, …]`` become a
    tree of billions of paths (an "alias bomb"); our files never need one. The parser is not
    recursive, so this costs one pass whatever the input.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            message = "YAML anchors and aliases (&name, *name) are not allowed"
            raise YamlSourceError(Problem("", message, line))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSourceError(
                    Problem("", f"nested more than {MAX_DEPTH} levels deep", line)
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _index_lines(node: Node, path: str, lines: dict[str, int]) -> list[Problem]:
    """Record the line of each node under ``path``; report keys that appear twice in a mapping."""
    lines.setdefault(path, node.start_mark.line + 1)
    problems: list[Problem] = []
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(Problem(_child(path, key), f"duplicate key '{key}'", line))
            seen.add(key)
            child = _child(path, key)
            lines[child] = line
            problems += _index_lines(value_node, child, lines)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            problems += _index_lines(item, _child(path, index), lines)
    return problems


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document with the safe loader; raise YamlSourceError on any problem."""
    if not text.strip():
        raise YamlSourceError(Problem("", "the file is empty"))
    loader = _LOADER(text)
    try:
        _check_shape(text)
        node = loader.get_single_node()
        if node is None:
            raise YamlSourceError(Problem("", "the file holds no YAML document"))
        lines: dict[str, int] = {}
        duplicates = _index_lines(node, "", lines)
        if duplicates:
            raise YamlSourceError(*duplicates)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"invalid YAML: {exc.problem or exc.context}"
        if "constructor" in str(exc.problem):
            message = f"unsafe or unknown YAML tag: {exc.problem}"
        raise YamlSourceError(Problem("", message, line)) from exc
    except yaml.YAMLError as exc:
        raise YamlSourceError(Problem("", f"invalid YAML: {exc}")) from exc
    finally:
        loader.dispose()
    return YamlDocument(data, lines)


def with_lines(doc: YamlDocument, problems: list[Problem]) -> list[Problem]:
    """The problems, each given the line of its path where it has none yet."""
    return [Problem(p.path, p.message, p.line or doc.line_of(p.path)) for p in problems]


def parse_model(
    text: str, source: str, model: type[M], error: type[InputError]
) -> tuple[M, YamlDocument]:
    """Parse YAML text and validate it as ``model``; raise ``error`` with every problem, each
    with its line. Shared by the catalogue and the scenario loaders."""
    doc = parse_mapping(text, source, error)
    try:
        return model.model_validate(doc.data), doc
    except ValidationError as exc:
        raise error(source, with_lines(doc, model_problems(exc))) from exc


def parse_mapping(text: str, source: str, error: type[InputError]) -> YamlDocument:
    """Parse YAML text whose top level must be a mapping; raise ``error`` otherwise."""
    try:
        doc = parse_yaml(text)
    except YamlSourceError as exc:
        raise error(source, list(exc.problems)) from exc
    if not isinstance(doc.data, dict):
        raise error(source, [Problem("", "the top level must be a mapping", 1)])
    return doc


def model_problems(exc: ValidationError) -> list[Problem]:
    """A model's validation errors as problems at dotted paths (lines added by the caller)."""
    return [Problem(dotted_path(e["loc"]), e["msg"]) for e in exc.errors()]


def read_text(path: Path, error: type[InputError], max_bytes: int | None = None) -> str:
    """A file's UTF-8 text; raise ``error`` naming the file when it cannot be read."""
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise error(str(path), [Problem("", "the file is too large")])
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(str(path), [Problem("", f"not UTF-8 text ({exc.reason})")]) from exc
    except OSError as exc:
        raise error(str(path), [Problem("", f"cannot read: {exc.strerror}")]) from exc
