"""No silent loss of text: the six UN languages and emoji are each drawn with a real glyph, read
back from the embedded fonts (tests/pdf/glyphs.py); Arabic runs right to left."""

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from assessment.printable import ZWSP, text_direction
from assessment.web.pdf import documents, engine, worker
from tests.pdf.conftest import DATED
from tests.pdf.glyphs import read_glyphs, visible

SAMPLES = {
    "arabic": "أبلغت الدولة الأمين العام للأمم المتحدة، قبل ثلاثين يوماً، بموعد الاقتراب",
    "chinese": "该国提前三十天通知了联合国秘书长，并公布了轨道数据。",
    "russian": "Государство заранее уведомило Генерального секретаря ООН — «данные опубликованы».",
    "french": "L’État a prévenu le Secrétaire général de l’ONU ; « données orbitales » publiées.",
    "spanish": "El Estado notificó con antelación; ¿datos orbitales? Sí, ñandú.",
    "emoji": "Satellite 🛰️ rocket 🚀 warning ⚠️ globe 🌍 flag 🇺🇳",
}


@pytest.fixture(scope="module")
def multilingual(catalogue, doc):
    """The example with each sample as a justification and all of them in the description."""
    answers = dict(doc.answers)
    for qid, sample in zip(list(answers), SAMPLES.values(), strict=False):
        answers[qid] = answers[qid].model_copy(update={"justification": sample})
    activity = doc.activity.model_copy(
        update={
            "title": f"{SAMPLES['arabic'][:39]} — {SAMPLES['chinese'][:8]}",
            "description": "\n".join(SAMPLES.values()),
        }
    )
    return doc.model_copy(update={"activity": activity, "answers": answers})


@pytest.fixture(scope="module")
def rendered(catalogue, multilingual):
    cover = documents.CoverDetails(DATED, marking="Restricted – مقيد – 限制 – Ограничено")
    return worker.render(documents.report_job(catalogue, multilingual, cover).build())


@pytest.mark.parametrize("language", SAMPLES)
def test_every_character_is_drawn_with_a_real_glyph(rendered, language):
    glyphs = read_glyphs(rendered.pdf)
    wanted = visible(SAMPLES[language])
    assert wanted <= glyphs.drawn, f"no glyph for {sorted(wanted - glyphs.drawn)}"
    assert not wanted & glyphs.not_drawn


def test_weasyprint_reports_no_missing_glyph(rendered):
    assert not [m for m in rendered.messages if ".notdef" in m]


def test_the_glyph_check_catches_a_character_no_font_has(pdf_app):
    """The control: a private-use character has no glyph in any installed font."""
    html = '<html lang="en"><body><p>Missing: \ue000</p></body></html>'
    outcome = worker.render(engine.RenderRequest(html, datetime(2026, 1, 1, tzinfo=UTC)))
    glyphs = read_glyphs(outcome.pdf)
    assert "\ue000" not in glyphs.drawn and "\ue000" in glyphs.not_drawn
    assert any(".notdef" in m for m in outcome.messages)


def test_every_sample_comes_back_from_the_text_layer(rendered):
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(rendered.pdf)).pages)
    text = re.sub(r"[ \t]+", " ", text.replace(ZWSP, ""))
    for language, sample in SAMPLES.items():
        assert sample in text, language


def test_arabic_runs_right_to_left_with_its_punctuation_at_its_end():
    assert text_direction(SAMPLES["arabic"]) == "rtl"
    assert text_direction("12, " + SAMPLES["arabic"]) == "rtl"  # digits are not strong
    assert text_direction(SAMPLES["chinese"]) == text_direction(SAMPLES["russian"]) == "ltr"
    assert text_direction("2027 — 42") == "auto"


def test_each_line_of_user_text_gets_its_own_direction(pdf_app, catalogue, multilingual):
    html = documents.report_job(catalogue, multilingual, documents.CoverDetails(DATED)).build()
    lines = re.findall(r'<span class="para" dir="(\w+)">([^<]*)</span>', html.html)
    by_text = {text.replace(ZWSP, ""): direction for direction, text in lines}
    assert by_text[SAMPLES["arabic"]] == "rtl"
    assert by_text[SAMPLES["french"]] == by_text[SAMPLES["chinese"]] == "ltr"
