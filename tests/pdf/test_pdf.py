"""The PDF report, read back: content, attachment and import round trip, safety, the fetcher.

Each PDF is rendered once per module (about 3 s each) and read back with pypdf.
"""

import io
import json
import re
import time

import pytest
from flask import render_template_string
from pypdf import PdfReader, PdfWriter

from assessment import printable
from assessment.brief import build_brief
from assessment.exchange import ExchangeDocument, dump_document, read_document
from assessment.inputs import Answer
from assessment.web.pdf import cache, documents, engine, fetcher, offline, worker
from assessment.web.pdf.attachment import ATTACHMENT_NAME, NotOurPdfError, extract_document_json
from tests.pdf.conftest import DATED, EXAMPLE, ROOT

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img": '<img src="file:///etc/passwd">',
    "import": "<style>@import url(http://127.0.0.1:9/x.css)</style>",
    "link": "<link rel=attachment href=file:///etc/passwd>",
}
LONG_WORD = "0123456789" * 4000  # 40,000 characters without a break


def pdf_text(data: bytes) -> str:
    """All text of a PDF, whitespace collapsed and the invisible break hints removed."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace(printable.ZWSP, ""))


@pytest.fixture(scope="module")
def rendered(catalogue, doc, cover) -> engine.RenderOutcome:
    return worker.render(documents.report_job(catalogue, doc, cover).build())


@pytest.fixture(scope="module")
def text(rendered) -> str:
    return pdf_text(rendered.pdf)


# --- What the report says --------------------------------------------------------------------
def test_report_names_the_activity_every_criterion_the_band_and_justifications(
    catalogue, doc, rendered, text
):
    report = printable.bounded_report(catalogue, doc)
    assert doc.activity.title in text
    for section in report.sections:
        assert section.score.title in text
    assert report.band.label in text
    justifications = [a.justification for a in doc.answers.values() if a.justification]
    assert justifications[0] in text
    assert sum(j[:60] in text for j in justifications) >= len(justifications) - 2


def test_report_opens_with_the_brief_then_findings_plan_annexes_and_references(
    catalogue, doc, text
):
    report = printable.bounded_report(catalogue, doc)
    for heading in (
        "Actions that matter most",
        "The facts the result rests on",
        "Findings by criterion",
        "Action plan",
        "Annex A. Method",
        "Annex B. References and passages cited",
    ):
        assert heading in text
    assert "Prepared by Delegation of Tervala" in text and "RESTRICTED" in text
    assert f"Catalogue {catalogue.id} {catalogue.version}" in text
    assert "14 March 2026" in text
    for hit in report.result.red_lines:
        assert hit.statement in text
    assert catalogue.catalogue.source.doi in text
    for ref in report.secondary_references:
        assert ref in text
    assert "A/RES/2222 (XXI)" in text  # the Outer Space Treaty, by its UN document symbol


def test_every_recommendation_is_printed_once(catalogue, doc, text):
    report = printable.bounded_report(catalogue, doc)
    texts = {r.text for r in (*report.action_plan, *report.cannot_change)}
    assert texts
    for rec_text in texts:
        assert text.count(rec_text) == 1, rec_text


def test_an_equal_range_is_not_printed(catalogue, doc, text):
    report = printable.bounded_report(catalogue, doc)
    assert any(c.score is not None and c.high - c.low < 0.5 for c in report.result.criteria)
    assert not re.search(r"\b(\d+)–\1\b", text)  # never "82–82"


def test_every_page_is_numbered_and_the_contents_have_real_page_numbers(rendered):
    reader = PdfReader(io.BytesIO(rendered.pdf))
    pages = len(reader.pages)
    assert pages == rendered.pages > 10
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    contents = next(p.extract_text() for p in reader.pages if "Contents" in p.extract_text())
    entries = contents.split("The activity assessed")[0]
    numbers = [int(n) for n in re.findall(r"(\d+)\s*$", entries, flags=re.M)]
    assert len(numbers) >= 7 and numbers[0] == 1 and max(numbers) <= pages
    assert numbers == sorted(numbers)


def test_bookmarks_list_the_brief_the_chapters_and_each_criterion(catalogue, doc, rendered):
    outline = PdfReader(io.BytesIO(rendered.pdf)).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top[0] == "Brief"
    assert {"Findings by criterion", "Action plan", "Annex A. Method"} <= set(top)
    nested = [item.title for group in outline if isinstance(group, list) for item in group]
    report = printable.bounded_report(catalogue, doc)
    assert f"1. {report.sections[0].score.title}" in nested


def test_the_first_two_pages_are_the_brief(catalogue, doc, rendered):
    reader = PdfReader(io.BytesIO(rendered.pdf))
    first_two = " ".join(reader.pages[i].extract_text() for i in (0, 1))
    brief = build_brief(printable.bounded_report(catalogue, doc))
    assert "The facts the result rests on" in first_two
    assert all(a.text[:40] in re.sub(r"\s+", " ", first_two) for a in brief.actions)
    assert "Contents" in reader.pages[2].extract_text()


def test_metadata_pdf_a_3a_and_tagged(catalogue, doc, rendered):
    reader = PdfReader(io.BytesIO(rendered.pdf))
    info = reader.metadata
    assert doc.activity.title in info.title
    assert info.author == "Delegation of Tervala"
    assert catalogue.version in info.subject and catalogue.version in info["/Keywords"]
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp or b'pdfaid:part="3"' in xmp
    assert b"A" in xmp.split(b"conformance")[1][:5]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root["/Lang"] == "en"


def _structure(node, found):
    node = node.get_object()
    if isinstance(node, dict) or hasattr(node, "keys"):
        if node.get("/S") == "/Figure":
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                if hasattr(kid, "get_object"):
                    _structure(kid, found)
    return found


def test_the_chart_is_a_tagged_figure_with_every_score_as_alternative_text(
    catalogue, doc, rendered
):
    root = PdfReader(io.BytesIO(rendered.pdf)).trailer["/Root"]
    figures = _structure(root["/StructTreeRoot"], [])
    assert len(figures) == 1
    alt = str(figures[0]["/Alt"])
    report = printable.bounded_report(catalogue, doc)
    for c in report.result.criteria:
        assert c.title in alt


# --- The attached exchange document ----------------------------------------------------------
def test_the_exchange_json_is_attached_and_imports_back_to_the_same_assessment(
    catalogue, doc, rendered
):
    attachments = PdfReader(io.BytesIO(rendered.pdf)).attachments
    assert list(attachments) == [ATTACHMENT_NAME]
    extracted = extract_document_json(rendered.pdf)
    assert extracted == dump_document(doc).encode("utf-8")
    assert json.loads(extracted)["format"] == "due-regard/assessment"
    assert read_document(catalogue, extracted) == doc


def test_a_pdf_that_is_not_ours_gets_a_clear_error():
    with pytest.raises(NotOurPdfError, match="not a PDF"):
        extract_document_json(b"just some text")
    with pytest.raises(NotOurPdfError, match="cannot be read"):
        extract_document_json(b"%PDF-1.7\n garbage that is no PDF at all")
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    plain = io.BytesIO()
    writer.write(plain)
    with pytest.raises(NotOurPdfError, match="no Due Regard assessment attached"):
        extract_document_json(plain.getvalue())
    writer.add_attachment("other.json", b"{}")
    other = io.BytesIO()
    writer.write(other)
    with pytest.raises(NotOurPdfError, match="no Due Regard assessment attached"):
        extract_document_json(other.getvalue())


# --- Hostile input ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_doc(doc) -> ExchangeDocument:
    """Hostile text in every user field; one answer removed (a draft); a 40,000-character word
    put past the input caps (model_construct), to prove the renderer copes on its own."""
    joined = " ".join(HOSTILE.values())
    activity = doc.activity.model_copy(
        update={
            "title": f"Test {HOSTILE['script']}",
            "actor": HOSTILE["img"],
            "description": f"{joined}\n{LONG_WORD[:4000]}",
            "objects": HOSTILE["link"],
        }
    )
    answers = dict(doc.answers)
    first, second, dropped = list(answers)[:3]
    del answers[dropped]
    answers[first] = answers[first].model_copy(update={"justification": joined})
    old = answers[second]
    answers[second] = Answer.model_construct(
        option=old.option, justification=LONG_WORD, evidence=old.evidence
    )
    return doc.model_copy(update={"activity": activity, "answers": answers})


@pytest.fixture(scope="module")
def hostile(catalogue, hostile_doc) -> engine.RenderOutcome:
    cover = documents.CoverDetails(DATED, prepared_by=HOSTILE["import"], marking=HOSTILE["link"])
    started = time.perf_counter()
    outcome = worker.render(documents.report_job(catalogue, hostile_doc, cover).build())
    assert time.perf_counter() - started < 30
    return outcome


def test_hostile_text_is_printed_literally(hostile):
    text = pdf_text(hostile.pdf)
    for value in HOSTILE.values():
        assert value in text
    squeezed = re.sub(r"\s", "", text)
    assert squeezed.count("0123456789") >= 4000 * 0.95 + 400


def test_hostile_text_fetches_nothing_and_embeds_nothing_else(hostile):
    assert hostile.requested == (fetcher.STATIC_BASE + "css/print.css",)
    assert hostile.refused == ()
    attachments = PdfReader(io.BytesIO(hostile.pdf)).attachments
    assert list(attachments) == [ATTACHMENT_NAME]
    assert b"root:x:0:0" not in hostile.pdf


def test_a_draft_is_marked_on_the_cover_and_every_page(hostile):
    reader = PdfReader(io.BytesIO(hostile.pdf))
    assert "DRAFT — 1 OF " in reader.pages[0].extract_text().upper()
    missing = [i for i, page in enumerate(reader.pages) if "DRAFT" not in page.extract_text()]
    assert not missing, [reader.pages[i].extract_text()[:200] for i in missing]


def test_line_breaks_are_bounded_but_no_character_is_lost():
    assert printable.breakable("a\n\n\n\n\nb") == "a\n\nb"
    many = printable.breakable("line\n" * 4000)
    assert many.count("\n") == printable.MAX_LINE_BREAKS
    assert many.count("line") == 4000


def test_long_words_get_invisible_break_opportunities():
    assert printable.breakable("short words stay as they are") == "short words stay as they are"
    broken = printable.breakable("x" * 100)
    assert broken.replace(printable.ZWSP, "") == "x" * 100
    assert max(len(part) for part in broken.split(printable.ZWSP)) == printable.BREAK_EVERY
    accented = ("e\u0301" * 30).replace("", "")
    assert all(
        not part.startswith("\u0301")
        for part in printable.breakable(accented).split(printable.ZWSP)
    )


# --- The URL fetcher -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.org/x.css",
        "data:text/css,body{color:red}",
        fetcher.STATIC_BASE + "../../etc/passwd",
        fetcher.STATIC_BASE + "%2e%2e/%2e%2e/etc/passwd",
        fetcher.STATIC_BASE + "css/%2e%2e/%2e%2e/app.py",
        fetcher.STATIC_BASE + "css//print.css",
        fetcher.STATIC_BASE + "css/print.css?x=1",
        fetcher.STATIC_BASE + "css/missing.css",
        fetcher.STATIC_BASE + "css",
        "https://due-regard.invalid.example.org/static/css/print.css",
    ],
)
def test_the_fetcher_refuses_anything_but_a_static_file(url):
    static_fetcher = fetcher.StaticFetcher()
    with pytest.raises(fetcher.FetchRefused):
        static_fetcher.fetch(url)
    assert static_fetcher.refused == [url]


def test_the_fetcher_serves_static_files_and_no_symlink_out(tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "a.css").write_text("p { color: black }")
    (tmp_path / "secret.txt").write_text("secret")
    (static / "leak.txt").symlink_to(tmp_path / "secret.txt")
    static_fetcher = fetcher.StaticFetcher(static)
    response = static_fetcher.fetch(fetcher.STATIC_BASE + "css/a.css")
    assert response.read() == b"p { color: black }" and response.content_type == "text/css"
    with pytest.raises(fetcher.FetchRefused):
        static_fetcher.fetch(fetcher.STATIC_BASE + "leak.txt")


# --- Time limit, cache, other documents ------------------------------------------------------
SLOW_HTML = (
    "<style>td { overflow-wrap: anywhere }</style>"
    f"<table><tr><td>{'A' * 4000}</td><td>x</td></tr></table>"
)


def test_a_render_over_the_time_limit_is_stopped_and_the_next_one_works():
    renderer = worker.RenderProcess()
    try:
        renderer.render(engine.RenderRequest("<p>warm</p>", documents.created_at(DATED)), 60)
        started = time.perf_counter()
        with pytest.raises(engine.RenderTimeout):
            renderer.render(engine.RenderRequest(SLOW_HTML, documents.created_at(DATED)), 1.0)
        assert time.perf_counter() - started < 10
        assert renderer.pid is None
        outcome = renderer.render(
            engine.RenderRequest("<p>after</p>", documents.created_at(DATED)), 60
        )
        assert outcome.pages == 1
    finally:
        renderer.stop()


def test_the_same_content_is_served_from_the_cache(catalogue, doc, cover, monkeypatch):
    job = documents.blank_job(catalogue, ["rpo"], "a4")
    assert offline.produce(job)[:5] == b"%PDF-"
    monkeypatch.setattr(worker, "render", lambda request: pytest.fail("rendered twice"))
    assert offline.produce(documents.blank_job(catalogue, ["rpo"], "a4")) == cache.cached(job.key)
    key = documents.report_job(catalogue, doc, cover).key
    letter = documents.CoverDetails(DATED, cover.prepared_by, cover.marking, paper="letter")
    symbol = documents.CoverDetails(DATED, cover.prepared_by, cover.marking, reference="A/1")
    other = {
        documents.report_job(catalogue, doc, c).key
        for c in (letter, symbol, documents.CoverDetails(DATED))
    }
    assert key not in other and len(other) == 3
    assert documents.brief_job(catalogue, doc, cover).key not in other | {key}


def test_the_shared_chart_is_plain_svg_with_a_text_alternative(pdf_app, catalogue, doc):
    report = printable.bounded_report(catalogue, doc)
    svg = render_template_string(
        "{% from '_criteria_chart.html' import criteria_chart %}{{ criteria_chart(report) }}",
        report=report,
    )
    assert svg.lstrip().startswith("<svg") and "<title" in svg and "<desc" in svg
    assert "<script" not in svg and "style=" not in svg and "href" not in svg
    for section in report.sections:
        assert svg.count(f">{section.score.title}</text>") == 1
    assert report.band.colour in svg


def test_comparison_report_sets_assessments_side_by_side(catalogue, doc, cover):
    other = read_document(catalogue, (ROOT / "examples" / "unannounced_approach.json").read_bytes())
    outcome = worker.render(
        documents.comparison_job(catalogue, [(doc, cover), (other, cover)], "a4").build()
    )
    text = pdf_text(outcome.pdf)
    assert "Comparison of 2 assessments" in text
    assert doc.activity.title in text and other.activity.title in text
    for heading in ("Overall result", "Band changes", "Red lines", "Answers that differ"):
        assert heading in text
    assert outcome.requested == (fetcher.STATIC_BASE + "css/print.css",)


def test_blank_questionnaire_has_the_kinds_questions_as_tick_boxes_on_letter(catalogue):
    outcome = worker.render(documents.blank_job(catalogue, ["launch"], "letter").build())
    reader = PdfReader(io.BytesIO(outcome.pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    text = pdf_text(outcome.pdf)
    asked = catalogue.applicable_questions(["launch"])
    for _, question in asked[:10]:
        assert question.text[:60] in text
    not_asked = [q for _, q in catalogue.questions() if not q.applies(["launch"])]
    assert not_asked and all(q.text[:60] not in text for q in not_asked)
    assert "Unknown / not public" in text and "Justification".upper() in text


def test_the_cli_writes_the_report_of_an_exchange_file(pdf_app, doc, tmp_path):
    out = tmp_path / "report.pdf"
    result = pdf_app.test_cli_runner().invoke(args=["assess", str(EXAMPLE), "--pdf", str(out)])
    assert result.exit_code == 0, result.output
    assert extract_document_json(out.read_bytes()) == dump_document(doc).encode("utf-8")
