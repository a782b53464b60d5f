"""Benchmark the consultation core: a comparison of two readings and the path to the next band.

    .venv/bin/python bench/consultation.py [--repeat 5]

Holds every ordered pair of examples/*.json against each other and finds each example's path
to the next band, timing both against one plain scoring of a reading in the same run (both are
built from repeated scorings). The last line is RESULT followed by name=value pairs.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from itertools import permutations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessment.catalogue import load_catalogue  # noqa: E402
from assessment.exchange import read_document  # noqa: E402
from assessment.path import path_to_next_band  # noqa: E402
from assessment.perception import Reading, compare, scorecard  # noqa: E402


def best_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cat = load_catalogue(ROOT / "criteria.yaml")
    docs = [
        read_document(cat, p.read_bytes(), p.name) for p in sorted(ROOT.glob("examples/*.json"))
    ]
    readings = [Reading(d.activity, d.answers) for d in docs]
    score_ms = statistics.median(
        best_ms(lambda r=r: scorecard(cat, r), args.repeat) for r in readings
    )
    pairs = [
        best_ms(lambda a=a, b=b: compare(cat, a, b), args.repeat)
        for a, b in permutations(readings, 2)
    ]
    paths = [
        best_ms(lambda r=r: path_to_next_band(cat, r.activity, r.answers), args.repeat)
        for r in readings
    ]
    figures = {
        "examples": len(readings),
        "score_ms": f"{score_ms:.2f}",
        "compare_ms_median": f"{statistics.median(pairs):.1f}",
        "compare_ms_max": f"{max(pairs):.1f}",
        "compare_in_scorings": f"{statistics.median(pairs) / score_ms:.0f}",
        "path_ms_median": f"{statistics.median(paths):.1f}",
        "path_ms_max": f"{max(paths):.1f}",
    }
    print("RESULT " + " ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
