"""Run every benchmark and rewrite the figures section of docs/performance.md.

Each ``bench/*.py`` (other than this file and helpers) prints a last line ``RESULT name=value ...``.
The figures go between the markers ``<!-- bench:begin -->`` and ``<!-- bench:end -->``; the prose
around them (what was tried, what it means) is kept.
"""

import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
SKIP = {"run_all.py", "hello_app.py", "servers.py", "__init__.py"}  # helpers, not benchmarks


def benchmarks() -> list[Path]:
    return sorted(p for p in (ROOT / "bench").glob("*.py") if p.name not in SKIP)


def run(script: Path) -> dict[str, str]:
    """Run one benchmark; its figures, or an ``error`` entry if it failed."""
    print(f"+ {script.name}", flush=True)
    done = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=1800
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or ["no RESULT line"])[-1]}
    print(lines[-1], flush=True)
    return dict(pair.split("=", 1) for pair in lines[-1].split()[1:])


def section(results: dict[str, dict[str, str]]) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    out = [BEGIN, f"Latest `make bench` run: {when}, {machine}. Ratios are within one run.", ""]
    for name, figures in results.items():
        out += [f"### {name}", "", "| figure | value |", "|---|---|"]
        out += [f"| {key} | {value} |" for key, value in figures.items()]
        out.append("")
    return "\n".join([*out, END])


def rewrite(results: dict[str, dict[str, str]]) -> None:
    text = DOC.read_text() if DOC.exists() else "# Performance\n\n"
    block = section(results)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n## Figures\n\n" + block + "\n"
    DOC.write_text(text)


def main() -> None:
    results = {script.stem: run(script) for script in benchmarks()}
    rewrite(results)
    print(f"wrote {DOC.relative_to(ROOT)}")
    if any("error" in figures for figures in results.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
