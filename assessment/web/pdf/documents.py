"""What goes into each PDF: the report, a brief, a comparison, the blank questionnaire (the group
report of a training session is built in ``training/report.py`` from the helpers here).

Each document is a ``PdfJob``: its content key, its file name, and how to build its HTML.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from datetime import time as clock
from typing import Any

from flask import render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from assessment.brief import build_brief
from assessment.catalogue import Catalogue, Criterion, Question
from assessment.citations import build_citations
from assessment.exchange import ExchangeDocument, dump_document
from assessment.printable import bounded_report, breakable, shorten
from assessment.report import compare_reports
from assessment.web.i18n import DEFAULT
from assessment.web.library import catalogue_hash, texts_key
from assessment.web.method import method_html
from assessment.web.pdf.attachment import (
    ATTACHMENT_DESCRIPTION,
    ATTACHMENT_NAME,
    compared_name,
)
from assessment.web.pdf.cache import content_key
from assessment.web.pdf.engine import AttachedFile, PdfJob, RenderRequest
from assessment.web.pdf.language import (
    ReportLanguage,
    catalogue_in,
    page_of_css,
    report_language,
    translation_note,
)

PAPERS = {"a4": "A4", "letter": "letter"}
LETTERS = "ABCDEFGH"  # as templates/report/comparison.html letters the compared assessments


@dataclass(frozen=True)
class CoverDetails:
    """What the person printing adds around an assessment; none of it is scored."""

    dated: date
    prepared_by: str = ""
    marking: str = ""
    paper: str = "a4"
    reference: str = ""  # a reference or document symbol, printed in the masthead

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}")


RUNNING_TITLE_CHARS = 64  # with the marking, one line of the running header at 8 pt


def slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "assessment"


def created_at(dated: date) -> datetime:
    return datetime.combine(dated, clock(12, 0), tzinfo=UTC)


def language_or_default(language: ReportLanguage | None) -> ReportLanguage:
    """The report's language: English unless the download named one."""
    return language or report_language(DEFAULT)


def render_html(
    template: str, paper: str, language: ReportLanguage, texts: Catalogue, **context: Any
) -> str:
    """The HTML of one PDF; the caller renders under force_locale(language.code), so that
    strings built in Python (titles, metadata) are in the report's language too. ``texts`` is
    the catalogue the report's texts come from (its translation's status goes in the annex)."""
    return render_template(
        template,
        paper=PAPERS[paper],
        method=method_html(),
        report_translation=translation_note(texts, language),
        page_of_css=page_of_css(),
        **context,
    )


def _report_request(
    catalogue: Catalogue,
    doc: ExchangeDocument,
    cover: CoverDetails,
    template: str,
    language: ReportLanguage,
) -> RenderRequest:
    with force_locale(language.code):
        return _report_request_in_locale(catalogue, doc, cover, template, language)


def _report_request_in_locale(
    catalogue: Catalogue,
    doc: ExchangeDocument,
    cover: CoverDetails,
    template: str,
    language: ReportLanguage,
) -> RenderRequest:
    report = bounded_report(catalogue, doc)
    title = doc.activity.title
    brief = template == "report/brief.html"
    score = f"{report.result.overall.score:.0f}"
    subject = _(
        "Assessment of responsible behaviour in outer space: %(title)s; overall %(score)s/100, "
        "%(band)s.",
        title=title,
        score=score,
        band=report.band.label,
    )
    source = (
        _(
            "Due Regard brief · catalogue %(id)s %(version)s",
            id=catalogue.id,
            version=catalogue.version,
        )
        if brief
        else _(
            "Due Regard report · catalogue %(id)s %(version)s",
            id=catalogue.id,
            version=catalogue.version,
        )
    )
    html = render_html(
        template,
        cover.paper,
        language,
        catalogue,
        report=report,
        brief=build_brief(report),
        citations=build_citations(report),
        cover=_shown(cover, cover.paper),
        # First-strong isolate: an Arabic title keeps its own direction inside the header.
        running_title="\u2068" + breakable(shorten(title, RUNNING_TITLE_CHARS)) + "\u2069",
        running_source=source,
        meta=metadata(
            catalogue,
            _("%(title)s — Due Regard brief", title=title)
            if brief
            else _("%(title)s — Due Regard report", title=title),
            subject,
            cover.prepared_by,
            cover.dated,
            language,
        ),
    )
    exchange = dump_document(doc).encode("utf-8")
    attached = AttachedFile(ATTACHMENT_NAME, exchange, ATTACHMENT_DESCRIPTION)
    return RenderRequest(html, created_at(cover.dated), (attached,))


def metadata(
    catalogue: Catalogue,
    title: str,
    subject: str,
    author: str,
    dated: date,
    language: ReportLanguage,
) -> dict[str, Any]:
    """PDF metadata, read by WeasyPrint from <title> and <meta> in the report/_layout.html."""
    version = _("Catalogue %(id)s version %(version)s.", id=catalogue.id, version=catalogue.version)
    return {
        "title": title,
        "author": author,
        "subject": f"{subject} {version}",
        "keywords": ["Due Regard", f"catalogue {catalogue.id} {catalogue.version}"],
        "created": created_at(dated).isoformat(),
        "language": language.code,
    }


def _shown(cover: CoverDetails, paper: str) -> CoverDetails:
    """The cover details as printed: user text made breakable."""
    return replace(
        cover,
        prepared_by=breakable(cover.prepared_by),
        marking=breakable(cover.marking),
        reference=breakable(cover.reference),
        paper=paper,
    )


def _assessment_key(
    kind: str,
    catalogue: Catalogue,
    doc: ExchangeDocument,
    cover: CoverDetails,
    language: ReportLanguage,
) -> str:
    return content_key(
        kind,
        catalogue_hash(),
        language.code,
        language.digest,
        texts_key(catalogue),
        catalogue.id,
        catalogue.version,
        dump_document(doc),
        cover.prepared_by,
        cover.marking,
        cover.reference,
        cover.dated.isoformat(),
        cover.paper,
    )


def name_suffix(language: ReportLanguage) -> str:
    return "" if language.code == DEFAULT else f"-{language.code}"


def report_job(
    catalogue: Catalogue,
    doc: ExchangeDocument,
    cover: CoverDetails,
    language: ReportLanguage | None = None,
) -> PdfJob:
    """The full PDF report of one assessment (the brief first), its exchange JSON attached."""
    return _assessment_job("report", "due-regard-", catalogue, doc, cover, language)


def brief_job(
    catalogue: Catalogue,
    doc: ExchangeDocument,
    cover: CoverDetails,
    language: ReportLanguage | None = None,
) -> PdfJob:
    """The two-page brief of one assessment, its exchange JSON attached as in the report."""
    return _assessment_job("brief", "due-regard-brief-", catalogue, doc, cover, language)


def _assessment_job(
    kind: str,
    prefix: str,
    catalogue: Catalogue,
    doc: ExchangeDocument,
    cover: CoverDetails,
    language: ReportLanguage | None,
) -> PdfJob:
    lang = language_or_default(language)
    catalogue = catalogue_in(catalogue, lang)
    key = _assessment_key(kind, catalogue, doc, cover, lang)
    filename = f"{prefix}{slug(doc.activity.title)}{name_suffix(lang)}.pdf"
    template = f"report/{kind}.html"
    return PdfJob(key, filename, lambda: _report_request(catalogue, doc, cover, template, lang))


def _comparison_request(
    catalogue: Catalogue,
    entries: Sequence[tuple[ExchangeDocument, CoverDetails]],
    paper: str,
    language: ReportLanguage,
) -> RenderRequest:
    with force_locale(language.code):
        return _comparison_in_locale(catalogue, entries, paper, language)


def _comparison_in_locale(
    catalogue: Catalogue,
    entries: Sequence[tuple[ExchangeDocument, CoverDetails]],
    paper: str,
    language: ReportLanguage,
) -> RenderRequest:
    comparison = compare_reports([bounded_report(catalogue, doc) for doc, _ in entries])
    markings = list(dict.fromkeys(c.marking for _, c in entries if c.marking))
    authors = "; ".join(dict.fromkeys(c.prepared_by for _, c in entries if c.prepared_by))
    dated = max(c.dated for _, c in entries)
    titles = "; ".join(doc.activity.title for doc, _ in entries)
    count = len(entries)
    running = ngettext(
        "Comparison of %(num)s assessment", "Comparison of %(num)s assessments", count
    )
    subject = _("Due Regard comparison of %(num)s assessments.", num=count)
    html = render_html(
        "report/comparison.html",
        paper,
        language,
        catalogue,
        comparison=comparison,
        covers=[_shown(c, paper) for _, c in entries],
        marking=breakable(" / ".join(markings)),
        running_title=running,
        meta=metadata(
            catalogue,
            shorten(_("Comparison: %(titles)s", titles=titles), 300),
            subject,
            authors,
            dated,
            language,
        ),
    )
    # Each compared assessment rides along, lettered as in the comparison (A is the baseline).
    attached = tuple(
        AttachedFile(
            compared_name(letter),
            dump_document(doc).encode("utf-8"),
            f"Assessment {letter} of this comparison (exchange format v1): import to re-open it",
        )
        for letter, (doc, _) in zip(LETTERS, entries, strict=False)
    )
    return RenderRequest(html, created_at(dated), attached)


def comparison_job(
    catalogue: Catalogue,
    entries: Sequence[tuple[ExchangeDocument, CoverDetails]],
    paper: str,
    language: ReportLanguage | None = None,
) -> PdfJob:
    """A comparison report of two or more assessments, the first taken as the baseline."""
    lang = language_or_default(language)
    catalogue = catalogue_in(catalogue, lang)
    parts = [lang.code, lang.digest, texts_key(catalogue), paper]
    for doc, cover in entries:
        parts += [dump_document(doc), cover.prepared_by, cover.marking, cover.dated.isoformat()]
    key = content_key("comparison", catalogue_hash(), *parts)
    return PdfJob(
        key,
        f"due-regard-comparison{name_suffix(lang)}.pdf",
        lambda: _comparison_request(catalogue, entries, paper, lang),
    )


def questionnaire_groups(
    catalogue: Catalogue, kinds: Sequence[str]
) -> list[tuple[Criterion, list[Question]]]:
    """The questions for these kinds (every question when no kind is given), by criterion."""
    wanted = tuple(kinds) or tuple(k.id for k in catalogue.activity_kinds)
    return catalogue.sections(wanted)


def _blank_request(
    catalogue: Catalogue, kinds: Sequence[str], paper: str, language: ReportLanguage
) -> RenderRequest:
    with force_locale(language.code):
        return _blank_in_locale(catalogue, kinds, paper, language)


def _blank_in_locale(
    catalogue: Catalogue, kinds: Sequence[str], paper: str, language: ReportLanguage
) -> RenderRequest:
    today = date.today()
    labels = [catalogue.kind_label(k) for k in kinds] or [_("all kinds of activity")]
    title = _("Due Regard questionnaire: %(kinds)s", kinds=_("; ").join(labels))
    html = render_html(
        "report/blank.html",
        paper,
        language,
        catalogue,
        catalogue=catalogue,
        groups=questionnaire_groups(catalogue, kinds),
        kinds=list(kinds),
        kind_labels=labels,
        running_title=shorten(title),
        meta=metadata(catalogue, title, _("Blank questionnaire."), "", today, language),
    )
    return RenderRequest(html, created_at(today))


def blank_job(
    catalogue: Catalogue,
    kinds: Sequence[str],
    paper: str,
    language: ReportLanguage | None = None,
) -> PdfJob:
    """A blank printable questionnaire for the given activity kinds (all kinds if none)."""
    lang = language_or_default(language)
    catalogue = catalogue_in(catalogue, lang)
    kinds = list(dict.fromkeys(kinds))
    key = content_key(
        "blank",
        catalogue_hash(),
        lang.code,
        lang.digest,
        texts_key(catalogue),
        ",".join(kinds),
        paper,
    )
    name = "-".join(kinds) if kinds else "all"
    filename = f"due-regard-questionnaire-{slug(name, 80)}{name_suffix(lang)}.pdf"
    return PdfJob(key, filename, lambda: _blank_request(catalogue, kinds, paper, lang))
