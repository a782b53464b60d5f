"""The two-page brief: exactly two pages for every example and for the longest texts allowed,
with the result, red lines, actions and facts; from the CLI, the web and the API."""

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from assessment import printable
from assessment.brief import MAX_ACTIONS, MAX_FACTS, build_brief, group_actions
from assessment.exchange import dump_document, read_document
from assessment.inputs import LIMITS
from assessment.web.pdf import documents, worker
from assessment.web.pdf.attachment import extract_document_json
from tests.pdf.conftest import DATED, ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def pages_and_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text.replace(printable.ZWSP, ""))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_brief_is_two_pages_with_result_red_lines_actions_and_facts(catalogue, path):
    doc = read_document(catalogue, path.read_bytes(), path.name)
    cover = documents.CoverDetails(DATED, marking="For official use only", reference="DR/1")
    outcome = worker.render(documents.brief_job(catalogue, doc, cover).build())
    pages, text = pages_and_text(outcome.pdf)
    assert pages == 2
    report = printable.bounded_report(catalogue, doc)
    brief = build_brief(report)
    assert report.headline_label in text and f"{report.result.overall.score:.0f}/100" in text
    assert "DR/1" in text and "FOR OFFICIAL USE ONLY" in text
    for hit in report.result.red_lines[:4]:
        assert hit.statement in text
    assert 1 <= len(brief.actions) <= MAX_ACTIONS
    for action in brief.actions:
        assert action.text[:40] in text
    for fact in brief.facts:
        assert fact.line.question.text[:40] in text
    # The brief carries the assessment like the report, so it imports back.
    assert extract_document_json(outcome.pdf) == dump_document(doc).encode("utf-8")


def test_the_brief_stays_two_pages_with_the_longest_texts_allowed(catalogue, doc):
    long = {name: ("Lorem ipsum dolor sit amet, " * 200)[: LIMITS[name]] for name in LIMITS}
    activity = doc.activity.model_copy(
        update={k: long[k] for k in ("title", "actor", "timeframe", "objects", "description")}
    )
    answers = {
        qid: a.model_copy(update={"justification": long["justification"]})
        for qid, a in doc.answers.items()
    }
    heavy = doc.model_copy(update={"activity": activity, "answers": answers})
    cover = documents.CoverDetails(
        DATED, prepared_by="P" * 200, marking="Restricted " * 10, reference="A/" + "9" * 60
    )
    outcome = worker.render(documents.brief_job(catalogue, heavy, cover).build())
    assert outcome.pages == 2
    assert len(build_brief(printable.bounded_report(catalogue, heavy)).facts) <= MAX_FACTS


def test_actions_with_the_same_text_are_one_action_listing_every_question(catalogue):
    path = ROOT / "examples" / "unannounced_approach.json"
    report = printable.bounded_report(catalogue, read_document(catalogue, path.read_bytes()))
    recs = report.action_plan
    assert len(recs) >= 4
    same = recs[0].text  # three questions calling for one step, as "unknown" answers often do
    recs = (recs[0], replace(recs[1], text=same), *recs[2:3], replace(recs[3], text=same))
    plan = group_actions(recs)
    assert [len(a.recommendations) for a in plan] == [3, 1]
    assert plan[0].gain == recs[0].gain and plan[0].text == same
    numbers = build_brief(report).numbers_of(plan[0])
    assert numbers.count(",") == 1 and " and " in numbers


def test_the_cli_writes_the_brief(pdf_app, tmp_path):
    out = tmp_path / "brief.pdf"
    path = ROOT / "examples" / "consensual_servicing.json"
    args = ["assess", str(path), "--brief", str(out), "--marking", "Restricted"]
    result = pdf_app.test_cli_runner().invoke(args=[*args, "--reference", "DR/2026/7"])
    assert result.exit_code == 0, result.output
    pages, text = pages_and_text(out.read_bytes())
    assert pages == 2 and "DR/2026/7" in text and "RESTRICTED" in text
