"""The method annex: docs/method.md rendered once, for the method page and every report."""

from functools import cache

import markdown
from markupsafe import Markup

from assessment.web.config import ROOT

METHOD_PATH = ROOT / "docs" / "method.md"


@cache
def method_html() -> Markup:
    """docs/method.md as HTML, without its own top heading (the page or annex has one)."""
    lines = METHOD_PATH.read_text(encoding="utf-8").lstrip().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    html = markdown.markdown("\n".join(lines), extensions=["tables", "sane_lists"])
    return Markup(html)  # our own reviewed file, never user input
