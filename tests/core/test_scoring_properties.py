"""Properties of the scoring engine, proved over random activities and answers (hypothesis)."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.catalogue import NOT_APPLICABLE, UNKNOWN, Catalogue, load_catalogue
from assessment.inputs import Activity, Answer
from assessment.results import build_result
from assessment.scoring import score
from tests.core_helpers import MINI, V1

# Method 1.0 properties, on the catalogue that uses it; method 2.0 in test_scoring_v2_properties.
CATALOGUES = {"real": load_catalogue(V1), "mini": load_catalogue(MINI)}
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def choices(question) -> list[str | None]:
    picks: list[str | None] = [o.id for o in question.options] + [None]
    if question.allow_unknown:
        picks.append(UNKNOWN)
    if question.allow_not_applicable:
        picks.append(NOT_APPLICABLE)
    return picks


@st.composite
def scenario(draw, cat: Catalogue):
    kinds = draw(
        st.lists(st.sampled_from([k.id for k in cat.activity_kinds]), min_size=1, unique=True)
    )
    answers = {}
    evidence = [e.id for e in cat.evidence_bases] + [None]
    for _, question in cat.applicable_questions(kinds):
        pick = draw(st.sampled_from(choices(question)))
        if pick is not None:
            answers[question.id] = Answer(option=pick, evidence=draw(st.sampled_from(evidence)))
    return tuple(kinds), answers


def both(test):
    return pytest.mark.parametrize("name", sorted(CATALOGUES))(test)


@both
@PROPERTY_SETTINGS
@given(data=st.data())
def test_scores_stay_between_0_and_100_and_inside_their_range(name, data):
    cat = CATALOGUES[name]
    kinds, answers = data.draw(scenario(cat))
    card = score(cat, kinds, answers)
    overall = card.overall
    assert 0 <= overall.low <= overall.score <= overall.high <= 100
    assert 0 <= overall.confidence <= 1
    for c in card.criteria:
        if c.score is not None:
            assert 0 <= c.low <= c.score <= c.high <= 100


@both
@PROPERTY_SETTINGS
@given(data=st.data())
def test_improving_one_answer_never_lowers_its_criterion_or_the_overall(name, data):
    cat = CATALOGUES[name]
    kinds, answers = data.draw(scenario(cat))
    answered = [
        (qid, a) for qid, a in answers.items() if cat.question(qid).option(a.option) is not None
    ]
    if not answered:
        return
    qid, answer = data.draw(st.sampled_from(answered))
    question = cat.question(qid)
    current = question.option(answer.option).score
    better = [o for o in question.options if o.score >= current]
    target = data.draw(st.sampled_from(better))
    improved = {**answers, qid: Answer(option=target.id, evidence=answer.evidence)}
    before, after = score(cat, kinds, answers), score(cat, kinds, improved)
    criterion = next(c for c, q in cat.questions() if q.id == qid).id

    def criterion_score(card):
        return next(c.score for c in card.criteria if c.criterion_id == criterion)

    assert criterion_score(after) >= criterion_score(before) - 1e-9
    assert after.overall.score >= before.overall.score - 1e-9
    assert cat.band_rank(after.overall.band) <= cat.band_rank(before.overall.band)


@both
@PROPERTY_SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**32))
def test_the_order_of_answers_does_not_matter(name, data, seed):
    cat = CATALOGUES[name]
    kinds, answers = data.draw(scenario(cat))
    items = list(answers.items())
    random.Random(seed).shuffle(items)
    shuffled_kinds = list(kinds)
    random.Random(seed).shuffle(shuffled_kinds)
    activity = Activity(title="t", actor="a", kinds=kinds)
    shuffled = Activity(title="t", actor="a", kinds=tuple(shuffled_kinds))
    assert build_result(cat, activity, answers) == build_result(cat, shuffled, dict(items))


@both
@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_red_line_always_caps_the_band(name, data):
    cat = CATALOGUES[name]
    red = [(q, r) for _, q in cat.questions() for r in q.red_lines]
    question, red_line = data.draw(st.sampled_from(red))
    kinds, answers = data.draw(scenario(cat))
    kinds = tuple(sorted(set(kinds) | set(k for k in question.applies_to if k != "all")))
    answers = {**answers, question.id: Answer(option=red_line.option)}
    card = score(cat, kinds, answers)
    assert cat.band_rank(card.overall.band) >= cat.band_rank(red_line.cap)
    assert card.overall.high < cat.bands[cat.band_rank(red_line.cap) - 1].min
    assert any(h.question_id == question.id for h in card.red_lines)


def test_best_answers_everywhere_reach_the_top_band():
    cat = CATALOGUES["real"]
    for kind in cat.activity_kinds:
        answers = {
            q.id: Answer(
                option=max(q.options, key=lambda o: o.score).id, evidence="official_record"
            )
            for _, q in cat.applicable_questions([kind.id])
        }
        card = score(cat, [kind.id], answers)
        assert card.overall.score == pytest.approx(100)
        assert card.overall.band == cat.bands[0].id
        assert card.overall.confidence == pytest.approx(1)


@both
@PROPERTY_SETTINGS
@given(data=st.data())
def test_each_recommendation_gain_equals_rescoring_with_that_answer_at_its_best(name, data):
    cat = CATALOGUES[name]
    kinds, answers = data.draw(scenario(cat))
    result = build_result(cat, Activity(title="t", actor="a", kinds=kinds), answers)
    for rec in result.recommendations:
        assert rec.gain >= -1e-9
        best = max(cat.question(rec.question_id).options, key=lambda o: o.score)
        improved = {**answers, rec.question_id: Answer(option=best.id)}
        rescored = score(cat, kinds, improved).overall.score
        assert rescored - result.overall.score == pytest.approx(rec.gain, abs=1e-6)
