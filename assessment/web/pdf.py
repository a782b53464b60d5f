"""PDF reports: HTML from the shared templates, laid out by WeasyPrint in a separate process.

Why a separate render process (one per web process, started on first use):
- a render over PDF_TIME_LIMIT can be killed; a thread cannot, and some inputs take minutes
  (measured in docs/performance.md);
- WeasyPrint's heap stays out of the page-serving process (its garbage collection was the
  p99 tail of page requests), and the process is recycled every RENDERS_PER_PROCESS renders.
Finished PDFs are cached on disk by a hash of everything that shapes them, served with an ETag.
"""

import atexit
import hashlib
import json
import logging
import mimetypes
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from datetime import time as clock
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from flask import current_app, render_template
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessment.aggregate import GroupSummary
from assessment.catalogue import Catalogue, Criterion, Question
from assessment.exchange import ExchangeDocument, dump_document
from assessment.inputs import Activity, Answer
from assessment.report import SPECIAL_LABELS, Report, build_report, compare_reports
from assessment.web.config import ROOT
from assessment.web.method import method_html
from assessment.web.pdf_attachment import ATTACHMENT_DESCRIPTION, ATTACHMENT_NAME

log = logging.getLogger(__name__)

STATIC_DIR = ROOT / "static"
# A pseudo-origin for relative URLs: .invalid never resolves (RFC 2606), and only StaticFetcher
# answers it, from STATIC_DIR. Relative URLs need a hierarchical scheme for urljoin to work.
STATIC_BASE = "https://due-regard.invalid/static/"
PAPERS = {"a4": "A4", "letter": "letter"}
PDF_VARIANT = "pdf/a-3b"
RENDERS_PER_PROCESS = 200  # a backstop against slow growth, like gunicorn --max-requests
START_LIMIT = 60.0  # seconds for a new render process to import WeasyPrint and say it is ready
# What shapes the output besides the inputs: a change to any of these invalidates the cache.
FINGERPRINTED = (
    "templates/report",
    "templates/_criteria_chart.html",
    "static/css/print.css",
    "docs/method.md",
    "assessment/report.py",
    "assessment/aggregate.py",
    "assessment/results.py",
    "assessment/scoring.py",
    "assessment/web/pdf.py",
    "assessment/web/method.py",
)


class PdfError(RuntimeError):
    """A PDF could not be produced."""


class RenderTimeout(PdfError):
    """The render took longer than PDF_TIME_LIMIT and was stopped."""


# --- Bounding user text --------------------------------------------------------------------
# Pango finds break points in a long unbroken word one by one, and WeasyPrint measures table
# cells with overflow-wrap:anywhere at every character: a 40,000-character word took 14 s in a
# paragraph and minutes in a table. Giving long runs a zero-width break opportunity every
# BREAK_EVERY characters keeps layout linear; the print stylesheet never puts user text in
# auto-sized tables.
BREAK_EVERY = 24
ZWSP = "\u200b"
_LONG_RUN = re.compile(rf"\S{{{BREAK_EVERY + 1},}}")
MAX_LINE_BREAKS = 40
_BLANK_RUN = re.compile(r"\n\s*\n(\s*\n)+")


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


def _bounded_activity(activity: Activity) -> Activity:
    names = ("title", "actor", "timeframe", "objects", "description")
    return activity.model_copy(update={n: breakable(getattr(activity, n)) for n in names})


def _bounded_answers(answers: dict[str, Answer]) -> dict[str, Answer]:
    return {
        qid: a.model_copy(update={"justification": breakable(a.justification)})
        for qid, a in answers.items()
    }


def bounded_report(catalogue: Catalogue, doc: ExchangeDocument) -> Report:
    """The report of an exchange document, with every user text made breakable for print."""
    return build_report(
        catalogue, _bounded_activity(doc.activity), _bounded_answers(dict(doc.answers))
    )


# --- The URL fetcher: our static files, nothing else -----------------------------------------
class FetchRefused(ValueError):
    """A URL outside the app's static directory: WeasyPrint logs it and draws nothing."""


class StaticFetcher(URLFetcher):
    """Serves files under STATIC_DIR through STATIC_BASE; refuses files, network, data: URLs.

    It records every URL it is asked for, so a render can prove it fetched nothing else.
    """

    def __init__(self, static_dir: Path = STATIC_DIR) -> None:
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.static_dir = static_dir.resolve()
        self.requested: list[str] = []
        self.refused: list[str] = []

    def resolve(self, url: str) -> Path | None:
        """The static file a URL names, or None if it names anything else."""
        if not url.startswith(STATIC_BASE):
            return None
        parts = urlsplit(url)
        relative = unquote(parts.path[len(urlsplit(STATIC_BASE).path) :])
        if parts.query or "\x00" in relative or "\\" in relative:
            return None
        if any(segment in ("", ".", "..") for segment in relative.split("/")):
            return None
        path = (self.static_dir / relative).resolve()
        inside = path.is_relative_to(self.static_dir)
        return path if inside and path.is_file() else None

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        self.requested.append(url[:300])
        path = self.resolve(url)
        if path is None:
            self.refused.append(url[:300])
            raise FetchRefused(f"not a static file of this app: {url[:100]}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


# --- Rendering (runs in the render process) --------------------------------------------------
@dataclass(frozen=True)
class AttachedFile:
    name: str
    data: bytes
    description: str


@dataclass(frozen=True)
class RenderRequest:
    """Everything the render process needs: plain data, so it crosses the pipe cheaply."""

    html: str
    created: datetime  # fixed dates in the PDF keep the same content byte-identical
    attachments: tuple[AttachedFile, ...] = ()


@dataclass(frozen=True)
class RenderOutcome:
    pdf: bytes
    pages: int
    seconds: float
    requested: tuple[str, ...]  # every URL the fetcher was asked for
    refused: tuple[str, ...]
    messages: tuple[str, ...]  # what WeasyPrint logged at warning level or above


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage()[:500])


_font_config: FontConfiguration | None = None


def _fonts() -> FontConfiguration:
    """One FontConfiguration per process: WeasyPrint 70 leaks ~220 KiB for each one created."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


def render_here(request: RenderRequest, fetcher: StaticFetcher | None = None) -> RenderOutcome:
    """Lay out and write one PDF in this process (the render process calls this)."""
    fetcher = fetcher or StaticFetcher()
    collect = _Collect()
    weasy_log = logging.getLogger("weasyprint")
    weasy_log.addHandler(collect)
    start = time.perf_counter()
    try:
        document = weasyprint.HTML(
            string=request.html, base_url=STATIC_BASE, url_fetcher=fetcher
        ).render(font_config=_fonts(), presentational_hints=False)
        attachments = [
            weasyprint.Attachment(
                string=a.data,
                name=a.name,
                description=a.description,
                created=request.created,
                modified=request.created,
                relationship="Data",  # PDF/A-3: the data the report was drawn from
                url_fetcher=fetcher,
            )
            for a in request.attachments
        ]
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=attachments)
    finally:
        weasy_log.removeHandler(collect)
    return RenderOutcome(
        pdf=pdf,
        pages=len(document.pages),
        seconds=time.perf_counter() - start,
        requested=tuple(fetcher.requested),
        refused=tuple(fetcher.refused),
        messages=tuple(collect.messages),
    )


def support_problems() -> list[str]:
    """What this machine lacks for fast, correct PDFs (logged when the app starts)."""
    problems = []
    if weasyprint.text.ffi.harfbuzz_subset is None:
        problems.append(
            "libharfbuzz-subset0 is missing: WeasyPrint falls back to a slower font subsetter "
            "(about +26 % per report); install the Debian package libharfbuzz-subset0"
        )
    return problems


def serve(fd: int) -> None:
    """The render process: answer render requests on socket ``fd`` until the parent closes it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops us
    # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it: known, harmless.
    warnings.filterwarnings(
        "ignore", message=r"unclosed file .*sRGB2014\.icc", category=ResourceWarning
    )
    conn = Connection(fd)
    with warnings.catch_warnings(record=True) as caught:
        render_here(RenderRequest("<p>warm-up</p>", datetime.now(UTC)))  # load fonts now
    notes = [f"warning while starting: {w.message}" for w in caught]
    conn.send(("ready", notes))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            with warnings.catch_warnings(record=True) as caught:
                outcome = render_here(request)
            extra = tuple(f"warning: {w.message}" for w in caught)
            conn.send(("ok", replace(outcome, messages=outcome.messages + extra)))
        except Exception as exc:  # report any failure to the parent, keep serving
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:1000]))


# A fresh interpreter, not multiprocessing: fork would copy the web process's threads and
# locks, and spawn re-runs the parent's main script (a script without a __main__ guard
# would start renderers recursively).
_CHILD = "import sys; from assessment.web.pdf import serve; serve(int(sys.argv[1]))"


class RenderProcess:
    """The render process of this web process; a render over the limit kills and replaces it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._owner = 0
        self._renders = 0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def render(self, request: RenderRequest, limit: float) -> RenderOutcome:
        if not self._lock.acquire(timeout=limit):
            raise RenderTimeout(f"another report is still rendering after {limit:g} s")
        try:
            return self._render(request, limit)
        finally:
            self._lock.release()

    def _render(self, request: RenderRequest, limit: float) -> RenderOutcome:
        conn = self._started()
        conn.send(request)
        if not conn.poll(limit):
            self.stop(kill=True)
            raise RenderTimeout(f"the report took longer than {limit:g} s and was stopped")
        try:
            status, value = conn.recv()
        except (EOFError, OSError) as exc:
            self.stop(kill=True)
            raise PdfError("the render process ended unexpectedly") from exc
        self._renders += 1
        if self._renders >= RENDERS_PER_PROCESS:
            self.stop()
        if status != "ok":
            raise PdfError(f"rendering failed: {value}")
        return value

    def _started(self) -> Connection:
        if self._owner != os.getpid():  # inherited through a fork (gunicorn): not ours to use
            self._process, self._conn = None, None
        if self._process is not None and self._process.poll() is None and self._conn:
            return self._conn
        self.stop(kill=True)
        ours, theirs = socket.socketpair()
        with theirs:
            process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                cwd=ROOT,  # so that the child imports this very package
                stdin=subprocess.DEVNULL,
            )
        conn = Connection(ours.detach())
        self._process, self._conn, self._owner, self._renders = process, conn, os.getpid(), 0
        if not conn.poll(START_LIMIT):
            self.stop(kill=True)
            raise PdfError("the render process did not start")
        try:
            _, notes = conn.recv()
        except (EOFError, OSError) as exc:
            self.stop(kill=True)
            raise PdfError("the render process failed to start") from exc
        for note in notes:
            log.warning("PDF rendering: %s", note)
        return conn

    def stop(self, kill: bool = False) -> None:
        process, conn = self._process, self._conn
        self._process, self._conn = None, None
        if conn is not None:
            conn.close()  # the render process ends when its socket closes
        if process is not None:
            if kill:
                process.kill()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


RENDERER = RenderProcess()
atexit.register(RENDERER.stop)


def render(request: RenderRequest) -> RenderOutcome:
    """Render in the render process, within the app's PDF_TIME_LIMIT."""
    outcome = RENDERER.render(request, float(current_app.config["PDF_TIME_LIMIT"]))
    for url in outcome.refused:
        log.warning("PDF rendering refused to fetch %s", url)
    for message in outcome.messages:
        log.info("PDF rendering: %s", message)
    return outcome


# --- The cache -----------------------------------------------------------------------------
def _fingerprinted_files() -> Iterator[Path]:
    for name in FINGERPRINTED:
        path = ROOT / name
        yield from sorted(path.rglob("*")) if path.is_dir() else [path]


def template_fingerprint() -> str:
    """A digest of the templates, stylesheet, method text and code that shape every PDF."""
    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__} {PDF_VARIANT}".encode())
    for path in _fingerprinted_files():
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def content_key(kind: str, *parts: str) -> str:
    """The cache key and ETag: sha256 over the kind of PDF, its inputs and the templates."""
    digest = hashlib.sha256()
    for part in (kind, template_fingerprint(), *parts):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class PdfJob:
    """A PDF to serve: its content key (and ETag), file name, and how to build it if not cached."""

    key: str
    filename: str
    build: Callable[[], RenderRequest] = field(compare=False)


def _cache_path(key: str) -> Path:
    return Path(current_app.config["PDF_CACHE_DIR"]) / key[:2] / f"{key}.pdf"


def cached(key: str) -> bytes | None:
    try:
        return _cache_path(key).read_bytes()
    except OSError:
        return None


def _store(key: str, data: bytes) -> None:
    """Write atomically, so a reader in another process never sees half a file."""
    path = _cache_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, path)


def produce(job: PdfJob) -> bytes:
    """The PDF for a job: from the cache when the same content was rendered before."""
    data = cached(job.key)
    if data is None:
        data = render(job.build()).pdf
        _store(job.key, data)
    return data


# --- What goes into a report ---------------------------------------------------------------
@dataclass(frozen=True)
class CoverDetails:
    """What the person printing adds around an assessment; none of it is scored."""

    dated: date
    prepared_by: str = ""
    marking: str = ""
    paper: str = "a4"

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}")


def _slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "assessment"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _created(dated: date) -> datetime:
    return datetime.combine(dated, clock(12, 0), tzinfo=UTC)


def _render_html(template: str, paper: str, **context: Any) -> str:
    return render_template(template, paper=PAPERS[paper], method=method_html(), **context)


def _report_request(
    catalogue: Catalogue, doc: ExchangeDocument, cover: CoverDetails
) -> RenderRequest:
    report = bounded_report(catalogue, doc)
    title = doc.activity.title
    subject = (
        f"Assessment of responsible behaviour in outer space: {title}; overall "
        f"{report.result.overall.score:.0f}/100, {report.band.label}."
    )
    html = _render_html(
        "report/report.html",
        cover.paper,
        report=report,
        cover=_shown(cover, cover.paper),
        running_title=breakable(_short(title)),
        meta=_metadata(
            catalogue, f"{title} — Due Regard report", subject, cover.prepared_by, cover.dated
        ),
    )
    exchange = dump_document(doc).encode("utf-8")
    attached = AttachedFile(ATTACHMENT_NAME, exchange, ATTACHMENT_DESCRIPTION)
    return RenderRequest(html, _created(cover.dated), (attached,))


def _metadata(
    catalogue: Catalogue, title: str, subject: str, author: str, dated: date
) -> dict[str, Any]:
    """PDF metadata, read by WeasyPrint from <title> and <meta> in the report/_layout.html."""
    return {
        "title": title,
        "author": author,
        "subject": f"{subject} Catalogue {catalogue.id} version {catalogue.version}.",
        "keywords": ["Due Regard", f"catalogue {catalogue.id} {catalogue.version}"],
        "created": _created(dated).isoformat(),
    }


def _shown(cover: CoverDetails, paper: str) -> CoverDetails:
    """The cover details as printed: user text made breakable."""
    return replace(
        cover,
        prepared_by=breakable(cover.prepared_by),
        marking=breakable(cover.marking),
        paper=paper,
    )


def report_job(catalogue: Catalogue, doc: ExchangeDocument, cover: CoverDetails) -> PdfJob:
    """The PDF report of one assessment, with its exchange JSON attached."""
    key = content_key(
        "report",
        catalogue.id,
        catalogue.version,
        dump_document(doc),
        cover.prepared_by,
        cover.marking,
        cover.dated.isoformat(),
        cover.paper,
    )
    filename = f"due-regard-{_slug(doc.activity.title)}.pdf"
    return PdfJob(key, filename, lambda: _report_request(catalogue, doc, cover))


def _comparison_request(
    catalogue: Catalogue, entries: Sequence[tuple[ExchangeDocument, CoverDetails]], paper: str
) -> RenderRequest:
    comparison = compare_reports([bounded_report(catalogue, doc) for doc, _ in entries])
    markings = list(dict.fromkeys(c.marking for _, c in entries if c.marking))
    authors = "; ".join(dict.fromkeys(c.prepared_by for _, c in entries if c.prepared_by))
    dated = max(c.dated for _, c in entries)
    titles = "; ".join(doc.activity.title for doc, _ in entries)
    subject = f"Due Regard comparison of {len(entries)} assessments."
    html = _render_html(
        "report/comparison.html",
        paper,
        comparison=comparison,
        covers=[_shown(c, paper) for _, c in entries],
        marking=breakable(" / ".join(markings)),
        running_title=f"Comparison of {len(entries)} assessments",
        meta=_metadata(catalogue, _short(f"Comparison: {titles}", 300), subject, authors, dated),
    )
    return RenderRequest(html, _created(dated))


def comparison_job(
    catalogue: Catalogue, entries: Sequence[tuple[ExchangeDocument, CoverDetails]], paper: str
) -> PdfJob:
    """A comparison report of two or more assessments, the first taken as the baseline."""
    parts = [catalogue.id, catalogue.version, paper]
    for doc, cover in entries:
        parts += [dump_document(doc), cover.prepared_by, cover.marking, cover.dated.isoformat()]
    key = content_key("comparison", *parts)
    return PdfJob(
        key, "due-regard-comparison.pdf", lambda: _comparison_request(catalogue, entries, paper)
    )


def questionnaire_groups(
    catalogue: Catalogue, kinds: Sequence[str]
) -> list[tuple[Criterion, list[Question]]]:
    """The questions for these kinds (every question when no kind is given), by criterion."""
    wanted = tuple(kinds) or tuple(k.id for k in catalogue.activity_kinds)
    return catalogue.sections(wanted)


def _blank_request(catalogue: Catalogue, kinds: Sequence[str], paper: str) -> RenderRequest:
    today = date.today()
    labels = [catalogue.kind_label(k) for k in kinds] or ["all kinds of activity"]
    title = f"Due Regard questionnaire: {', '.join(labels)}"
    html = _render_html(
        "report/blank.html",
        paper,
        catalogue=catalogue,
        groups=questionnaire_groups(catalogue, kinds),
        kinds=list(kinds),
        kind_labels=labels,
        running_title=_short(title),
        meta=_metadata(catalogue, title, "Blank questionnaire.", "", today),
    )
    return RenderRequest(html, _created(today))


def blank_job(catalogue: Catalogue, kinds: Sequence[str], paper: str) -> PdfJob:
    """A blank printable questionnaire for the given activity kinds (all kinds if none)."""
    kinds = list(dict.fromkeys(kinds))
    key = content_key("blank", catalogue.id, catalogue.version, ",".join(kinds), paper)
    name = "-".join(kinds) if kinds else "all"
    filename = f"due-regard-questionnaire-{_slug(name, 80)}.pdf"
    return PdfJob(key, filename, lambda: _blank_request(catalogue, kinds, paper))


def render_document_pdf(catalogue: Catalogue, doc: ExchangeDocument) -> bytes:
    """The report PDF of an exchange document, dated today, on A4 (used by the CLI)."""
    return produce(report_job(catalogue, doc, CoverDetails(dated=date.today())))


# --- The group report of a training session ------------------------------------------------
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
        "hidden": summary.hidden,
        "questions": [
            [s.question_id, list(s.distribution.items()), round(s.divergence, 6), s.reference]
            for s in summary.questions
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
    catalogue: Catalogue, group: GroupDetails, summary: GroupSummary
) -> RenderRequest:
    title = group.title
    reference = {
        qid: {"option": ref.get("option", ""), "rationale": breakable(ref.get("rationale", ""))}
        for qid, ref in group.reference.items()
    }
    shown = replace(
        group,
        title=breakable(title),
        activity=_bounded_activity(group.activity),
        fact_sheet=tuple(breakable(f) for f in group.fact_sheet),
        prompts=tuple(breakable(p) for p in group.prompts),
        reference=reference,
        notes=breakable(group.notes),
    )
    criteria = {c.id: c.title for c in catalogue.criteria}
    subject = (
        f"Group report of a Due Regard training session: {title}; "
        f"{summary.submitted} submission{'s' if summary.submitted != 1 else ''}, "
        "aggregates only, no participant identifiers."
    )
    html = _render_html(
        "report/group.html",
        group.paper,
        group=shown,
        summary=summary,
        catalogue=catalogue,
        kinds=[catalogue.kind_label(k) for k in group.activity.kinds],
        regime=catalogue.regime_label(group.activity.orbit_regime)
        if group.activity.orbit_regime
        else "",
        criteria=criteria,
        labels=option_labels(catalogue),
        contested=[s for s in summary.questions if s.divergence > 0],
        unanimous=[s for s in summary.questions if s.divergence <= 0],
        # Where the room strays furthest from the reference comes first, as on the dashboard.
        against_reference=sorted(
            (s for s in summary.questions if s.agreement is not None),
            key=lambda s: s.agreement or 0.0,
        ),
        running_title=breakable(_short(title)),
        meta=_metadata(catalogue, f"{title} — Due Regard group report", subject, "", group.dated),
    )
    return RenderRequest(html, _created(group.dated))


def group_job(catalogue: Catalogue, group: GroupDetails, summary: GroupSummary) -> PdfJob:
    """The group report of a training session: the scenario and the room's aggregates."""
    key = content_key(
        "group",
        catalogue.id,
        catalogue.version,
        _details_data(group),
        _summary_data(summary),
    )
    filename = f"due-regard-group-{_slug(group.title)}.pdf"
    return PdfJob(key, filename, lambda: _group_request(catalogue, group, summary))
