"""Benchmark the PDF report: render time per page, memory over many renders, cached download.

    .venv/bin/python bench/pdf_render.py [--renders 100] [--repeat 3]

Renders each examples/*.json report inside create_app's app context, through the same path
as the web (Jinja, then the render process), and compares the time per page with WeasyPrint
rendering a plain one-page document through that same path in the same run. The last line
is RESULT followed by name=value pairs.
"""

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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
        f"<html><body>{PLAIN}</body></html>", documents._created(COVER.dated)
    )
    timed(request)
    return statistics.median(timed(request)[0] for _ in range(repeat))


def bench_memory(doc: ExchangeDocument, renders: int) -> tuple[float, float]:
    """RSS growth of the render process (and of this process) over consecutive renders."""
    job = documents.report_job(get_catalogue(), doc, COVER)
    for _ in range(3):
        worker.render(job.build())
    child, own = worker.RENDERER.pid, rss_mib()
    start = rss_mib(child)
    for i in range(renders):
        worker.render(job.build())
        if (i + 1) % 25 == 0:
            print(f"  after {i + 1:3} renders: render process {rss_mib(child):6.1f} MiB")
    assert worker.RENDERER.pid == child, "the render process was replaced during the run"
    return rss_mib(child) - start, rss_mib() - own


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
    parser.add_argument("--renders", type=int, default=100, help="renders for the memory check")
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
    growth, own_growth = bench_memory(next(iter(docs.values())), args.renders)
    print(
        f"RSS growth over {args.renders} renders: render process {growth:+.1f} MiB, "
        f"web process {own_growth:+.1f} MiB"
    )
    cached = bench_cached_download(app, next(iter(docs.values())))
    peak = rss_mib(field="VmHWM") + rss_mib(worker.RENDERER.pid, "VmHWM")
    print(
        f"peak RSS: web process {rss_mib(field='VmHWM'):.1f} MiB + render process "
        f"{rss_mib(worker.RENDERER.pid, 'VmHWM'):.1f} MiB; own maxrss "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB"
    )
    worker.RENDERER.stop()
    print(
        f"RESULT median_s={median_s:.3f} pages={pages:g} s_per_page={s_per_page:.4f} "
        f"ratio_per_page_vs_plain={s_per_page / plain:.2f} peak_rss_mib={peak:.1f} "
        f"rss_growth_100_mib={growth:.1f} cached_download_s={cached:.4f}"
    )


if __name__ == "__main__":
    main()
