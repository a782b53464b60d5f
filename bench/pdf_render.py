"""Benchmark the PDF report: render time per page, memory over many renders, cached download.

    .venv/bin/python bench/pdf_render.py [--renders 300] [--repeat 3]

Renders each examples/*.json report inside create_app's app context, through the same path
as the web (Jinja, then the render process), and compares it, in the same run, with:
- a plain one-page document (WeasyPrint's floor);
- plain paragraphs of the same characters on the same number of pages, in the report's body
  font and page size: what the report's structure (tables, boxes, selectors) costs beyond
  laying out its text (``report_vs_plain``; aim 2 or less).
Memory: the render process's resident size over ``--renders`` renders (the pool's render
processes are recycled every worker.RENDERS_PER_PROCESS renders, which bounds it).
The last line is RESULT followed by name=value pairs.
"""

import argparse
import html
import io
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from assessment.exchange import ExchangeDocument, read_document  # noqa: E402
from assessment.web.assessments import store  # noqa: E402
from assessment.web.db import db  # noqa: E402
from assessment.web.factory import create_app  # noqa: E402
from assessment.web.library import get_catalogue  # noqa: E402
from assessment.web.pdf import documents, engine, worker  # noqa: E402

PLAIN = "<p>A plain one-page document: one paragraph of text and nothing else.</p>"
COVER = documents.CoverDetails(date(2026, 1, 15), prepared_by="Bench", marking="Bench marking")


def rss_mib(pid: int | None = None, field: str = "VmRSS") -> float:
    """Resident (VmRSS) or peak resident (VmHWM) memory of a process, in MiB."""
    status = Path(f"/proc/{pid or 'self'}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith(field + ":"))
    return int(line.split()[1]) / 1024


def timed(request: engine.RenderRequest) -> tuple[float, int]:
    started = time.perf_counter()
    outcome = worker.render(request)
    return time.perf_counter() - started, outcome.pages


def bench_examples(docs: dict[str, ExchangeDocument], repeat: int) -> list[tuple[str, float, int]]:
    """Median warm time (Jinja + render process) and pages for each example report."""
    catalogue = get_catalogue()
    rows = []
    for name, doc in docs.items():
        job = documents.report_job(catalogue, doc, COVER)
        runs = [timed(job.build()) for _ in range(repeat)]
        seconds = statistics.median(t for t, _ in runs)
        rows.append((name, seconds, runs[0][1]))
        print(
            f"{name:28} {runs[0][1]:3} pages  {seconds:6.3f} s  {seconds / runs[0][1]:6.4f} s/page"
        )
    return rows


def bench_plain(repeat: int = 20) -> float:
    request = engine.RenderRequest(
        f"<html><body>{PLAIN}</body></html>", documents.created_at(COVER.dated)
    )
    timed(request)
    return statistics.median(timed(request)[0] for _ in range(repeat))


PLAIN_PAGE = (
    "@page { size: A4; margin: 24mm 20mm 22mm 22mm; } "
    'body { font: 10.5pt/1.4 "Liberation Serif", "DejaVu Serif", serif; } '
    ".page { break-after: page; } p { margin: 0 0 1mm; }"
)


def plain_equivalent(pdf: bytes) -> engine.RenderRequest:
    """The report's own text, page by page, as plain paragraphs in its body font and page."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = [x.strip() for x in (page.extract_text() or "").splitlines() if x.strip()]
        # Paragraphs of a few lines each: the same characters fill about the same page.
        chunks = [" ".join(lines[i : i + 6]) for i in range(0, len(lines), 6)]
        paragraphs = "".join(f"<p>{html.escape(x)}</p>" for x in chunks)
        pages.append(f'<div class="page">{paragraphs}</div>')
    body = f"<html><head><style>{PLAIN_PAGE}</style></head><body>{''.join(pages)}</body></html>"
    return engine.RenderRequest(body, documents.created_at(COVER.dated))


def bench_against_plain(doc: ExchangeDocument, repeat: int) -> tuple[float, float, int, int]:
    """Median seconds of the report and of its plain equivalent, and the pages of each."""
    request = documents.report_job(get_catalogue(), doc, COVER).build()
    report = worker.render(request)
    plain_request = plain_equivalent(report.pdf)
    plain = worker.render(plain_request)
    report_s = statistics.median(timed(request)[0] for _ in range(repeat))
    plain_s = statistics.median(timed(plain_request)[0] for _ in range(repeat))
    return report_s, plain_s, report.pages, plain.pages


def bench_memory(doc: ExchangeDocument, renders: int) -> tuple[float, float, float, int]:
    """Render-process RSS after warm-up and its peak over ``renders`` renders (MiB), the web
    process's growth, and how many times the render process was recycled."""
    job = documents.report_job(get_catalogue(), doc, COVER)
    for _ in range(3):
        worker.render(job.build())
    child, own = worker.RENDERER.pid, rss_mib()
    start = peak = rss_mib(child)
    recycled = 0
    for i in range(renders):
        worker.render(job.build())
        if worker.RENDERER.pid is None or worker.RENDERER.pid != child:
            recycled += 1
            worker.render(job.build())  # start the next one, so there is a process to read
            child = worker.RENDERER.pid
        peak = max(peak, rss_mib(child))
        if (i + 1) % 50 == 0:
            print(f"  after {i + 1:3} renders: render process {rss_mib(child):6.1f} MiB")
    return start, peak, rss_mib() - own, recycled


def bench_cached_download(app, doc: ExchangeDocument) -> float:
    """Median time of a download served from the PDF cache (no If-None-Match)."""
    catalogue = get_catalogue()
    row = store.new_row(catalogue, doc.activity, dict(doc.answers))
    db.session.add(row)
    db.session.commit()
    client = app.test_client()
    url = f"/s/{row.share_token}/report.pdf"
    assert client.get(url).status_code == 200  # renders and caches
    times = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200 and response.data[:5] == b"%PDF-"
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=300, help="renders for the memory check")
    parser.add_argument("--repeat", type=int, default=3, help="timed renders per example")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                "INSTANCE_PATH": tmp,
                "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
                "PDF_TIME_LIMIT": 120,
                "RATELIMIT_ENABLED": False,
                "PDF_WAIT_SECONDS": 300,  # the cached-download check waits for the pool
                "PDF_POOL_IDLE_SECONDS": 5,
            }
        )
        with app.app_context():
            db.create_all()
            run(app, args)


def run(app, args: argparse.Namespace) -> None:
    catalogue = get_catalogue()
    files = sorted((ROOT / "examples").glob("*.json"))
    docs = {f.stem: read_document(catalogue, f.read_bytes(), str(f)) for f in files}
    problems = engine.support_problems()
    print("harfbuzz-subset:", "missing" if problems else "present")
    plain = bench_plain()
    print(f"plain one-page document through the same path: {plain * 1000:.1f} ms")
    rows = bench_examples(docs, args.repeat)
    median_s = statistics.median(s for _, s, _ in rows)
    pages = statistics.median(p for _, _, p in rows)
    s_per_page = sum(s for _, s, _ in rows) / sum(p for _, _, p in rows)
    first = next(iter(docs.values()))
    report_s, plain_s, report_pages, plain_pages = bench_against_plain(first, args.repeat)
    print(
        f"report {report_s:.3f} s ({report_pages} pages) against its text as plain paragraphs "
        f"{plain_s:.3f} s ({plain_pages} pages): x{report_s / plain_s:.2f}"
    )
    start, peak, own_growth, recycled = bench_memory(first, args.renders)
    print(
        f"render process over {args.renders} renders: {start:.1f} MiB after warm-up, peak "
        f"{peak:.1f} MiB, recycled {recycled} times; web process {own_growth:+.1f} MiB"
    )
    cached = bench_cached_download(app, first)
    own_peak = rss_mib(field="VmHWM")
    worker.RENDERER.stop()
    print(
        f"RESULT median_s={median_s:.3f} pages={pages:g} s_per_page={s_per_page:.4f} "
        f"ratio_per_page_vs_plain={s_per_page / plain:.2f} "
        f"report_vs_plain={report_s / plain_s:.2f} plain_pages={plain_pages} "
        f"render_rss_start_mib={start:.1f} render_rss_peak_mib={peak:.1f} "
        f"renders={args.renders} recycled={recycled} web_peak_rss_mib={own_peak:.1f} "
        f"cached_download_s={cached:.4f}"
    )


if __name__ == "__main__":
    main()
