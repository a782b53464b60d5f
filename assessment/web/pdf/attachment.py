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

# pypdf logs every oddity of a foreign PDF at WARNING; an import only needs our own verdict.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class NotOurPdfError(ValueError):
    """The file is not a Due Regard report PDF, or its embedded assessment cannot be read."""


def extract_document_json(pdf_bytes: bytes) -> bytes:
    """Return the exchange JSON embedded in a Due Regard report; raise NotOurPdfError otherwise."""
    if b"%PDF-" not in pdf_bytes[:1024]:
        raise NotOurPdfError("This file is not a PDF.")
    try:
        reader = PdfReader(io.BytesIO(pdf_bytes))
        if reader.is_encrypted:
            raise NotOurPdfError("This PDF is encrypted; Due Regard reports never are.")
        found = reader.attachments.get(ATTACHMENT_NAME, [])
    except NotOurPdfError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        # A damaged or hostile PDF can fail deep inside pypdf in many ways; all mean "not ours".
        raise NotOurPdfError(f"This PDF cannot be read ({type(exc).__name__}).") from exc
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
