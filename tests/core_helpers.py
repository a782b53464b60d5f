"""Shared helpers for core tests: catalogue paths and a way to edit catalogue text."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini_catalogue.yaml"
CRITERIA = ROOT / "criteria.yaml"
V1 = ROOT / "catalogues" / "1.0.0.yaml"
V1_EXAMPLES = ROOT / "tests" / "data" / "v1"
SEED_REPORT = ROOT / "docs" / "seed" / "space-norms-report.txt"


def mini_data() -> dict:
    return yaml.safe_load(MINI.read_text())


def dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
