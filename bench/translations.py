"""Benchmark loading the translations at start-up: every catalogue and scenario translation
validated against its source and localised, first in a fresh process (cold), then again in the
same process (warm: each validated file is remembered by its digest).

    .venv/bin/python bench/translations.py [--languages ar,es,fr,ru,zh]

Uses the translation files in the repository when there are some, otherwise files made from the
template for each language. The last line is RESULT followed by name=value pairs.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessment.catalogue import load_catalogue  # noqa: E402
from assessment.scenarios import load_scenarios  # noqa: E402
from assessment.translation_library import load_translations  # noqa: E402
from assessment.translation_template import (  # noqa: E402
    catalogue_template,
    dump_template,
    scenarios_template,
)

CATALOGUE_DIR = ROOT / "catalogues" / "translations"
SCENARIO_DIR = ROOT / "scenarios" / "translations"


def _made_from_template(folder: Path, languages: list[str]) -> tuple[Path, Path]:
    catalogue = load_catalogue(ROOT / "criteria.yaml")
    scenarios = load_scenarios(ROOT / "scenarios", catalogue)
    (folder / "c" / catalogue.version).mkdir(parents=True)
    (folder / "s").mkdir()
    for lang in languages:
        text = dump_template(catalogue_template(catalogue, lang))
        (folder / "c" / catalogue.version / f"{lang}.yaml").write_text(text, encoding="utf-8")
        text = dump_template(scenarios_template(scenarios.values(), catalogue, lang))
        (folder / "s" / f"{lang}.yaml").write_text(text, encoding="utf-8")
    return folder / "c", folder / "s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--languages", default="ar,es,fr,ru,zh")
    args = parser.parse_args()
    catalogue = load_catalogue(ROOT / "criteria.yaml")
    catalogues = {catalogue.version: catalogue}
    catalogues["1.0.0"] = load_catalogue(ROOT / "catalogues" / "1.0.0.yaml")
    scenarios = load_scenarios(ROOT / "scenarios", catalogue)
    with tempfile.TemporaryDirectory() as tmp:
        files = list(CATALOGUE_DIR.glob("*/*.yaml"))
        if files:
            cdir, sdir, source = CATALOGUE_DIR, SCENARIO_DIR, "repository"
        else:
            cdir, sdir = _made_from_template(Path(tmp), args.languages.split(","))
            source = "template"
        start = time.perf_counter()
        loaded = load_translations(cdir, sdir, catalogues, scenarios, catalogue)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        load_translations(cdir, sdir, catalogues, scenarios, catalogue)
        warm = time.perf_counter() - start
    figures = {
        "files": f"{source}",
        "catalogue_translations": len(loaded.catalogue_files),
        "scenario_translations": len(loaded.scenario_files),
        "cold_ms": f"{1000 * cold:.0f}",
        "warm_ms": f"{1000 * warm:.1f}",
    }
    print("RESULT " + " ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
