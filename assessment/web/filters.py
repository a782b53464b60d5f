"""Template filters for numbers shown to people (SVG coordinates keep their own format)."""

from flask import Flask

NONE_SHOWN = "–"


def num(value: float | None, digits: int = 0) -> str:
    """A score or count as shown: rounded, and a dash when there is none."""
    return NONE_SHOWN if value is None else f"{value:.{digits}f}"


def signed(value: float | None, digits: int = 0) -> str:
    """A difference as shown: always with its sign."""
    return NONE_SHOWN if value is None else f"{value:+.{digits}f}"


def pct(share: float | None) -> str:
    """A share in 0..1 as a whole percentage."""
    return NONE_SHOWN if share is None else f"{share * 100:.0f}%"


def init_filters(app: Flask) -> None:
    app.add_template_filter(num)
    app.add_template_filter(signed)
    app.add_template_filter(pct)
