"""The core must stay pure: no core module may import a web framework, database or PDF engine.

Both guards are shown to fail: the import check on a copy of the core with an import injected,
and ruff's banned-api rule on a file that imports Flask from inside the core.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.core_helpers import ROOT

BANNED = ("flask", "werkzeug", "sqlalchemy", "weasyprint", "wtforms", "jinja2")

# Runs in a fresh interpreter so that nothing the test process imported counts.
CHECK = """
import importlib, pkgutil, sys
import assessment
BANNED = {banned!r}
found = []
for info in pkgutil.walk_packages(assessment.__path__, "assessment."):
    if info.name == "assessment.web" or info.name.startswith("assessment.web."):
        continue
    before = set(sys.modules)
    importlib.import_module(info.name)
    for name in sorted(set(sys.modules) - before):
        if name.split(".")[0] in BANNED:
            found.append(f"{{info.name}} imports {{name}}")
print("modules:", len([m for m in sys.modules if m.startswith("assessment.")]))
print("\\n".join(found))
"""


def core_violations(root: Path) -> tuple[int, list[str]]:
    """(core modules imported, each banned import) for the tree at ``root``."""
    out = subprocess.run(
        [sys.executable, "-c", CHECK.format(banned=BANNED)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    first, *rest = out.stdout.splitlines()
    return int(first.split()[1]), [line for line in rest if line]


def test_no_core_module_imports_a_framework():
    count, violations = core_violations(ROOT)
    assert violations == []
    core_files = [p for p in (ROOT / "assessment").glob("*.py") if p.name != "__init__.py"]
    assert count >= len(core_files)  # every core module was walked, none listed by hand


def _copy_of_core(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "assessment", tmp_path / "assessment", ignore=_no_web)
    return tmp_path


def _no_web(directory: str, names: list[str]) -> list[str]:
    return ["web", "__pycache__"] if Path(directory).name == "assessment" else ["__pycache__"]


def test_the_import_guard_fails_on_an_injected_import(tmp_path):
    root = _copy_of_core(tmp_path)
    aggregate = root / "assessment" / "aggregate.py"
    aggregate.write_text("import flask  # injected\n" + aggregate.read_text())
    (root / "assessment" / "newly_added.py").write_text("import sqlalchemy\n")
    _, violations = core_violations(root)
    assert "assessment.aggregate imports flask" in violations
    assert "assessment.newly_added imports sqlalchemy" in violations


def _ruff(root: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    ruff = Path(sys.executable).with_name("ruff")
    return subprocess.run(
        [str(ruff), "check", "--no-cache", "--select", "TID251", *paths],
        cwd=root,
        capture_output=True,
        text=True,
    )


def test_ruff_bans_framework_imports_in_the_core_only(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "assessment" / "web").mkdir(parents=True)
    for name in BANNED:
        (tmp_path / "assessment" / f"uses_{name}.py").write_text(f"import {name}\n")
    (tmp_path / "assessment" / "uses_from.py").write_text("from sqlalchemy.orm import Mapped\n")
    (tmp_path / "assessment" / "web" / "view.py").write_text("import flask\nimport sqlalchemy\n")
    result = _ruff(tmp_path, "assessment")
    assert result.returncode == 1
    for name in BANNED:
        assert f"uses_{name}.py" in result.stdout
    assert "uses_from.py" in result.stdout and "view.py" not in result.stdout


def test_the_real_core_passes_the_ruff_ban():
    result = _ruff(ROOT, "assessment")
    assert result.returncode == 0, result.stdout
