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
FACT_CHARS = 120  # a justification in the brief: at most two lines of its column
DESCRIPTION_CHARS = 260  # the activity in about three lines
OBJECTS_CHARS = 160
TITLE_CHARS = 110  # at most three lines of the brief's heading; the report prints it whole
ACTOR_CHARS = 90
TIMEFRAME_CHARS = 60


def _one_line(text: str, limit: int) -> str:
    """User text for the brief: line breaks folded into spaces, then shortened."""
    return shorten(" ".join(text.split()), limit)


def _few_lines(text: str, limit: int, lines: int = 3) -> str:
    """The first few non-empty lines, shortened: each stays its own paragraph, so that each
    keeps its own writing direction (an Arabic line, then a French one)."""
    kept = [" ".join(line.split()) for line in text.splitlines() if line.strip()][:lines]
    return shorten("\n".join(kept), limit)


@dataclass(frozen=True)
class Fact:
    """An answer the result rests on, with where it is printed in full."""

    number: str  # "3.2": criterion 3, question 2, as in the findings
    line: AnswerLine
    justification: str  # shortened for the brief


@dataclass(frozen=True)
class Action:
    """One recommendation text and every question it answers: printed once, however many.

    An "unknown" answer on many questions often calls for the same step (establish the facts);
    the plan prints that step once, with each question it would settle.
    """

    text: str
    recommendations: tuple[Recommendation, ...]  # highest gain first

    @property
    def gain(self) -> float:
        return self.recommendations[0].gain

    @property
    def raw_gain(self) -> float:
        return max(r.raw_gain for r in self.recommendations)

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(r.question_id for r in self.recommendations)


def group_actions(recommendations: tuple[Recommendation, ...]) -> tuple[Action, ...]:
    """Recommendations with the same text joined, in the order of their best gain."""
    by_text: dict[str, list[Recommendation]] = {}
    for rec in recommendations:
        by_text.setdefault(rec.text, []).append(rec)
    return tuple(Action(text, tuple(recs)) for text, recs in by_text.items())


@dataclass(frozen=True)
class Brief:
    report: Report
    title: str
    actor: str
    timeframe: str
    description: str
    objects: str
    actions: tuple[Action, ...]  # the first items of the action plan
    plan: tuple[Action, ...]  # every action, the brief's first
    facts: tuple[Fact, ...]
    more_red_lines: int
    evidence: tuple[tuple[str, int], ...]  # evidence basis label, answers resting on it
    unknown: int
    numbers: dict[str, str]  # question id -> "3.2", its number in the findings

    @property
    def more_actions(self) -> int:
        return len(self.plan) - len(self.actions)

    def numbers_of(self, action: Action) -> str:
        """ "1.2" or "1.2, 4.1 and 9.3": the questions an action settles."""
        found = sorted(
            (self.number(q) for q in action.question_ids),
            key=lambda n: tuple(int(p) for p in n.split(".") if p.isdigit()),
        )
        return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]

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
    # Red lines take room on the first page: one fact fewer when two or more are crossed.
    limit = MAX_FACTS - (1 if len(report.result.red_lines) >= 2 else 0)
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
        :limit
    ]


def _actions(plan: tuple[Action, ...]) -> tuple[Action, ...]:
    # Actions worth a point or more; at least three when there are three, at most five.
    weighty = [a for a in plan if max(a.gain, a.raw_gain) >= 1.0]
    return plan[: min(MAX_ACTIONS, max(MIN_ACTIONS, len(weighty)))]


def build_brief(report: Report) -> Brief:
    """Choose what the brief prints from a report built with every user text breakable."""
    answered = [line for s in report.sections for line in s.answers if line.status == "answered"]
    # "Official record (notification, registration, licence)" → "Official record": a tally.
    evidence = Counter(line.evidence_label.split(" (")[0] for line in answered)
    plan = group_actions(report.action_plan)  # what can still change; done steps are not actions
    actions = _actions(plan)
    return Brief(
        report=report,
        title=_one_line(report.activity.title, TITLE_CHARS),
        actor=_one_line(report.activity.actor, ACTOR_CHARS),
        timeframe=_one_line(report.activity.timeframe, TIMEFRAME_CHARS),
        description=_few_lines(report.activity.description, DESCRIPTION_CHARS),
        objects=_one_line(report.activity.objects, OBJECTS_CHARS),
        actions=actions,
        plan=plan,
        facts=_facts(report),
        more_red_lines=max(0, len(report.result.red_lines) - MAX_RED_LINES),
        evidence=tuple(evidence.most_common()),
        unknown=sum(1 for s in report.sections for line in s.answers if line.status == "unknown"),
        numbers={line.question.id: number for number, line in _numbered(report)},
    )
