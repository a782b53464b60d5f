"""The shipped examples score in the order a panel of experts would put them, and the cases
method 1.0 got wrong now land where conduct puts them."""

import pytest

from assessment.catalogue import load_catalogue
from assessment.exchange import read_document
from assessment.results import build_result
from tests.core_helpers import CRITERIA, ROOT, V1, V1_EXAMPLES

CAT = load_catalogue(CRITERIA)
OLD = load_catalogue(V1)


def result_of(name: str):
    path = ROOT / "examples" / f"{name}.json"
    doc = read_document(CAT, path.read_bytes(), str(path))
    return build_result(CAT, doc.activity, doc.answers)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.json")), ids=lambda p: p.stem)
def test_every_example_is_valid_complete_and_phased(path):
    doc = read_document(CAT, path.read_bytes(), str(path))
    assert doc.catalogue.version == "2.0.0" and doc.activity.phase is not None
    assert build_result(CAT, doc.activity, doc.answers).complete


@pytest.mark.parametrize(
    ("name", "headline"),
    [
        ("consensual_servicing", "responsible"),
        ("constellation_launch", "responsible"),
        ("serial_shadowing_paperwork", "serious_concerns"),
        ("notified_jamming", "serious_concerns"),
        ("co_orbital_destructive_test", "irresponsible"),
        ("destructive_test", "irresponsible"),
        # Two unknown facts could each cross a harsher red line (unsafe approach; interference
        # with safety services): missing facts never flatter, so the headline stays open.
        ("unannounced_approach", "insufficient_information"),
    ],
)
def test_each_example_gets_its_expert_band(name, headline):
    assert result_of(name).overall.headline == headline


def test_an_open_headline_names_the_bands_between_which_the_facts_leave_it():
    overall = result_of("unannounced_approach").overall
    assert {overall.band_low, overall.band_high} == {"irresponsible", "serious_concerns"}


def test_examples_are_ordered_from_exemplary_to_destructive():
    order = [
        "consensual_servicing",
        "constellation_launch",
        "serial_shadowing_paperwork",
        "unannounced_approach",
        "destructive_test",
    ]
    scores = [result_of(n).overall.score for n in order]
    assert scores == sorted(scores, reverse=True)


def test_paperwork_cannot_buy_back_conduct():
    """Near-perfect transparency beside conduct that crosses red lines: the band stays low."""
    for name in ("serial_shadowing_paperwork", "notified_jamming", "co_orbital_destructive_test"):
        overall = result_of(name).overall
        assert overall.transparency is not None and overall.transparency > 75
        assert CAT.band_rank(overall.band) >= CAT.band_rank("serious_concerns")


def test_destruction_is_a_red_line_whatever_the_weapon():
    co_orbital = result_of("co_orbital_destructive_test")
    assert {h.question_id for h in co_orbital.red_lines} >= {"deliberate_destruction"}


def test_the_destructive_test_crosses_a_red_line_and_is_capped_in_order():
    test = result_of("destructive_test")
    co_orbital = result_of("co_orbital_destructive_test")
    assert test.overall.band == co_orbital.overall.band == "irresponsible"
    assert test.overall.high < CAT.band("serious_concerns").min
    # two different capped tests do not tie: the cap keeps their uncapped order
    assert (test.overall.raw_score < co_orbital.overall.raw_score) == (
        test.overall.score < co_orbital.overall.score
    )
    assert test.overall.score != co_orbital.overall.score


def test_a_completed_destruction_is_said_to_be_done_and_never_offered_as_a_gain():
    test = result_of("destructive_test")
    done = {r.question_id for r in test.cannot_change}
    assert {"deliberate_destruction", "fragment_lifetime"} <= done
    assert all(r.gain == 0 and r.raw_gain == 0 for r in test.cannot_change)
    assert all(r.question_id not in done for r in test.action_plan)
    assert all(r.gain >= 0.05 or r.raw_gain >= 0.05 for r in test.action_plan)


def test_rating_another_actor_addresses_the_affected_state():
    approach = result_of("unannounced_approach")
    assert approach.recommendations and all(
        r.to == "affected_state" for r in approach.recommendations
    )
    servicing = result_of("consensual_servicing")
    assert all(r.to == "actor" for r in servicing.recommendations)


def test_unknown_facts_flag_a_possible_red_line():
    approach = result_of("unannounced_approach")
    assert {h.question_id for h in approach.possible_red_lines} >= {"harmful_interference"}


def test_consensual_servicing_crosses_no_red_line():
    assert result_of("consensual_servicing").red_lines == ()


@pytest.mark.parametrize("path", sorted(V1_EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_files_answered_on_1_0_0_still_open_with_their_original_result(path):
    doc = read_document(OLD, path.read_bytes(), str(path))
    result = build_result(OLD, doc.activity, doc.answers)
    assert result.catalogue_version == "1.0.0" and result.overall.method == 1
    assert result.complete


def report_of(name: str):
    from assessment.report import build_report

    path = ROOT / "examples" / f"{name}.json"
    doc = read_document(CAT, path.read_bytes(), str(path))
    return build_report(CAT, doc.activity, doc.answers)


def test_the_report_carries_headline_transparency_context_phase_and_norm_texts():
    report = report_of("destructive_test")
    assert report.headline is not None and report.headline_label == "Irresponsible"
    assert report.phase == "Completed"
    assert report.transparency is not None
    context = {line.question.id for line in report.context}
    assert {"res_77_41_vote", "treaty_status"} <= context
    assert all(line.answer for line in report.context)
    cited = {n for r in report.result.recommendations for n in r.norms}
    assert cited and {n.id for n in report.norms} == cited
    assert all(n.text for n in report.norms)
    assert report.top_recommendations == report.action_plan[:3]


def test_a_report_with_too_little_known_says_insufficient_information():
    from assessment.inputs import Answer
    from assessment.report import build_report

    path = ROOT / "examples" / "unannounced_approach.json"
    doc = read_document(CAT, path.read_bytes(), str(path))
    guessed = {q: a.model_copy(update={"evidence": "assumption"}) for q, a in doc.answers.items()}
    report = build_report(CAT, doc.activity, guessed)
    assert report.headline is None and report.headline_label == "Insufficient information"
    low, high = report.band_range
    assert CAT.band_rank(low.id) >= CAT.band_rank(high.id)
    unknown = {q: Answer(option="unknown") for q in doc.answers}
    lines = [line for s in build_report(CAT, doc.activity, unknown).sections for line in s.answers]
    assert any(line.counts_as for line in lines if line.axis == "transparency")
