"""The consultation brief PDF: both readings, their gaps and the agenda, with each reading
attached as its exchange JSON so that either delegation can re-import it."""

import re
import unicodedata
from datetime import UTC, date, datetime
from datetime import time as clock

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from assessment.consultation import Brief, printable
from assessment.exchange import dump_document
from assessment.perception import GAP_LABELS
from assessment.printable import breakable, shorten
from assessment.web.library import catalogue_hash, texts_key
from assessment.web.pdf.cache import content_key
from assessment.web.pdf.engine import AttachedFile, PdfJob, RenderRequest
from assessment.web.pdf.language import (
    ReportLanguage,
    page_of_css,
    report_language,
    translation_note,
)

ATTACHMENT_NAMES = {"ours": "due-regard-ours.json", "theirs": "due-regard-theirs.json"}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].rstrip("-") or "activity"


def _gap_labels() -> dict[str, str]:
    """The kinds of gap (perception.GAP_LABELS) in the report's language."""
    labels = {
        "agreement": _("Agreement"),
        "information_gap": _("Information gap"),
        "factual_disagreement": _("Factual disagreement"),
        "reading_disagreement": _("Reading disagreement"),
    }
    return {gap: labels.get(gap, text) for gap, text in GAP_LABELS.items()}


def _request(brief: Brief, dated: date, language: ReportLanguage) -> RenderRequest:
    with force_locale(language.code):
        return _request_in_locale(brief, dated, language)


def _request_in_locale(brief: Brief, dated: date, language: ReportLanguage) -> RenderRequest:
    created = datetime.combine(dated, clock(12, 0), tzinfo=UTC)
    title = brief.ours.title
    html = render_template(
        "report/consultation.html",
        paper="A4",
        brief=printable(brief),
        gap_labels=_gap_labels(),
        dated=dated,
        report_translation=translation_note(brief.catalogue, language),
        page_of_css=page_of_css(),
        running_title=breakable(shorten(_("Consultation brief: %(title)s", title=title))),
        meta={
            "title": f"{title} — Due Regard consultation brief",
            "author": "",
            "subject": (
                f"Two readings of one activity held against each other: {title}. Catalogue "
                f"{brief.catalogue.id} version {brief.catalogue.version}."
            ),
            "keywords": ["Due Regard", "consultation brief"],
            "created": created.isoformat(),
        },
    )
    attachments = tuple(
        AttachedFile(
            ATTACHMENT_NAMES[side.key],
            dump_document(doc).encode("utf-8"),
            f"Due Regard assessment, {side.name} reading (exchange format v1): import it to "
            "re-open that reading",
        )
        for side, doc in ((brief.ours, brief.ours_doc), (brief.theirs, brief.theirs_doc))
    )
    return RenderRequest(html, created, attachments)


def brief_job(brief: Brief, dated: date, language: ReportLanguage | None = None) -> PdfJob:
    lang = language or report_language("en")
    key = content_key(
        "consultation",
        catalogue_hash(),
        lang.code,
        lang.digest,
        texts_key(brief.catalogue),
        brief.catalogue.id,
        brief.catalogue.version,
        brief.ours.name,
        brief.theirs.name,
        dump_document(brief.ours_doc),
        dump_document(brief.theirs_doc),
        dated.isoformat(),
    )
    suffix = "" if lang.code == "en" else f"-{lang.code}"
    filename = f"due-regard-consultation-{_slug(brief.ours.title)}{suffix}.pdf"
    return PdfJob(key, filename, lambda: _request(brief, dated, lang))
