"""The group report PDF of a training session: the scenario and the room's aggregates."""

from datetime import date

from flask_babel import force_locale

from assessment.catalogue import Catalogue
from assessment.web.pdf.documents import GroupDetails, group_job
from assessment.web.pdf.engine import PdfJob
from assessment.web.pdf.language import ReportLanguage, catalogue_in
from assessment.web.training import service
from assessment.web.training.group import counts, group_summary
from assessment.web.training.models import TrainingSession
from assessment.web.training.texts import session_texts


def group_report_job(
    catalogue: Catalogue, row: TrainingSession, language: ReportLanguage | None = None
) -> PdfJob:
    """The PDF job for this session's group report, dated today, in ``language`` (None: the
    request's): the scenario's and the catalogue's texts in that language, whatever the page's."""
    if language is None:
        texts = session_texts(row)
    else:
        catalogue = catalogue_in(catalogue, language)
        with force_locale(language.code):
            texts = session_texts(row)
    group = GroupDetails(
        title=texts.title,
        activity=service.activity_of(row),
        fact_sheet=texts.fact_sheet,
        prompts=texts.prompts,
        reference=texts.reference,
        notes=row.debrief_notes or "",
        joined=counts(row).joined,
        closed=row.closed,
        dated=date.today(),
    )
    return group_job(catalogue, group, group_summary(catalogue, row), language)
