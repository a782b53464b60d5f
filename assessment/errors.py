"""Errors raised by the core, each naming what went wrong and where."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is (a dotted path, maybe a line) and what."""

    path: str
    message: str
    line: int | None = None

    def describe(self, source: str = "") -> str:
        where = f"{source}:{self.line}" if source and self.line else source
        prefix = f"{where}: " if where else ""
        location = f"{self.path}: " if self.path else ""
        return f"{prefix}{location}{self.message}"


class InputError(ValueError):
    """A document (catalogue or exchange file) failed validation; carries every problem found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(self.describe())

    def describe(self) -> str:
        return "\n".join(p.describe(self.source) for p in self.problems)


class CatalogueError(InputError):
    """``criteria.yaml`` (or another catalogue file) is malformed or inconsistent."""


class ExchangeError(InputError):
    """An exchange document (assessment JSON) is malformed or does not fit the catalogue."""


class AnswerError(ValueError):
    """An answer the scoring engine cannot take: an option the question does not offer."""

    def __init__(self, question_id: str, option: str) -> None:
        self.question_id = question_id
        self.option = option
        super().__init__(f"option '{option}' is not an option of '{question_id}'")
