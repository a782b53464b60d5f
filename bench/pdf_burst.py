"""Pages while PDFs render, under deploy/gunicorn.conf.py on loopback (SQLite).

1. ``/healthz`` and a step page's latency while 20 first-time report renders are queued,
   against the same pages idle, same run (aim: p99 under 200 ms while rendering).
2. The first download after an assessment is finished (its report was rendered in the
   background) against a fresh render of a report nobody asked for before (aim: 1/20 or less).

Last line: ``RESULT name=value ...``.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import GUNICORN, free_port, stop_server, wait_for_port  # noqa: E402

SECRET = "bench-secret-key-0123456789-0123456789-abcdef"
BURST = 20
WINDOW = float(os.environ.get("BENCH_SECONDS", "20"))  # seconds of page requests per phase
CLIENTS = 4


def prepare(instance: Path) -> tuple[list[str], str, str, list[str]]:
    """Share tokens of BURST complete assessments, and one assessment missing its last step:
    (share tokens, its edit token, the last step's id, that step's question ids)."""
    from assessment.exchange import read_document
    from assessment.web.assessments import store
    from assessment.web.db import db
    from assessment.web.factory import create_app
    from assessment.web.library import get_catalogue

    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": SECRET})
    with app.app_context():
        db.create_all()
        catalogue = get_catalogue()
        doc = read_document(
            catalogue, (ROOT / "examples" / "consensual_servicing.json").read_bytes()
        )
        rows = []
        for n in range(BURST):
            activity = doc.activity.model_copy(update={"title": f"Burst report {n}"})
            rows.append(store.new_row(catalogue, activity, dict(doc.answers)))
        last, questions = catalogue.sections(doc.activity.kinds)[-1]
        unfinished = {k: v for k, v in doc.answers.items() if k not in {q.id for q in questions}}
        rows.append(store.new_row(catalogue, doc.activity, unfinished))
        db.session.add_all(rows)
        db.session.commit()
        return (
            [r.share_token for r in rows[:BURST]],
            rows[-1].edit_token,
            last.id,
            [q.id for q in questions],
        )


def get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, float, bytes]:
    started = time.perf_counter()
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=60) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as refused:
        body, status = refused.read(), refused.code
    return status, time.perf_counter() - started, body


def latencies(urls: list[str], seconds: float) -> list[float]:
    """Page latencies (ms) from CLIENTS threads asking in turn for ``urls`` for ``seconds``."""
    out: list[float] = []
    errors: list[int] = []
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        i = n
        while time.monotonic() < stop:
            status, elapsed, _ = get(urls[i % len(urls)])
            (out if status == 200 else errors).append(elapsed * 1000 if status == 200 else status)
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"page errors while measuring: {errors[:5]}")
    return out


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]


def until_ready(url: str, limit: float = 300) -> float:
    """Seconds from the first request for a PDF until it is served (polling as the page does)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        status, _, body = get(url)
        if status == 200 and body[:5] == b"%PDF-":
            return time.perf_counter() - started
        time.sleep(0.1)
    raise RuntimeError(f"{url} not ready after {limit} s")


def finish(base: str, token: str, step: str, questions: list[str]) -> None:
    """Answer the last step through the real form, as a person clicking 'Save and review'."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"{base}/a/{token}/step/{step}"
    _, _, page = get(url, opener)
    html = page.decode()
    data = {
        "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1],
        "revision": re.search(r'name="revision" value="(\d+)"', html)[1],
        "action": "review",
    }
    for qid in questions:
        data[f"q_{qid}"] = re.search(rf'name="q_{qid}" value="([^"]+)"', html)[1]
    body = urllib.parse.urlencode(data).encode()
    with opener.open(urllib.request.Request(url, data=body), timeout=60) as response:
        assert response.status == 200, response.status  # followed the redirect to review


def main() -> None:
    instance = Path(tempfile.mkdtemp(prefix="bench-burst-"))
    port = free_port()
    env = {
        **os.environ,
        "DUE_REGARD_INSTANCE_PATH": str(instance),
        "SECRET_KEY": SECRET,
        "DUE_REGARD_BIND": f"127.0.0.1:{port}",
        "DUE_REGARD_EXPENSIVE_RATE_LIMIT": "1000 per minute",  # one bench client asks for all
        "DUE_REGARD_PDF_TIME_LIMIT": "300",
        "DUE_REGARD_PDF_POOL_IDLE_SECONDS": "5",  # the pool outlives the server by seconds
    }
    server = None
    try:
        shares, token, step, questions = prepare(instance)
        command = [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "app:create_app()"]
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL
        )
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        pages = [f"{base}/healthz", f"{base}/a/{token}/step/{step}"]
        latencies(pages, 2)  # warm up every worker
        idle = latencies(pages, WINDOW)

        finish(base, token, step, questions)  # queues its report in the background
        time.sleep(float(os.environ.get("BENCH_READ_SECONDS", "0")))
        until_ready(f"{base}/a/{token}/report.pdf")  # wait for the background render
        _, first_download, _ = get(f"{base}/a/{token}/report.pdf")
        fresh = until_ready(f"{base}/a/{token}/report.pdf?paper=letter")

        burst_answers = [get(f"{base}/s/{s}/report.pdf")[1] * 1000 for s in shares]
        busy = latencies(pages, WINDOW)
        figures = {
            "idle_p99_ms": p99(idle),
            "rendering_p99_ms": p99(busy),
            "rendering_p50_ms": statistics.median(busy),
            "rendering_vs_idle_p99": p99(busy) / p99(idle),
            "burst_request_max_ms": max(burst_answers),
            "first_download_ms": first_download * 1000,
            "fresh_render_ms": fresh * 1000,
            "first_download_vs_fresh": first_download / fresh,
            "queued": BURST,
        }
        print(
            "RESULT "
            + " ".join(
                f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()
            )
        )
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
