"""The group report PDF of a training session: the scenario and the room's aggregates, never
anything per participant."""

import json
from dataclasses import dataclass, replace
from datetime import date

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from assessment.aggregate import GroupSummary
from assessment.catalogue import Catalogue
from assessment.inputs import Activity
from assessment.printable import bounded_activity, breakable, shorten
from assessment.report import SPECIAL_LABELS
from assessment.web.library import catalogue_hash, texts_key
from assessment.web.pdf.attachment import GROUP_ATTACHMENT_DESCRIPTION, GROUP_ATTACHMENT_NAME
from assessment.web.pdf.cache import content_key
from assessment.web.pdf.documents import (
    PAPERS,
    created_at,
    language_or_default,
    metadata,
    name_suffix,
    render_html,
    slug,
)
from assessment.web.pdf.engine import AttachedFile, PdfJob, RenderRequest
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


@dataclass(frozen=True)
class GroupDetails:
    """What the group report prints about a training session: never anything per participant.

    Plain data (the session row stays in the web process); ``reference`` maps a question id to
    ``{"option": ..., "rationale": ...}`` as stored on the session.
    """

    title: str
    activity: Activity
    fact_sheet: tuple[str, ...]
    prompts: tuple[str, ...]
    reference: dict[str, dict[str, str]]
    notes: str
    joined: int
    closed: bool
    dated: date
    paper: str = "a4"

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}")


def _summary_data(summary: GroupSummary) -> str:
    """The aggregates as canonical JSON: part of the content key, so a new submission shows."""
    data = {
        "submitted": summary.submitted,
        "complete": summary.complete,
        "hidden": summary.hidden,
        "questions": [
            [s.question_id, list(s.distribution.items()), s.reference] for s in summary.questions
        ],
        "spreads": [
            [c.criterion_id, [round(v, 6) for v in c.scores], c.reference]
            for c in (summary.overall, *summary.criteria)
        ],
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def _details_data(group: GroupDetails) -> str:
    data = {
        "title": group.title,
        "activity": group.activity.model_dump(mode="json"),
        "fact_sheet": list(group.fact_sheet),
        "prompts": list(group.prompts),
        "reference": group.reference,
        "notes": group.notes,
        "joined": group.joined,
        "closed": group.closed,
        "dated": group.dated.isoformat(),
        "paper": group.paper,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def option_labels(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """Every question's option labels by id, the special answers included."""
    return {
        q.id: {o.id: o.label for o in q.options} | SPECIAL_LABELS for _, q in catalogue.questions()
    }


def _group_request(
    catalogue: Catalogue, group: GroupDetails, summary: GroupSummary, language: ReportLanguage
) -> RenderRequest:
    with force_locale(language.code):
        return _group_in_locale(catalogue, group, summary, language)


def _group_in_locale(
    catalogue: Catalogue, group: GroupDetails, summary: GroupSummary, language: ReportLanguage
) -> RenderRequest:
    title = group.title
    reference = {
        qid: {"option": ref.get("option", ""), "rationale": breakable(ref.get("rationale", ""))}
        for qid, ref in group.reference.items()
    }
    shown = replace(
        group,
        title=breakable(title),
        activity=bounded_activity(group.activity),
        fact_sheet=tuple(breakable(f) for f in group.fact_sheet),
        prompts=tuple(breakable(p) for p in group.prompts),
        reference=reference,
        notes=breakable(group.notes),
    )
    criteria = {c.id: c.title for c in catalogue.criteria}
    subject = ngettext(
        "Group report of a Due Regard training session: %(title)s; %(num)s submission, "
        "aggregates only, no participant identifiers.",
        "Group report of a Due Regard training session: %(title)s; %(num)s submissions, "
        "aggregates only, no participant identifiers.",
        summary.submitted,
        title=title,
    )
    html = render_html(
        "report/group.html",
        group.paper,
        language,
        catalogue,
        group=shown,
        summary=summary,
        catalogue=catalogue,
        kinds=[catalogue.kind_label(k) for k in group.activity.kinds],
        regime=catalogue.regime_label(group.activity.orbit_regime)
        if group.activity.orbit_regime
        else "",
        criteria=criteria,
        labels=option_labels(catalogue),
        running_title=breakable(shorten(title)),
        meta=metadata(
            catalogue,
            _("%(title)s — Due Regard group report", title=title),
            subject,
            "",
            group.dated,
            language,
        ),
    )
    data = json.dumps(
        {
            "kind": "due-regard-group-report",
            "catalogue": {"id": catalogue.id, "version": catalogue.version},
            "session": json.loads(_details_data(group)),
            "aggregates": json.loads(_summary_data(summary)),
        },
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")
    attached = AttachedFile(GROUP_ATTACHMENT_NAME, data, GROUP_ATTACHMENT_DESCRIPTION)
    return RenderRequest(html, created_at(group.dated), (attached,))


def group_job(
    catalogue: Catalogue,
    group: GroupDetails,
    summary: GroupSummary,
    language: ReportLanguage | None = None,
) -> PdfJob:
    """The group report of a training session: the scenario and the room's aggregates."""
    lang = language_or_default(language)
    key = content_key(
        "group",
        catalogue_hash(),
        lang.code,
        lang.digest,
        texts_key(catalogue),
        catalogue.id,
        catalogue.version,
        _details_data(group),
        _summary_data(summary),
    )
    filename = f"due-regard-group-{slug(group.title)}{name_suffix(lang)}.pdf"
    return PdfJob(key, filename, lambda: _group_request(catalogue, group, summary, lang))
