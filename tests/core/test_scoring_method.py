"""The documented method, case by case, on the small test catalogue."""

import pytest

from assessment.catalogue import load_catalogue
from assessment.inputs import Activity, Answer
from assessment.results import build_result
from assessment.scoring import score
from tests.core_helpers import MINI

CAT = load_catalogue(MINI)
LAUNCH = ("launch",)
BOTH = ("launch", "destructive_test")


def test_criterion_score_is_the_weighted_mean_of_option_scores():
    card = score(CAT, LAUNCH, {"notified": Answer(option="yes"), "registered": Answer(option="no")})
    surprise = card.criteria[0]
    # notified (weight 1) scores 1.0, registered (weight 2) scores 0.0
    assert surprise.score == pytest.approx(100 / 3)


def test_not_applicable_leaves_the_denominator():
    answers = {"notified": Answer(option="partly"), "registered": Answer(option="not_applicable")}
    card = score(CAT, LAUNCH, answers)
    assert card.criteria[0].score == pytest.approx(50)
    assert card.criteria[0].low == card.criteria[0].high == pytest.approx(50)


def test_unknown_widens_the_range_and_lowers_confidence():
    official = Answer(option="yes", evidence="official_record")
    known = score(CAT, LAUNCH, {"notified": official, "registered": official})
    unknown = score(CAT, LAUNCH, {"notified": official, "registered": Answer(option="unknown")})
    assert known.overall.low == known.overall.high == pytest.approx(100)
    assert unknown.overall.low == pytest.approx(100 / 3)
    assert unknown.overall.high == pytest.approx(100)
    assert unknown.overall.score == pytest.approx((100 + 2 * 50) / 3)
    assert unknown.overall.confidence < known.overall.confidence


def test_evidence_basis_sets_confidence():
    official = score(CAT, LAUNCH, {"notified": Answer(option="yes", evidence="official_record")})
    assumed = score(CAT, LAUNCH, {"notified": Answer(option="yes", evidence="assumption")})
    assert official.questions[0].confidence == 1.0
    assert assumed.questions[0].confidence == 0.3


def test_questions_that_do_not_apply_are_not_asked():
    card = score(CAT, LAUNCH, {})
    assert [q.question_id for q in card.questions] == ["notified", "registered"]
    assert all(c.criterion_id != "debris_creation" for c in card.criteria)


def test_red_line_caps_score_and_band_and_is_named():
    answers = {
        "notified": Answer(option="yes"),
        "registered": Answer(option="yes"),
        "fragmentation": Answer(option="long_lived"),
    }
    card = score(CAT, BOTH, answers)
    # raw: surprise 100 (w 1), debris 0 (w 1.5) = 40; cap: one point below 'concerns' (50)
    assert card.overall.raw_score == pytest.approx(40)
    assert card.overall.band == "irresponsible"
    assert card.red_lines[0].statement.startswith("Deliberate fragmentation")


def test_cap_applies_even_when_the_rest_is_excellent():
    answers = {"notified": Answer(option="yes"), "fragmentation": Answer(option="long_lived")}
    card = score(CAT, BOTH, {**answers, "registered": Answer(option="yes")})
    assert card.overall.score <= 49


def test_recommendations_are_ranked_by_what_if_gain():
    answers = {
        "notified": Answer(option="partly"),
        "registered": Answer(option="no"),
        "fragmentation": Answer(option="short_lived"),
    }
    result = build_result(CAT, Activity(title="t", actor="a", kinds=BOTH), answers)
    gains = [r.gain for r in result.recommendations]
    assert gains == sorted(gains, reverse=True)
    assert {r.question_id for r in result.recommendations} == set(answers)
    top = result.recommendations[0]
    improved = {
        **answers,
        top.question_id: Answer(option=CAT.question(top.question_id).options[0].id),
    }
    assert score(CAT, BOTH, improved).overall.score - result.overall.score == pytest.approx(
        top.gain
    )


def test_unknown_answers_get_the_catalogue_recommendation():
    result = build_result(
        CAT, Activity(title="t", actor="a", kinds=LAUNCH), {"notified": Answer(option="unknown")}
    )
    assert result.recommendations[0].text == CAT.catalogue.unknown_recommendation
    assert result.unanswered == ("registered",)
    assert not result.complete


def test_under_a_red_line_other_recommendations_rank_by_their_uncapped_gain():
    from assessment.exchange import read_document
    from tests.core_helpers import V1, V1_EXAMPLES

    real = load_catalogue(V1)
    path = V1_EXAMPLES / "destructive_test.json"
    doc = read_document(real, path.read_bytes())
    result = build_result(real, doc.activity, doc.answers)
    assert result.overall.capped
    capped = [r for r in result.recommendations if r.gain == pytest.approx(0)]
    assert len(capped) > 3
    raw_gains = [r.raw_gain for r in capped]
    assert raw_gains == sorted(raw_gains, reverse=True)
    assert raw_gains[0] > 0
