"""Print-shaping of user text: every character kept, layout kept linear (no framework needed).

Pango finds break points in a long unbroken word one by one, and WeasyPrint measures table
cells with overflow-wrap:anywhere at every character: a 40,000-character word took 14 s in a
paragraph and minutes in a table. Giving long runs a zero-width break opportunity every
BREAK_EVERY characters keeps layout linear; the print stylesheet never puts user text in
auto-sized tables.
"""

import re
import unicodedata

from assessment.catalogue import Catalogue
from assessment.exchange import ExchangeDocument
from assessment.inputs import Activity, Answer
from assessment.report import Report, build_report

BREAK_EVERY = 24
ZWSP = "\u200b"
_LONG_RUN = re.compile(rf"\S{{{BREAK_EVERY + 1},}}")
MAX_LINE_BREAKS = 40
_BLANK_RUN = re.compile(r"\n\s*\n(\s*\n)+")
ACTIVITY_TEXTS = ("title", "actor", "timeframe", "objects", "description")


def _joins_previous(char: str) -> bool:
    """Combining marks, joiners and variation selectors belong to the character before them."""
    return bool(unicodedata.combining(char)) or unicodedata.category(char) in ("Mn", "Me", "Cf")


def _break_run(run: str) -> str:
    out, since_break = [], 0
    for char in run:
        if since_break >= BREAK_EVERY and not _joins_previous(char):
            out.append(ZWSP)
            since_break = 0
        out.append(char)
        since_break += 1
    return "".join(out)


def _bounded_lines(text: str) -> str:
    """At most MAX_LINE_BREAKS kept line breaks, no blank runs: 4,000 newlines is 80 pages."""
    text = _BLANK_RUN.sub("\n\n", text)
    head, *rest = text.split("\n", MAX_LINE_BREAKS)
    if not rest:
        return head
    *kept, tail = rest
    return "\n".join([head, *kept, tail.replace("\n", " ")])


def breakable(text: str) -> str:
    """Text as printed: every character kept, long runs made breakable, line breaks bounded."""
    return _LONG_RUN.sub(lambda m: _break_run(m[0]), _bounded_lines(text))


def text_direction(text: str) -> str:
    """ "rtl" or "ltr" from the first strongly directional character (Unicode's rule P2), or
    "auto" when there is none. An element given this direction keeps an Arabic sentence's
    punctuation at its end, where a left-to-right paragraph would put it at the start."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


def shorten(text: str, limit: int = 90) -> str:
    """At most ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bounded_activity(activity: Activity) -> Activity:
    """The activity with every free-text field made breakable."""
    return activity.model_copy(update={n: breakable(getattr(activity, n)) for n in ACTIVITY_TEXTS})


def bounded_answers(answers: dict[str, Answer]) -> dict[str, Answer]:
    """The answers with every justification made breakable."""
    return {
        qid: a.model_copy(update={"justification": breakable(a.justification)})
        for qid, a in answers.items()
    }


def bounded_report(catalogue: Catalogue, doc: ExchangeDocument) -> Report:
    """The report of an exchange document, with every user text made breakable for print."""
    return build_report(
        catalogue, bounded_activity(doc.activity), bounded_answers(dict(doc.answers))
    )
