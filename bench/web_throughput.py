"""Questionnaire page throughput under gunicorn against a hello-world Flask route, same run.

Also: the home (list) page with 10 and with 10,000 stored assessments. Loopback only; every
server started here is stopped at the end. Needs Debian's ``wrk``.
Last line: ``RESULT name=value ...``.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import free_port, start_gunicorn, stop_server  # noqa: E402

SECRET = "bench-secret-key-0123456789-0123456789-abcdef"
DURATION = os.environ.get("BENCH_SECONDS", "8")
CLIENTS = 16


def wrk(url: str, cookie: str = "") -> dict[str, float]:
    """Requests per second and p50/p99 latency (ms) at CLIENTS concurrent connections."""
    command = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{DURATION}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: session={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} error responses\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": _latency(out, "50%"),
        "p99_ms": _latency(out, "99%"),
    }


def _latency(out: str, label: str) -> float:
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def prepare(instance: Path, stored: int) -> tuple[str, str, str]:
    """A database with ``stored`` assessments; returns (edit token, first step id, cookie)."""
    from assessment.exchange import read_document
    from assessment.web.assessments import store
    from assessment.web.db import db
    from assessment.web.factory import create_app
    from assessment.web.library import get_catalogue

    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": SECRET})
    with app.app_context():
        db.create_all()
        catalogue = get_catalogue()
        example = (ROOT / "examples" / "consensual_servicing.json").read_bytes()
        doc = read_document(catalogue, example)
        rows = [store.new_row(catalogue, doc.activity, dict(doc.answers)) for _ in range(stored)]
        db.session.add_all(rows)
        db.session.commit()
        mine = [r.edit_token for r in rows[-10:]]  # the same 10-row list whatever the table size
        first_step = catalogue.criteria[0].id
        serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
        cookie = serializer.dumps({"mine": mine})
        return mine[0], first_step, cookie


def measure_app(stored: int) -> dict[str, dict[str, float]]:
    instance = Path(tempfile.mkdtemp(prefix="bench-web-"))
    try:
        token, step, cookie = prepare(instance, stored)
        env = {**os.environ, "DUE_REGARD_INSTANCE_PATH": str(instance), "SECRET_KEY": SECRET}
        port = free_port()
        server = start_gunicorn("app:create_app()", port, env)
        try:
            base = f"http://127.0.0.1:{port}"
            return {
                "step": wrk(f"{base}/a/{token}/step/{step}"),
                "home": wrk(f"{base}/", cookie),
            }
        finally:
            stop_server(server)
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def measure_hello() -> dict[str, float]:
    port = free_port()
    server = start_gunicorn("bench.hello_app:app", port, dict(os.environ))
    try:
        return wrk(f"http://127.0.0.1:{port}/")
    finally:
        stop_server(server)


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk (make bench installs it)")
    hello = measure_hello()
    small = measure_app(10)
    large = measure_app(10_000)
    figures = {
        "hello_rps": hello["rps"],
        "step_rps": small["step"]["rps"],
        "step_ratio_vs_hello": small["step"]["rps"] / hello["rps"],
        "step_p50_ms": small["step"]["p50_ms"],
        "step_p99_ms": small["step"]["p99_ms"],
        "home_10_p50_ms": small["home"]["p50_ms"],
        "home_10000_p50_ms": large["home"]["p50_ms"],
        "home_10000_vs_10": large["home"]["p50_ms"] / small["home"]["p50_ms"],
        "clients": CLIENTS,
    }
    print(json.dumps({"hello": hello, "10": small, "10000": large}, indent=2))
    print("RESULT " + " ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                               for k, v in figures.items()))  # fmt: skip


if __name__ == "__main__":
    main()
