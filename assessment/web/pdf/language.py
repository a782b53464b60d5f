"""The language a PDF is printed in: chosen at download (``?lang=``, CLI ``--lang``), checked
against the six, and carried into the render and the cache key with the translation's digest.

A report's language is independent of the interface language: a French page may download an
English report and the other way round. A French download can never be served a cached English
file, because the language and the digest of its translation are part of every content key.
"""

import functools
import hashlib
from dataclasses import dataclass

from flask import Response, abort, current_app, render_template, request
from flask_babel import gettext

from assessment.catalogue import Catalogue
from assessment.web.http import problem_response
from assessment.web.i18n import (
    API_PREFIX,
    DEFAULT,
    LANGUAGES,
    TRANSLATIONS_DIR,
    Language,
    current_language,
    languages,
)
from assessment.web.library import catalogue_translation_status, get_catalogue

SIX = tuple(lang.code for lang in LANGUAGES)


class UnknownLanguage(ValueError):
    """A report language that is not one of the app's languages."""

    def __init__(self, code: str) -> None:
        self.code = code
        known = ", ".join(lang.code for lang in _served())
        super().__init__(f"unknown report language {code!r}: choose one of {known}")


@dataclass(frozen=True)
class ReportLanguage:
    """One report language and whether its interface translation was reviewed. The catalogue's
    translation has its own status and digest (library.catalogue_translation_status), per
    catalogue version: see ``catalogue_in`` and ``translation_note``."""

    code: str
    interface_reviewed: bool
    digest: str  # of the interface messages: part of every content key


@dataclass(frozen=True)
class TranslationNote:
    """What the method annex says about the translations a report is printed in."""

    interface_reviewed: bool
    catalogue_translated: bool
    catalogue_reviewed: bool


def _served() -> tuple[Language, ...]:
    try:
        return languages()
    except RuntimeError:  # outside an app context: the six
        return LANGUAGES


def _interface_digest(code: str) -> str:
    return _messages_digest(str(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]), code)


@functools.cache
def _messages_digest(directories: str, code: str) -> str:
    """The digest of one language's interface messages (read once per process, as templates)."""
    digest = hashlib.sha256(code.encode())
    for directory in directories.split(";"):
        po = TRANSLATIONS_DIR.parent / directory / code / "LC_MESSAGES" / "messages.po"
        if po.is_file():
            digest.update(po.read_bytes())
    return digest.hexdigest()


def report_language(code: str) -> ReportLanguage:
    """The report language ``code``; UnknownLanguage when it is not served."""
    if code not in {lang.code for lang in _served()}:
        raise UnknownLanguage(code)
    reviewed = current_app.extensions.get("due_regard_reviewed", frozenset())
    return ReportLanguage(
        code=code,
        interface_reviewed=code == DEFAULT or code in reviewed,
        digest=_interface_digest(code),
    )


def catalogue_in(catalogue: Catalogue, language: ReportLanguage) -> Catalogue:
    """The same catalogue version with its texts in the report's language (English when no
    file translates it): whatever language the page was in when the job was made."""
    return get_catalogue(catalogue.version, language.code)


def translation_note(catalogue: Catalogue, language: ReportLanguage) -> TranslationNote:
    status = catalogue_translation_status(catalogue.version, language.code)
    return TranslationNote(
        interface_reviewed=language.interface_reviewed,
        catalogue_translated=status.exists,
        catalogue_reviewed=status.reviewed,
    )


def page_of_css() -> str:
    """The CSS ``content`` of the running "Page 3 of 12", in the current (forced) locale: the
    translation with each figure replaced by its counter. Our own catalogue text, quoted for
    CSS (it goes into a <style> element, so "<" is escaped too)."""
    text = gettext("Page %(page)s of %(pages)s", page="\x01", pages="\x02")
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    quoted = quoted.replace("\x01", '" counter(page) "').replace("\x02", '" counter(pages) "')
    return f'"{quoted}"'


def requested_language(default: str | None = None) -> ReportLanguage:
    """``?lang=`` of this request, else ``default``, else the page's interface language."""
    code = request.args.get("lang") or default or current_language().code
    return report_language(code)


def download_language(default: str | None = None) -> ReportLanguage:
    """The report language of a PDF download; an unknown ``?lang=`` is a 400 that lists the
    languages offered (a page in the interface's language, or a JSON problem under /api/)."""
    try:
        return requested_language(default)
    except UnknownLanguage as exc:
        abort(_unknown_language(exc.code))


def _unknown_language(code: str) -> Response:
    offered = ", ".join(f"{lang.code} ({lang.name})" for lang in _served())
    message = gettext(
        "There is no report in “%(code)s”. Add ?lang= with one of: %(languages)s.",
        code=code[:20],
        languages=offered,
    )
    if request.path.startswith(API_PREFIX):
        return problem_response(400, f"lang must be one of: {', '.join(SIX)}")
    page = render_template("error.html", code=400, title=gettext("Bad request"), message=message)
    return Response(page, status=400, mimetype="text/html")
