"""A completed assessment's report, rendered in the background so its first download is ready."""

import logging

from assessment.web.assessments import store
from assessment.web.assessments.models import Assessment
from assessment.web.library import get_catalogue
from assessment.web.pdf import documents as pdf
from assessment.web.pdf.language import requested_language
from assessment.web.pdf.queue import queue_render

log = logging.getLogger(__name__)


def cover(row: Assessment, paper: str) -> pdf.CoverDetails:
    return pdf.CoverDetails(
        dated=row.updated_at.date(),
        prepared_by=row.prepared_by or "",
        marking=row.marking or "",
        paper=paper,
    )


def prerender(row: Assessment) -> None:
    """Queue the A4 report of a complete assessment, so that its first download is a cache hit:
    in the page's language, which is what the result page's download link asks for.

    Called when an assessment is completed or changed (not on autosave: that would queue a
    render per pause in typing). A full queue only means the first download waits.
    """
    catalogue = get_catalogue()
    answers = row.answers or {}
    sections = catalogue.sections(row.activity_model().kinds)
    if not all(q.id in answers for _, qs in sections for q in qs):
        return
    try:
        doc = store.document_for(catalogue, row)
        job = pdf.report_job(catalogue, doc, cover(row, "a4"), requested_language())
    except ValueError:  # misfitting answers or an unknown ?lang=: the download will say so
        return
    if not queue_render(job):
        log.info("render queue full: the report of assessment %s is not pre-rendered", row.id)
