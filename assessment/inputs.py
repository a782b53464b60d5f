"""What a user provides: the activity description and the answers, with their limits."""

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

# One place for every field limit, so that forms, the API and the PDF all agree.
LIMITS = {
    "title": 200,
    "actor": 200,
    "timeframe": 100,
    "objects": 1000,
    "description": 5000,
    "justification": 4000,
    "prepared_by": 200,
    "marking": 100,
}
MAX_KINDS = 9
MAX_ANSWERS = 500


def _clean_text(value: str) -> str:
    """Refuse text that cannot be stored or printed faithfully; normalise line ends."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text contains an invalid character (a lone surrogate)") from exc
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for char in value:
        if char not in "\n\t" and unicodedata.category(char) == "Cc":
            raise ValueError(f"text contains a control character (U+{ord(char):04X})")
    return value.strip()


def _require(value: str) -> str:
    if not value:
        raise ValueError("this field is required")
    return value


def _limit(name: str) -> Any:
    return StringConstraints(max_length=LIMITS[name])


Title = Annotated[str, _limit("title"), AfterValidator(_clean_text), AfterValidator(_require)]
Actor = Annotated[str, _limit("actor"), AfterValidator(_clean_text)]
Timeframe = Annotated[str, _limit("timeframe"), AfterValidator(_clean_text)]
Objects = Annotated[str, _limit("objects"), AfterValidator(_clean_text)]
Description = Annotated[str, _limit("description"), AfterValidator(_clean_text)]
Justification = Annotated[str, _limit("justification"), AfterValidator(_clean_text)]
ShortId = Annotated[str, Field(max_length=64)]
# Report details: who prepared it and its handling marking (exchange format version 2).
PreparedBy = Annotated[str, _limit("prepared_by"), AfterValidator(_clean_text)]
Marking = Annotated[str, _limit("marking"), AfterValidator(_clean_text)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Activity(Model):
    """The activity being assessed."""

    title: Title
    actor: Actor
    perspective: Literal["own", "other"] = "other"
    # proposed / under way / completed; None (files made before method 2.0) reads as completed
    phase: Literal["proposed", "under_way", "completed"] | None = None
    kinds: tuple[ShortId, ...] = Field(min_length=1, max_length=MAX_KINDS)
    orbit_regime: ShortId | None = None
    timeframe: Timeframe = ""
    objects: Objects = ""
    description: Description = ""


class Answer(Model):
    """One answer: an option id (or ``not_applicable`` / ``unknown``), why, and on what basis."""

    option: Annotated[str, Field(min_length=1, max_length=64)]
    justification: Justification = ""
    evidence: ShortId | None = None
