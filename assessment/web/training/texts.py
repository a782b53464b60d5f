"""What a session's scenario says (title, fact sheet, prompts, reference rationales), in the
language of whoever is looking: each participant in their own, the facilitator in theirs.

A session made from a scenario keeps only the scenario's id for this: its texts come from the
scenario library in the viewer's language. A session made from a stored assessment shows what
its authors typed, as typed (user text is never translated).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessment.web.library import get_scenarios

if TYPE_CHECKING:  # only annotated: service imports this module's constants, not the reverse
    from assessment.web.training.models import TrainingSession

# Stored in English on a session made from an assessment (service.create_from_assessment);
# shown in the viewer's language. The _l() calls (same English) put them in the catalogue.
DEFAULT_PROMPT = "Where does the room disagree, and what fact would settle it?"
NO_JUSTIFICATION = "(no justification given)"
_MARKED = (
    _l("Where does the room disagree, and what fact would settle it?"),
    _l("(no justification given)"),
)


@dataclass(frozen=True)
class SessionTexts:
    title: str
    fact_sheet: tuple[str, ...]
    prompts: tuple[str, ...]
    reference: dict[str, dict[str, Any]]  # question id -> {"option", "rationale"}


def _stored(text: str) -> str:
    return _(text) if text in (DEFAULT_PROMPT, NO_JUSTIFICATION) else text


def session_texts(row: "TrainingSession") -> SessionTexts:
    """The session's texts in the request's language (English when the scenario is gone)."""
    scenario = get_scenarios().get(row.scenario_id or "")  # in the page language
    reference = {qid: dict(ref) for qid, ref in (row.reference or {}).items()}
    if scenario is None:
        for ref in reference.values():
            ref["rationale"] = _stored(str(ref.get("rationale", "")))
        return SessionTexts(
            title=row.title,
            fact_sheet=tuple(row.fact_sheet or ()),
            prompts=tuple(_stored(p) for p in row.prompts or ()),
            reference=reference,
        )
    for qid, ref in reference.items():
        if qid in scenario.reference:
            ref["rationale"] = scenario.reference[qid].rationale
    return SessionTexts(
        title=scenario.title,
        fact_sheet=tuple(scenario.fact_sheet),
        prompts=tuple(scenario.prompts),
        reference=reference,
    )
