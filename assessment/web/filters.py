"""Template filters for numbers and dates shown to people, in the request's locale.

SVG coordinates keep their own format on purpose. Rounding is Python's, as before, so a figure
rounds the same way in every language; Babel then writes it with the locale's decimal sign,
grouping and percent sign.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

from babel import Locale, dates, numbers
from flask import Flask
from flask_babel import get_locale

from assessment.brief import group_actions
from assessment.printable import text_direction

NONE_SHOWN = "–"


def _locale() -> Locale:
    return get_locale() or Locale.parse("en")


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def num(value: float | None, digits: int = 0) -> str:
    """A score or count as shown: rounded, and a dash when there is none."""
    if value is None:
        return NONE_SHOWN
    rounded = Decimal(f"{value:.{digits}f}")
    return numbers.format_decimal(rounded, format=_pattern(digits), locale=_locale())


def signed(value: float | None, digits: int = 0) -> str:
    """A difference as shown: always with its sign."""
    if value is None:
        return NONE_SHOWN
    rounded = Decimal(f"{value:+.{digits}f}")
    locale = _locale()
    shown = numbers.format_decimal(abs(rounded), format=_pattern(digits), locale=locale)
    # The locale's own signs: in Arabic they carry a left-to-right mark, so "-51" keeps its
    # minus before the figure inside right-to-left text instead of after it.
    if rounded < 0:
        return numbers.get_minus_sign_symbol(locale) + shown
    return numbers.get_plus_sign_symbol(locale) + shown


def pct(share: float | None) -> str:
    """A share in 0..1 as a whole percentage."""
    if share is None:
        return NONE_SHOWN
    rounded = Decimal(f"{share * 100:.0f}") / 100
    return numbers.format_percent(rounded, locale=_locale())


def when(moment: datetime | None) -> str:
    """A date and time (UTC, 24-hour clock) in the locale's own order and month names."""
    if moment is None:
        return NONE_SHOWN
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    locale = _locale()
    moment = moment.astimezone(UTC)
    day = dates.format_skeleton("yMMMd", moment, tzinfo=UTC, locale=locale)
    clock = dates.format_skeleton("Hm", moment, tzinfo=UTC, locale=locale)
    return str(locale.datetime_formats["medium"]).format(clock, day)


def long_day(day: date) -> str:
    """A calendar date written out (the PDF reports): "30 November 2026", "30 novembre 2026",
    "30 نوفمبر 2026", "2026年11月30日". English is written day first, as at the United Nations."""
    locale = _locale()
    if locale.language == "en":
        locale = Locale.parse("en_GB")
    return dates.format_date(day, format="long", locale=locale)


def init_filters(app: Flask) -> None:
    app.add_template_filter(num)
    app.add_template_filter(signed)
    app.add_template_filter(pct)
    app.add_template_filter(when)
    app.add_template_filter(long_day)
    app.add_template_filter(text_direction, "dir")  # dir="{{ text|dir }}" on user text
    app.add_template_filter(group_actions, "grouped_actions")  # each recommendation text once
