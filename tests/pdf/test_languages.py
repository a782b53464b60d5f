"""Reports in the six UN languages: each reads back (pdftotext) with its translated interface
strings and criterion titles, every character drawn with an embedded font, Arabic right to left
in logical order; the language is chosen at download, checked, and part of the cache key."""

import re
import subprocess
from pathlib import Path

import pytest
from babel.support import Translations
from pypdf import PdfReader

from assessment.printable import bounded_report
from assessment.web.i18n import TRANSLATIONS_DIR
from assessment.web.pdf import documents, worker
from assessment.web.pdf.language import SIX, UnknownLanguage, catalogue_in, report_language
from tests.pdf.conftest import EXAMPLE
from tests.pdf.glyphs import read_glyphs, visible

# Interface strings every full report prints (headings, the method annex, the running footer).
PRINTED = (
    "Contents",
    "Findings by criterion",
    "Scores by criterion",
    "Action plan",
    "The facts the result rests on",
    "Passages of the source report cited",
)


def translate(code: str, message: str) -> str:
    return Translations.load(str(TRANSLATIONS_DIR), [code]).gettext(message)


def pdftotext(pdf: bytes, tmp: Path) -> str:
    source = tmp / "report.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Text without spaces, line breaks, soft hyphens or directional marks: what a check of
    "every character is there, in this order" compares (lines wrap anywhere)."""
    return re.sub(r"[\s\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069]", "", text)


def as_extracted(text: str) -> str:
    """``text`` as pdftotext gives it back. The PDF maps the Arabic lam-alef ligature glyph to
    "لا" in logical order; pdftotext, turning a right-to-left run into logical order, reverses
    the characters inside that one glyph too, so "لا" reads back "ال" (a pdftotext artefact:
    every other character comes back in logical order, which is what these tests check)."""
    return re.sub("ل([اأإآ])", "\\1ل", flat(text))


def printed(expected: str, text: str) -> bool:
    """Every word of ``expected`` is in the text, its letters in logical order. Word by word:
    pdftotext writes a line's right-to-left runs in the order they are drawn, so the neutral
    punctuation between two Arabic runs lands outside them."""
    found = flat(text)
    return all(as_extracted(word) in found for word in re.findall(r"\w+", expected))


@pytest.fixture(scope="module")
def reports(pdf_app, catalogue, doc, cover, tmp_path_factory):
    """The example's report rendered once in each language: its PDF, text and render record."""
    tmp = tmp_path_factory.mktemp("languages")
    made = {}
    for code in SIX:
        job = documents.report_job(catalogue, doc, cover, report_language(code))
        rendered = worker.render(job.build())
        made[code] = (rendered, pdftotext(rendered.pdf, tmp))
    return made


@pytest.fixture(scope="module")
def titles(pdf_app, catalogue, doc) -> dict[str, list[str]]:
    """The titles of the criteria the example's report prints, from the catalogue in each
    language (the translators' files, or a test translation where a language has none)."""
    return {
        code: [
            c.title
            for c in bounded_report(
                catalogue_in(catalogue, report_language(code)), doc
            ).result.criteria
        ]
        for code in SIX
    }


@pytest.mark.parametrize("code", SIX)
def test_a_report_reads_back_with_its_translated_interface_strings(reports, code):
    _, text = reports[code]
    for message in PRINTED:
        wanted = translate(code, message)
        assert code == "en" or wanted != message, f"{message!r} is not translated in {code}"
        assert printed(wanted, text), f"{code}: {wanted!r} not in the PDF"
    page_one = translate(code, "Page %(page)s of %(pages)s") % {"page": 1, "pages": "X"}
    assert printed(page_one.split("X")[0], text)


@pytest.mark.parametrize("code", SIX)
def test_every_criterion_title_is_printed_with_every_character(reports, titles, code):
    _, text = reports[code]
    english = titles["en"]
    assert code == "en" or not set(titles[code]) & set(english), f"{code}: titles in English"
    for title in titles[code]:
        assert visible(title) <= set(text), f"{code}: {title!r}"
        assert printed(title, text), f"{code}: {title!r}"


@pytest.mark.parametrize("code", SIX)
def test_no_missing_glyph_and_every_font_embedded(reports, titles, code):
    rendered, text = reports[code]
    assert "\ufffd" not in text
    assert not [m for m in rendered.messages if ".notdef" in m]
    glyphs = read_glyphs(rendered.pdf)
    wanted = set()
    for message in PRINTED:
        wanted |= visible(translate(code, message))
    for title in titles[code]:
        wanted |= visible(title)
    assert wanted <= glyphs.drawn, f"{code}: no glyph for {sorted(wanted - glyphs.drawn)}"
    assert not wanted & glyphs.not_drawn


@pytest.mark.parametrize("code", SIX)
def test_pdffonts_shows_every_font_embedded(reports, code, tmp_path):
    rendered, _ = reports[code]
    source = tmp_path / "report.pdf"
    source.write_bytes(rendered.pdf)
    listing = subprocess.run(["pdffonts", str(source)], capture_output=True, text=True, check=True)
    rows = listing.stdout.splitlines()[2:]
    assert rows, "no font listed"
    for row in rows:
        # name type encoding emb sub uni object-id generation: "emb" is the 4th field from the end
        assert row.split()[-5] == "yes", f"{code}: not embedded: {row}"


@pytest.mark.parametrize(
    ("code", "tag", "direction"),
    [("en", "en", "ltr"), ("fr", "fr", "ltr"), ("ar", "ar", "rtl"), ("zh", "zh-Hans", "ltr")],
)
def test_the_document_says_its_language_and_direction(
    pdf_app, catalogue, doc, cover, code, tag, direction
):
    html = documents.report_job(catalogue, doc, cover, report_language(code)).build().html
    assert f'<html lang="{tag}" dir="{direction}">' in html


def test_the_pdf_catalog_names_the_report_language(reports):
    for code, tag in (("ar", "ar"), ("zh", "zh-Hans"), ("ru", "ru")):
        rendered, _ = reports[code]
        assert (
            str(PdfReader(__import__("io").BytesIO(rendered.pdf)).trailer["/Root"]["/Lang"]) == tag
        )


def test_arabic_reads_back_in_logical_order(reports):
    _, text = reports["ar"]
    heading = translate("ar", "Annex A. Method")
    assert heading.startswith("المرفق")
    assert printed(heading, text)
    for word in re.findall(r"\w{3,}", heading):  # not stored as drawn, right to left
        assert as_extracted(word)[::-1] not in flat(text)
    # Arabic punctuation comes from the translations: the Arabic comma and semicolon.
    assert "،" in translate("ar", ", ") and "؛" in translate("ar", "; ")


def test_dates_are_written_in_the_report_language(reports):
    assert "14 mars 2026" in reports["fr"][1]
    assert "14 de marzo de 2026" in reports["es"][1]
    assert "14 марта 2026" in reports["ru"][1]
    assert flat("2026年3月14日") in flat(reports["zh"][1])
    assert "14 March 2026" in reports["en"][1]


def test_the_method_annex_says_the_translations_are_unreviewed(reports):
    _, text = reports["fr"]
    for message in (
        "Interface wording of this report: machine-drafted translation, not yet reviewed by a "
        "qualified translator.",
        "Criteria catalogue: translation not yet reviewed by a qualified translator.",
    ):
        assert printed(translate("fr", message), text), message
    assert "Interface wording" not in reports["en"][1]


def test_seed_quotes_stay_in_english_with_the_gloss_labelled_as_a_translation(
    pdf_app, catalogue, doc, reports
):
    _, text = reports["es"]
    localised = catalogue_in(catalogue, report_language("es"))
    seed = localised.criteria[0].source
    assert seed.gloss and seed.gloss != seed.quote
    assert printed(seed.quote[:60], text)  # the English original
    assert printed(translate("es", "Translation (not authoritative):"), text)
    glosses = [s.source.gloss for s in bounded_report(localised, doc).sections if s.source.gloss]
    assert glosses and all(printed(g, text) for g in glosses)


def test_each_language_has_its_own_cache_key_and_file_name(pdf_app, catalogue, doc, cover):
    jobs = {
        code: documents.report_job(catalogue, doc, cover, report_language(code)) for code in SIX
    }
    assert len({job.key for job in jobs.values()}) == len(SIX)
    assert jobs["en"].key == documents.report_job(catalogue, doc, cover).key
    assert jobs["fr"].filename.endswith("-fr.pdf") and not jobs["en"].filename.endswith("-en.pdf")
    for make in (documents.brief_job,):
        assert (
            make(catalogue, doc, cover, report_language("fr")).key
            != make(catalogue, doc, cover).key
        )
    blank = [documents.blank_job(catalogue, [], "a4", report_language(c)).key for c in ("en", "ar")]
    assert blank[0] != blank[1]


def test_an_unknown_language_is_refused_naming_the_six(pdf_app):
    with pytest.raises(UnknownLanguage) as caught:
        report_language("xx")
    for code in SIX:
        assert code in str(caught.value)


def test_the_cli_writes_the_report_in_the_language_asked_for(pdf_app, tmp_path):
    out = tmp_path / "rapport.pdf"
    args = ["assess", str(EXAMPLE), "--pdf", str(out), "--lang", "fr"]
    result = pdf_app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    text = pdftotext(out.read_bytes(), tmp_path)
    assert printed(translate("fr", "Findings by criterion"), text)


def test_the_cli_refuses_an_unknown_language_listing_the_six(pdf_app, tmp_path):
    args = ["assess", str(EXAMPLE), "--pdf", str(tmp_path / "x.pdf"), "--lang", "xx"]
    result = pdf_app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0
    assert all(f"'{code}'" in result.output for code in SIX), result.output
    assert not (tmp_path / "x.pdf").exists()
