"""One render: HTML in, PDF/A bytes out, with a record of every URL asked for and every warning.

This runs in the render process (see ``worker``); nothing here needs Flask.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from assessment.web.pdf.fetcher import STATIC_BASE, StaticFetcher

# PDF/A-3a: archival, tagged (structure, reading order, document language, alt text) and
# able to carry the exchange JSON as an associated file.
PDF_VARIANT = "pdf/a-3a"


class PdfError(RuntimeError):
    """A PDF could not be produced."""


class RenderTimeout(PdfError):
    """The render took longer than PDF_TIME_LIMIT and was stopped."""


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
class PdfJob:
    """A PDF to serve: its content key (and ETag), file name, and how to build it if not cached."""

    key: str
    filename: str
    build: Callable[[], RenderRequest] = field(compare=False)


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
