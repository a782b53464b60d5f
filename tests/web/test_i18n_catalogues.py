"""The translation files: complete, well-formed, current with the code, and compiled.

No app is needed: these read translations/ directly, as a translator's tools would.
"""

from io import StringIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.support import Translations

from assessment.web.config import ROOT
from assessment.web.i18n import (
    LANGUAGES,
    REVIEWED_MARK,
    TRANSLATIONS_DIR,
    reviewed_codes,
    uncompiled_catalogues,
)

CODES = [lang.code for lang in LANGUAGES]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def _not_hidden(dirpath: str) -> bool:
    """As `make translations-update` (--ignore-dirs ".*"): templates/_report/ is scanned."""
    return not Path(dirpath).name.startswith(".")


def po_path(code: str) -> Path:
    return TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po"


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def ids(catalogue: Catalog) -> set[object]:
    return {m.id for m in catalogue if m.id}


@pytest.fixture(scope="module")
def template() -> Catalog:
    return read(TRANSLATIONS_DIR / "messages.pot")


def untranslated(catalogue: Catalog) -> list[str]:
    """Every entry with an empty form, or marked fuzzy (a guess gettext would not use)."""
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif any(not form for form in forms):
            problems.append(f"empty: {message.id!r}")
        elif isinstance(message.id, tuple) and len(forms) != catalogue.num_plurals:
            problems.append(f"{len(forms)} of {catalogue.num_plurals} plural forms: {message.id!r}")
    return problems


def test_the_six_un_languages_are_served():
    assert sorted(CODES) == ["ar", "en", "es", "fr", "ru", "zh"]
    assert {lang.code: lang.direction for lang in LANGUAGES}["ar"] == "rtl"


@pytest.mark.parametrize("code", CODES)
def test_every_message_is_translated_in_every_language(code, template):
    catalogue = read(po_path(code))
    assert ids(catalogue) == ids(template), "run `make translations-update`, then translate"
    assert untranslated(catalogue) == []


@pytest.mark.parametrize("code", CODES)
def test_placeholders_and_formats_survive_translation(code):
    problems = [(m.id, errors) for m, errors in read(po_path(code)).check()]
    assert problems == []


def test_english_is_the_source_text():
    for message in read(po_path("en")):
        if message.id and not isinstance(message.id, tuple):
            assert message.string == message.id


def test_the_checks_catch_empty_and_fuzzy_entries():
    catalogue = Catalog(locale="fr")
    catalogue.add("Save", "")
    catalogue.add("Cancel", "Annuler", flags=["fuzzy"])
    catalogue.add(("one file", "%(num)s files"), ("un fichier", ""))
    catalogue.add("Delete", "Supprimer")
    assert untranslated(catalogue) == [
        "empty: 'Save'",
        "fuzzy: 'Cancel'",
        "empty: ('one file', '%(num)s files')",
    ]


def test_the_template_holds_every_marked_string_in_the_code(template):
    """A string marked in the code but missing from messages.pot would never be translated."""
    method_map, options_map = parse_mapping_cfg(StringIO((ROOT / "babel.cfg").read_text()))
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=_not_hidden
        )
    }
    assert found == ids(template), "run `make translations-update`"


@pytest.mark.parametrize("code", CODES)
def test_compiled_catalogues_are_current(code):
    """The .mo files are built by `make translations`; a stale one would serve old text."""
    mo = po_path(code).with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run `make translations`"
    with mo.open("rb") as handle:
        compiled = Translations(handle)
    for message in read(po_path(code)):
        if message.id and not isinstance(message.id, tuple):
            assert compiled.gettext(message.id) == message.string, "run `make translations`"


def test_each_file_says_whether_a_qualified_translator_reviewed_it():
    for code in CODES:
        header = po_path(code).read_text(encoding="utf-8").split("msgid", 1)[0]
        assert "Review status:" in header, code
    # Machine-drafted for now: only the English source counts as reviewed.
    assert reviewed_codes() == {"en"}


def test_a_reviewed_mark_is_read_from_the_header(tmp_path):
    for code, header in (
        ("fr", f"{REVIEWED_MARK} by A. Translator, 2027-01-05\n"),
        ("ru", "# Review status: machine-drafted. Later: # Review status: reviewed\n"),
    ):
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text(f'{header}msgid ""\nmsgstr ""\n', encoding="utf-8")
    assert reviewed_codes(tmp_path) == {"fr"}


def test_an_uncompiled_language_is_named_at_start_up(tmp_path):
    for code, compiled in (("fr", True), ("ru", False)):
        folder = tmp_path / "translations" / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
        if compiled:
            (folder / "messages.mo").write_bytes(b"")
    missing = uncompiled_catalogues(tmp_path / "translations")
    assert missing == ["translations/ru/LC_MESSAGES/messages.po"]
