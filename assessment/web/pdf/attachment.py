"""The exchange JSON inside a report PDF: its name, and reading it back for import."""

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from assessment.exchange import MAX_DOCUMENT_BYTES

ATTACHMENT_NAME = "due-regard-assessment.json"
ATTACHMENT_DESCRIPTION = (
    "Due Regard assessment (exchange format v1): import this file to re-open it"
)


class NotOurPdfError(ValueError):
    """The file is not a Due Regard report PDF, or its embedded assessment cannot be read."""


# A comparison carries each assessment it compares, lettered as in the comparison.
COMPARED_PREFIX = "due-regard-assessment-"
# A group report carries the room's aggregates: data, but not one assessment to re-open.
GROUP_ATTACHMENT_NAME = "due-regard-group-report.json"
GROUP_ATTACHMENT_DESCRIPTION = (
    "Due Regard training session: the scenario and the room's aggregates (no participant data)"
)


def compared_name(letter: str) -> str:
    return f"{COMPARED_PREFIX}{letter}.json"


def _not_an_assessment(names: list[str]) -> NotOurPdfError | None:
    """Say exactly what a comparison or group report PDF is, when it is one."""
    compared = sorted(n for n in names if n.startswith(COMPARED_PREFIX) and n.endswith(".json"))
    if compared:
        return NotOurPdfError(
            f"This PDF is a Due Regard comparison of {len(compared)} assessments, not one "
            f"assessment. It carries each of them as an attached file ({', '.join(compared)}): "
            "save the one you want from your PDF reader's attachments panel and import that "
            "file, or import that assessment's own report."
        )
    if GROUP_ATTACHMENT_NAME in names:
        return NotOurPdfError(
            "This PDF is the group report of a Due Regard training session: it carries the "
            f"room's aggregates ({GROUP_ATTACHMENT_NAME}), not an assessment, so it cannot be "
            "imported. Start a session from the scenario, or import an assessment's report."
        )
    return None


# pypdf logs every oddity of a foreign PDF at WARNING; an import only needs our own verdict.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def extract_document_json(pdf_bytes: bytes) -> bytes:
    """Return the exchange JSON embedded in a Due Regard report; raise NotOurPdfError otherwise."""
    if b"%PDF-" not in pdf_bytes[:1024]:
        raise NotOurPdfError("This file is not a PDF.")
    try:
        reader = PdfReader(io.BytesIO(pdf_bytes))
        if reader.is_encrypted:
            raise NotOurPdfError("This PDF is encrypted; Due Regard reports never are.")
        attachments = reader.attachments
        found = attachments.get(ATTACHMENT_NAME, [])
        names = list(attachments)
    except NotOurPdfError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        # A damaged or hostile PDF can fail deep inside pypdf in many ways; all mean "not ours".
        raise NotOurPdfError(f"This PDF cannot be read ({type(exc).__name__}).") from exc
    if not found and (what := _not_an_assessment(names)):
        raise what
    if not found:
        raise NotOurPdfError(
            "This PDF has no Due Regard assessment attached: only a report downloaded "
            f"from Due Regard (which carries '{ATTACHMENT_NAME}') can be imported."
        )
    if len(found) > 1:
        raise NotOurPdfError(f"This PDF carries more than one '{ATTACHMENT_NAME}'.")
    data = found[0]
    if len(data) > MAX_DOCUMENT_BYTES:
        raise NotOurPdfError(f"The attached assessment is larger than {MAX_DOCUMENT_BYTES} bytes.")
    return data
