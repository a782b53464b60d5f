"""Interface languages: Flask-Babel set-up, which language a request gets, the language switch.

A request's language is, in order: an explicit ``?lang=`` on that request (not remembered; it
lets a link or a download name its language), the language the person chose with the switch on
every page (remembered in a cookie for a year), else the best match for ``Accept-Language``,
else English. Each translation file says in its header comment whether a qualified translator
has reviewed it; the footer says so for every language that has not been, and likewise for the
catalogue and scenario translations (``reviewed:`` in each file's header).
"""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, has_request_context, redirect, request, url_for
from flask_babel import Babel, get_locale
from werkzeug.wrappers import Response as BaseResponse

from assessment.web.config import ROOT
from assessment.web.library import catalogue_translation_status, scenarios_translation_status

TRANSLATIONS_DIR = ROOT / "translations"
COOKIE = "lang"
API_PREFIX = "/api/"  # the JSON API: English unless ?lang=, whatever the headers
COOKIE_MAX_AGE = 365 * 24 * 3600
REVIEWED_MARK = "# Review status: reviewed"  # at the start of a header comment line


@dataclass(frozen=True)
class Language:
    code: str  # the folder under translations/ and the value of ?lang= and the cookie
    tag: str  # the BCP 47 tag for <html lang>
    name: str  # the language's own name, shown in the switch
    direction: str  # "ltr" or "rtl"


# The six official languages of the United Nations, in the UN's own (English) order.
LANGUAGES = (
    Language("ar", "ar", "العربية", "rtl"),
    Language("zh", "zh-Hans", "中文", "ltr"),
    Language("en", "en", "English", "ltr"),
    Language("fr", "fr", "Français", "ltr"),
    Language("ru", "ru", "Русский", "ltr"),
    Language("es", "es", "Español", "ltr"),
)
DEFAULT = "en"

bp = Blueprint("i18n", __name__)


def languages() -> tuple[Language, ...]:
    """The languages this app serves (tests add a pseudo-locale through the config)."""
    return tuple(current_app.config.get("LANGUAGES") or LANGUAGES)


def _codes() -> list[str]:
    return [lang.code for lang in languages()]


def select_locale() -> str:
    """Flask-Babel's locale selector: ?lang=, then the remembered choice, then Accept-Language.
    Under /api/ only ?lang=, else English: a machine client's texts never depend silently on
    its headers or a cookie (api.views refuses an unknown ?lang= there with a 400)."""
    if not has_request_context():  # a render outside a request (a CLI report) is in English
        return DEFAULT
    codes = _codes()
    if request.path.startswith(API_PREFIX):
        chosen = request.args.get("lang")
        return chosen if chosen in codes else DEFAULT
    for chosen in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if chosen in codes:
            return chosen
    return request.accept_languages.best_match(codes) or DEFAULT


def current_language() -> Language:
    code = str(get_locale() or DEFAULT)
    by_code = {lang.code: lang for lang in languages()}
    return by_code.get(code) or by_code.get(code.split("_")[0]) or by_code[DEFAULT]


def reviewed_codes(directory: Path = TRANSLATIONS_DIR) -> frozenset[str]:
    """Languages whose messages.po header says a qualified translator reviewed it."""
    found = set()
    for po in directory.glob("*/LC_MESSAGES/messages.po"):
        header = po.read_text(encoding="utf-8").split("msgid", 1)[0]
        if any(line.startswith(REVIEWED_MARK) for line in header.splitlines()):
            found.add(po.parent.parent.name)
    return frozenset(found)


def uncompiled_catalogues(directory: Path = TRANSLATIONS_DIR) -> list[str]:
    """messages.po files with no compiled .mo beside them (file times say nothing after a git
    checkout; tests/web/test_i18n_catalogues.py compares the contents instead)."""
    return [
        str(po.relative_to(directory.parent))
        for po in sorted(directory.glob("*/LC_MESSAGES/messages.po"))
        if not po.with_suffix(".mo").exists()
    ]


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (an open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return url_for("pages.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return url_for("pages.home")
    return target


@bp.get("/language/<code>")
def choose(code: str) -> BaseResponse:
    """The language switch: remember the choice and go back to the page it was made on."""
    response = redirect(_safe_next(request.args.get("next")))
    if code in _codes():
        response.set_cookie(
            COOKIE,
            code,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure,
        )
    return response


def _data_unreviewed(code: str) -> bool:
    """Whether the catalogue or scenario texts shown in this language come from a translation
    file that says no qualified translator has reviewed it yet."""
    return (
        catalogue_translation_status(language=code).unreviewed
        or scenarios_translation_status(code).unreviewed
    )


def _template_context() -> dict[str, object]:
    language = current_language()
    return {
        "current_language": language,
        "interface_languages": languages(),
        "translation_unreviewed": language.code != DEFAULT
        and language.code not in current_app.extensions["due_regard_reviewed"],
        "data_translation_unreviewed": _data_unreviewed(language.code),
    }


def _vary(response: BaseResponse) -> BaseResponse:
    """A page's language depends on these headers: shared caches must key on them."""
    if response.mimetype == "text/html":
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    Babel(app, locale_selector=select_locale)
    directory = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0])
    app.extensions["due_regard_reviewed"] = reviewed_codes(directory)
    for path in uncompiled_catalogues(directory):
        app.logger.warning("translations: %s is not compiled (run `make translations`)", path)
    app.context_processor(_template_context)
    app.after_request(_vary)
