"""The two-page brief: what a head of delegation reads first, chosen from a built report.

Pure selection, no scoring: every figure comes from the ``Report``. Each list is bounded so
the brief stays two pages whatever was entered; the full report prints everything.
"""

from collections import Counter
from dataclasses import dataclass

from assessment.printable import shorten
from assessment.report import AnswerLine, Report
from assessment.results import Recommendation

MAX_ACTIONS = 5
MIN_ACTIONS = 3
MAX_FACTS = 4
MAX_RED_LINES = 4
FACT_CHARS = 160  # a justification in the brief: about two lines
DESCRIPTION_CHARS = 330  # the activity in about three lines
OBJECTS_CHARS = 160


def _one_line(text: str, limit: int) -> str:
    """User text for the brief: line breaks folded into spaces, then shortened."""
    return shorten(" ".join(text.split()), limit)


@dataclass(frozen=True)
class Fact:
    """An answer the result rests on, with where it is printed in full."""

    number: str  # "3.2": criterion 3, question 2, as in the findings
    line: AnswerLine
    justification: str  # shortened for the brief


@dataclass(frozen=True)
class Brief:
    report: Report
    description: str
    objects: str
    actions: tuple[Recommendation, ...]
    more_actions: int
    facts: tuple[Fact, ...]
    more_red_lines: int
    evidence: tuple[tuple[str, int], ...]  # evidence basis label, answers resting on it
    unknown: int
    numbers: dict[str, str]  # question id -> "3.2", its number in the findings

    def number(self, question_id: str) -> str:
        return self.numbers.get(question_id, "")

    @property
    def shows_range(self) -> bool:
        """Equal ends of a range say nothing: print the range only when it is one."""
        overall = self.report.result.overall
        return overall.high - overall.low >= 0.5


def _numbered(report: Report) -> list[tuple[str, AnswerLine]]:
    return [
        (f"{n}.{i}", line)
        for n, section in enumerate(report.sections, 1)
        for i, line in enumerate(section.answers, 1)
    ]


def _weight(line: AnswerLine) -> tuple[int, float]:
    """Red lines first, then the answers that score lowest, then unknowns."""
    if line.red_line:
        return (0, line.option_score or 0.0)
    if line.option_score is not None:
        return (1, line.option_score)
    return (2, 0.0) if line.status == "unknown" else (3, 0.0)


def _facts(report: Report) -> tuple[Fact, ...]:
    lines = [
        (number, line)
        for number, line in _numbered(report)
        if line.red_line
        or line.status == "unknown"
        or (line.option_score is not None and line.option_score < 0.5)
    ]
    if not lines:  # nothing weighs the result down: show what holds it up instead
        lines = [(n, line) for n, line in _numbered(report) if line.status == "answered"]
        lines.sort(key=lambda item: -(item[1].option_score or 0.0))
    else:
        lines.sort(key=lambda item: _weight(item[1]))
    return tuple(Fact(n, line, _one_line(line.justification, FACT_CHARS)) for n, line in lines)[
        :MAX_FACTS
    ]


def _actions(report: Report) -> tuple[Recommendation, ...]:
    recs = report.result.recommendations
    # Actions worth a point or more; at least three when there are three, at most five.
    weighty = [r for r in recs if max(r.gain, r.raw_gain) >= 1.0]
    count = min(MAX_ACTIONS, max(MIN_ACTIONS, len(weighty)))
    return recs[:count]


def build_brief(report: Report) -> Brief:
    """Choose what the brief prints from a report built with every user text breakable."""
    answered = [line for s in report.sections for line in s.answers if line.status == "answered"]
    evidence = Counter(line.evidence_label for line in answered)
    actions = _actions(report)
    return Brief(
        report=report,
        description=_one_line(report.activity.description, DESCRIPTION_CHARS),
        objects=_one_line(report.activity.objects, OBJECTS_CHARS),
        actions=actions,
        more_actions=len(report.result.recommendations) - len(actions),
        facts=_facts(report),
        more_red_lines=max(0, len(report.result.red_lines) - MAX_RED_LINES),
        evidence=tuple(evidence.most_common()),
        unknown=sum(1 for s in report.sections for line in s.answers if line.status == "unknown"),
        numbers={line.question.id: number for number, line in _numbered(report)},
    )
