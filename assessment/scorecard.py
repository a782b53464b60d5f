"""The scores of one assessment, as frozen values shared by both methods."""

from dataclasses import dataclass
from typing import Literal

INSUFFICIENT = "insufficient_information"  # the headline when the facts do not support a band

Status = Literal["answered", "unknown", "not_applicable", "unanswered"]


@dataclass(frozen=True)
class QuestionScore:
    """How one applicable question counts: its point value and its worst/best case (0..1)."""

    question_id: str
    criterion_id: str
    status: Status
    option_id: str | None
    point: float
    low: float
    high: float
    weight: float
    confidence: float
    axis: str = "conduct"

    @property
    def counts(self) -> bool:
        """Whether it enters a figure: not "not applicable", and not unscored context."""
        return self.status != "not_applicable" and self.axis != "context"


@dataclass(frozen=True)
class CriterionScore:
    """A criterion's scores on 0..100; ``score`` is None when none of its questions count."""

    criterion_id: str
    title: str
    kind: str
    weight: float
    score: float | None
    low: float | None
    high: float | None
    confidence: float
    applicable: int
    answered: int


@dataclass(frozen=True)
class RedLineHit:
    question_id: str
    option_id: str
    cap: str
    statement: str


@dataclass(frozen=True)
class Overall:
    score: float
    raw_score: float
    low: float
    high: float
    confidence: float
    band: str
    capped: bool
    # Method 2.0 (defaults describe a method-1.0 result). ``score``/``raw_score``/``band`` are
    # the conduct figures; transparency is its own figure and never moves the band.
    method: int = 1
    headline: str = ""  # a band id, or INSUFFICIENT when the facts do not support a band
    band_low: str = ""
    band_high: str = ""
    transparency: float | None = None
    transparency_low: float | None = None
    transparency_high: float | None = None
    cap: str | None = None  # the band the harshest cap holds the result to, if any


@dataclass(frozen=True)
class Scorecard:
    """Every score of one assessment, before recommendations."""

    overall: Overall
    criteria: tuple[CriterionScore, ...]
    questions: tuple[QuestionScore, ...]
    red_lines: tuple[RedLineHit, ...]
    possible_red_lines: tuple[RedLineHit, ...] = ()
