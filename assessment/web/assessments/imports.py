"""Import an assessment from an exchange JSON file or from a Due Regard PDF report."""

from dataclasses import dataclass

from flask import request
from flask_babel import gettext as _

from assessment.catalogue import Catalogue
from assessment.errors import ExchangeError, Problem
from assessment.exchange import ExchangeDocument, read_document
from assessment.web.assessments.forms import ImportForm
from assessment.web.library import catalogue_for_document
from assessment.web.pdf.attachment import extract_document_json

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class ImportOutcome:
    filename: str
    document: ExchangeDocument | None
    problems: tuple[Problem, ...]
    catalogue: Catalogue | None = None  # the version the file was answered on


def _exchange_bytes(data: bytes) -> bytes:
    """The exchange JSON itself, or the copy attached to one of our PDF reports."""
    if not data.startswith(PDF_MAGIC):
        return data
    return extract_document_json(data)


def read_upload(catalogue: Catalogue, filename: str, data: bytes) -> ImportOutcome:
    """Read the file on the catalogue version it names when that version is known."""
    try:
        raw = _exchange_bytes(data)
        catalogue = catalogue_for_document(raw)
        doc = read_document(catalogue, raw, filename)
    except ExchangeError as exc:
        return ImportOutcome(filename, None, exc.problems)
    except ValueError as exc:
        return ImportOutcome(filename, None, (Problem("", str(exc)),))
    return ImportOutcome(filename, doc, (), catalogue)


def import_upload(catalogue: Catalogue) -> ImportOutcome:
    """Validate the posted import form and read its file; nothing is stored here."""
    form = ImportForm()
    upload = request.files.get("file")
    name = (upload.filename or "upload") if upload else "upload"
    if not form.validate_on_submit() or upload is None:
        messages = [e for errors in form.errors.values() for e in errors] or [_("no file was sent")]
        return ImportOutcome(name[:200], None, tuple(Problem("", m) for m in messages))
    return read_upload(catalogue, name[:200], upload.read())
