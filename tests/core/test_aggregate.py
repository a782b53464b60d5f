"""The room's aggregates: distributions, divergence, score spreads, the reference."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.aggregate import (
    MIN_GROUP,
    disagreement,
    distribution,
    histogram,
    normalised_entropy,
    question_stats,
    summarise,
)
from assessment.catalogue import load_catalogue

CATALOGUE = load_catalogue("catalogues/1.0.0.yaml")  # aggregates do not depend on the version
KINDS = ("launch",)


def test_distribution_counts_in_option_order_and_skips_unanswered():
    dist = distribution(["a", "b", "c"], ["b", "a", "b", None, "zz"])
    assert dist.counts == (1, 2, 0) and dist.total == 3
    assert dist.share("b") == pytest.approx(2 / 3) and dist.modal() == ("b",)
    assert distribution(["a", "b"], []).modal() == ()


def test_entropy_is_zero_for_consensus_and_one_for_an_even_spread():
    assert normalised_entropy([5, 0, 0]) == 0.0
    assert normalised_entropy([2, 2, 2]) == pytest.approx(1.0)
    assert normalised_entropy([1, 1, 0, 0]) == pytest.approx(0.5)  # ln 2 / ln 4
    assert normalised_entropy([]) == normalised_entropy([0, 0]) == 0.0


def test_disagreement_is_the_share_outside_the_majority():
    assert disagreement([6, 3, 1]) == pytest.approx(0.4)
    assert disagreement([0, 0]) == 0.0


def test_histogram_puts_100_in_the_last_bin():
    assert histogram([0, 9.99, 10, 55, 100]) == (2, 1, 0, 0, 0, 1, 0, 0, 0, 1)


def test_most_contested_question_comes_first_with_agreement_to_reference():
    responses = [
        {"advance_notification": o, "notification_detail": "complete"}
        for o in ("full_30_days", "last_minute", "not_notified", "after_the_fact")
    ]
    reference = {"advance_notification": "full_30_days", "notification_detail": "complete"}
    stats = question_stats(CATALOGUE, KINDS, responses, reference)
    assert stats[0].question_id == "advance_notification"
    assert stats[0].agreement == pytest.approx(0.25)
    detail = next(s for s in stats if s.question_id == "notification_detail")
    assert detail.divergence == 0.0 and detail.agreement == 1.0
    unanswered = next(s for s in stats if s.question_id == "treaty_status")
    assert unanswered.agreement is None and unanswered.distribution.total == 0


def test_summary_is_hidden_below_the_minimum_group():
    responses = [{"advance_notification": "full_30_days"}] * (MIN_GROUP - 1)
    summary = summarise(CATALOGUE, KINDS, responses, {})
    assert summary.hidden and summary.questions == () and summary.criteria == ()


def test_score_spreads_match_the_scoring_engine():
    best = {
        q.id: max(q.options, key=lambda o: o.score).id
        for _, q in CATALOGUE.applicable_questions(KINDS)
    }
    worst = {
        q.id: min(q.options, key=lambda o: o.score).id
        for _, q in CATALOGUE.applicable_questions(KINDS)
    }
    summary = summarise(CATALOGUE, KINDS, [best, best, worst], best)
    assert summary.overall.scores.count(100.0) == 2 and summary.overall.reference == 100.0
    assert min(summary.overall.scores) < 20
    assert all(len(c.scores) == 3 for c in summary.criteria)
    assert sum(summary.overall.histogram()) == 3


counts = st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=8)


@given(counts)
def test_divergence_measures_stay_between_zero_and_one(values):
    assert 0.0 <= normalised_entropy(values) <= 1.0
    assert 0.0 <= disagreement(values) <= 1.0


@given(counts, st.permutations(range(8)))
def test_divergence_ignores_option_order_and_room_size(values, order):
    shuffled = [values[i] for i in order if i < len(values)]
    assert normalised_entropy(shuffled) == pytest.approx(normalised_entropy(values))
    doubled = [2 * v for v in values]
    assert normalised_entropy(doubled) == pytest.approx(normalised_entropy(values), abs=1e-9)
    assert math.isclose(disagreement(doubled), disagreement(values), abs_tol=1e-9)


@settings(deadline=None)
@given(
    st.lists(
        st.sampled_from(["full_30_days", "last_minute", "not_notified", "unknown"]),
        min_size=3,
        max_size=40,
    )
)
def test_distribution_total_is_the_number_answered(answers):
    question = CATALOGUE.question("advance_notification")
    responses = [{"advance_notification": a} for a in answers]
    stat = next(
        s for s in question_stats(CATALOGUE, KINDS, responses, {}) if s.question_id == question.id
    )
    assert stat.distribution.total == len(answers)
    assert max(stat.distribution.counts) == max(answers.count(a) for a in set(answers))


def complete_answers(option_of=lambda q: q.options[0].id) -> dict[str, str]:
    return {q.id: option_of(q) for _, q in CATALOGUE.applicable_questions(KINDS)}


def test_a_question_fewer_than_three_answered_has_no_figure_and_is_never_most_contested():
    # Two people answered treaty_status, and differently: without the rule it would top the list.
    responses = [
        {"advance_notification": "full_30_days", "treaty_status": "all_three"},
        {"advance_notification": "full_30_days", "treaty_status": "not_ost"},
        {"advance_notification": "last_minute"},
    ]
    stats = question_stats(CATALOGUE, KINDS, responses, {"treaty_status": "all_three"})
    treaty = next(s for s in stats if s.question_id == "treaty_status")
    assert treaty.answered == 2 and not treaty.shown
    assert treaty.divergence is None and treaty.agreement is None and treaty.modal == ()
    assert stats[0].question_id == "advance_notification" and stats[0].answered == 3
    assert next(s.question_id for s in stats if not s.shown) != "advance_notification"
    assert all(not s.shown for s in stats[stats.index(treaty) :])


def test_figures_are_over_the_answers_given_not_the_submissions():
    responses = [{"advance_notification": "full_30_days"}] * 3 + [{}] * 5
    stat = next(
        s
        for s in question_stats(
            CATALOGUE, KINDS, responses, {"advance_notification": "full_30_days"}
        )
        if s.question_id == "advance_notification"
    )
    assert stat.answered == 3 and stat.agreement == 1.0 and stat.divergence == 0.0


def test_complete_and_partial_submissions_are_told_apart_and_only_complete_ones_are_scored():
    full = complete_answers()
    partial = dict(list(full.items())[:5])
    summary = summarise(CATALOGUE, KINDS, [full, full, full, partial], full)
    assert summary.submitted == 4 and summary.complete == 3 and summary.partial == 1
    assert summary.question_count == len(full)
    assert len(summary.overall.scores) == 3 and summary.scores_shown
    assert sum(n for _, n in summary.bands) == 3
    assert [b for b, _ in summary.bands] == [b.id for b in CATALOGUE.bands]
    few = summarise(CATALOGUE, KINDS, [full, partial, partial], full)
    assert not few.hidden and not few.scores_shown and few.overall.scores == ()


def test_ties_are_reported_as_ties():
    responses = [{"advance_notification": o} for o in ("full_30_days", "last_minute") * 2]
    stat = question_stats(CATALOGUE, KINDS, responses, {})[0]
    assert stat.tied and set(stat.modal) == {"full_30_days", "last_minute"}
    assert stat.modal_count == 2


@settings(deadline=None, max_examples=40)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["advance_notification", "treaty_status", "notification_detail"]),
            st.sampled_from(["full_30_days", "all_three", "complete", "unknown"]),
        ),
        max_size=12,
    )
)
def test_every_figure_rests_on_at_least_three_answers(responses):
    for stat in question_stats(CATALOGUE, KINDS, responses, {"treaty_status": "all_three"}):
        assert stat.answered == sum(
            1 for r in responses if r.get(stat.question_id) in stat.distribution.options
        )
        if stat.divergence is not None or stat.agreement is not None or stat.modal:
            assert stat.answered >= MIN_GROUP


def test_an_answer_set_whose_facts_support_no_band_is_counted_as_such_not_in_a_band():
    """Method 2.0: an unknown fact that could cross a red line leaves a participant's result at
    "insufficient information"; the room's count says so rather than crediting a band. Answers
    rest on the fact sheet, so a complete set of known facts still earns its band."""
    current = load_catalogue("criteria.yaml")
    best = {
        q.id: max(q.options, key=lambda o: o.score).id
        for _, q in current.applicable_questions(KINDS)
    }
    unknown = best | {"deliberate_destruction": "unknown"}
    summary = summarise(current, KINDS, [best, best, unknown], best)
    assert dict(summary.bands) == {
        "responsible": 2,
        "concerns": 0,
        "serious_concerns": 0,
        "irresponsible": 0,
        "insufficient_information": 1,
    }
    plain = summarise(current, KINDS, [best, best, best], best)
    assert "insufficient_information" not in dict(plain.bands)
