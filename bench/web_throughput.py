"""Questionnaire page throughput under gunicorn against a hello-world Flask route, same run.

Both servers run at once and are measured in alternating short windows (hello, step, hello,
step, ...), so drift in the machine's load lands on both sides of each ratio; the figures are
medians over the rounds. Beside requests per second: the servers' CPU time per request (from
/proc), which does not depend on what else the machine is doing.

Also: the home (list) page with 10 and with 10,000 stored assessments. Loopback only; every
server started here is stopped at the end. Needs Debian's ``wrk``.
Last line: ``RESULT name=value ...``.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import free_port, start_gunicorn, stop_server  # noqa: E402

SECRET = "bench-secret-key-0123456789-0123456789-abcdef"
DURATION = os.environ.get("BENCH_SECONDS", "8")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
CLIENTS = 16
TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(pid: int) -> float:
    """CPU time used so far by a gunicorn master and its workers (user + system)."""
    pids = [pid, *(int(p) for p in _children(pid))]
    total = 0
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / TICKS


def _children(pid: int) -> list[str]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return out.split()


def wrk(url: str, cookie: str = "", seconds: str = DURATION) -> dict[str, float]:
    """Requests per second and p50/p99 latency (ms) at CLIENTS concurrent connections."""
    command = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "30s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: session={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} error responses\n{out}")
    return {
        "requests": float(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
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


def measured(url: str, pid: int, cookie: str = "", seconds: str = DURATION) -> dict[str, float]:
    """One wrk window, with the server's CPU milliseconds per request over that window."""
    before = server_cpu_seconds(pid)
    figures = wrk(url, cookie, seconds)
    figures["cpu_ms"] = (server_cpu_seconds(pid) - before) * 1000 / max(figures["requests"], 1)
    return figures


def _instance(stored: int) -> tuple[Path, str, str, str, dict[str, str]]:
    instance = Path(tempfile.mkdtemp(prefix="bench-web-"))
    token, step, cookie = prepare(instance, stored)
    env = {**os.environ, "DUE_REGARD_INSTANCE_PATH": str(instance), "SECRET_KEY": SECRET}
    return instance, token, step, cookie, env


def interleaved(rounds: int) -> dict[str, list[dict[str, float]]]:
    """hello and step (and the 10-row home page) in alternating windows, both servers up."""
    instance, token, step, cookie, env = _instance(10)
    app_port, hello_port = free_port(), free_port()
    app = start_gunicorn("app:create_app()", app_port, env)
    hello = start_gunicorn("bench.hello_app:app", hello_port, dict(os.environ))
    out: dict[str, list[dict[str, float]]] = {"hello": [], "step": [], "home": []}
    try:
        step_url = f"http://127.0.0.1:{app_port}/a/{token}/step/{step}"
        hello_url = f"http://127.0.0.1:{hello_port}/"
        wrk(step_url, seconds="1"), wrk(hello_url, seconds="1")  # warm both up
        for _ in range(rounds):
            out["hello"].append(measured(hello_url, hello.pid))
            out["step"].append(measured(step_url, app.pid))
        out["home"].append(measured(f"http://127.0.0.1:{app_port}/", app.pid, cookie))
        return out
    finally:
        stop_server(app)
        stop_server(hello)
        shutil.rmtree(instance, ignore_errors=True)


def home_with(stored: int) -> dict[str, float]:
    instance, _token, _step, cookie, env = _instance(stored)
    port = free_port()
    server = start_gunicorn("app:create_app()", port, env)
    try:
        wrk(f"http://127.0.0.1:{port}/", cookie, seconds="1")
        return measured(f"http://127.0.0.1:{port}/", server.pid, cookie)
    finally:
        stop_server(server)
        shutil.rmtree(instance, ignore_errors=True)


def _median(windows: list[dict[str, float]], key: str) -> float:
    return statistics.median(w[key] for w in windows)


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk (make bench installs it)")
    runs = interleaved(ROUNDS)
    hello, step = runs["hello"], runs["step"]
    large = home_with(10_000)
    small_home = runs["home"][0]
    ratios = [s["rps"] / h["rps"] for h, s in zip(hello, step, strict=True)]
    figures = {
        "hello_rps": _median(hello, "rps"),
        "step_rps": _median(step, "rps"),
        "step_ratio_vs_hello": statistics.median(ratios),
        "step_ratio_min": min(ratios),
        "step_p50_ms": _median(step, "p50_ms"),
        "step_p99_ms": _median(step, "p99_ms"),
        "step_p99_max_ms": max(w["p99_ms"] for w in step),
        "hello_cpu_ms": _median(hello, "cpu_ms"),
        "step_cpu_ms": _median(step, "cpu_ms"),
        "step_cpu_vs_hello": _median(step, "cpu_ms") / _median(hello, "cpu_ms"),
        "home_10_p50_ms": small_home["p50_ms"],
        "home_10000_p50_ms": large["p50_ms"],
        "home_10000_vs_10": large["p50_ms"] / small_home["p50_ms"],
        "rounds": ROUNDS,
        "clients": CLIENTS,
    }
    print(json.dumps({"rounds": runs, "home_10000": large}, indent=2))
    print("RESULT " + " ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                               for k, v in figures.items()))  # fmt: skip


if __name__ == "__main__":
    main()
