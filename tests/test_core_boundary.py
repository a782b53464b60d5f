"""The core must stay pure: importing it pulls in no web framework, database or PDF engine."""

import subprocess
import sys

from tests.core_helpers import ROOT

CORE_MODULES = [
    "assessment.catalogue",
    "assessment.scoring",
    "assessment.results",
    "assessment.exchange",
    "assessment.report",
    "assessment.inputs",
]


def test_importing_the_core_imports_no_flask_sqlalchemy_or_weasyprint():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE_MODULES)
        + "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'sqlalchemy', 'weasyprint', 'wtforms', 'flask_sqlalchemy')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
