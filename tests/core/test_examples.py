"""The shipped examples score in the order a panel of experts would put them."""

import pytest

from assessment.catalogue import load_catalogue
from assessment.exchange import read_document
from assessment.results import build_result
from tests.core_helpers import CRITERIA, ROOT

CAT = load_catalogue(CRITERIA)


def result_of(name: str):
    path = ROOT / "examples" / f"{name}.json"
    doc = read_document(CAT, path.read_bytes(), str(path))
    return build_result(CAT, doc.activity, doc.answers)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.json")), ids=lambda p: p.stem)
def test_every_example_is_valid_and_complete(path):
    doc = read_document(CAT, path.read_bytes(), str(path))
    assert build_result(CAT, doc.activity, doc.answers).complete


def test_examples_are_ordered_from_exemplary_to_destructive():
    servicing = result_of("consensual_servicing")
    approach = result_of("unannounced_approach")
    test = result_of("destructive_test")
    assert servicing.overall.band == "responsible"
    assert approach.overall.band in ("serious_concerns", "concerns")
    assert servicing.overall.score > approach.overall.score > test.overall.score
    assert CAT.band_rank(test.overall.band) > CAT.band_rank(approach.overall.band)


def test_the_destructive_test_crosses_a_red_line_and_is_capped():
    test = result_of("destructive_test")
    assert test.red_lines, "a long-lived-debris test must cross a red line"
    assert test.overall.band == "irresponsible"
    assert test.overall.high < CAT.band("serious_concerns").min


def test_consensual_servicing_crosses_no_red_line():
    assert result_of("consensual_servicing").red_lines == ()
