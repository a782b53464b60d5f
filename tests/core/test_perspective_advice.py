"""Recommendations by perspective: a self-assessment addresses the actor and never tells it to
ask the acting State; rating another actor addresses the affected State."""

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from assessment.catalogue import UNKNOWN, load_catalogue
from assessment.inputs import Activity, Answer
from assessment.path import path_to_next_band
from assessment.results import build_result
from tests.core_helpers import CRITERIA

CAT = load_catalogue(CRITERIA)
KINDS = tuple(k.id for k in CAT.activity_kinds)


@st.composite
def assessments(draw, perspective: str):
    kinds = tuple(draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=2, unique=True)))
    answers = {}
    for _, q in CAT.applicable_questions(kinds):
        picks = list(q.answer_ids(perspective))
        answers[q.id] = Answer(option=draw(st.sampled_from(picks)), evidence="official_record")
    phase = draw(st.sampled_from(["proposed", "under_way", "completed"]))
    activity = Activity(title="T", actor="A", perspective=perspective, phase=phase, kinds=kinds)
    return activity, answers


SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


@SETTINGS
@given(case=assessments("own"))
def test_a_self_assessment_never_tells_the_actor_to_ask_the_acting_state(case):
    activity, answers = case
    result = build_result(CAT, activity, answers)
    texts = [r.text for r in result.recommendations]
    texts += [s.text for s in path_to_next_band(CAT, activity, answers).steps]
    assert all("acting State" not in t for t in texts)
    assert all(r.to == "actor" for r in result.recommendations)
    for r in result.recommendations:
        advice = CAT.question(r.question_id).recommendations.get(r.option_id)
        if advice is not None:
            assert r.text == advice.actor


@SETTINGS
@given(case=assessments("other"))
def test_rating_another_actor_tells_the_affected_state_what_to_ask_for(case):
    activity, answers = case
    result = build_result(CAT, activity, answers)
    for r in result.recommendations:
        assert r.to == "affected_state"
        question = CAT.question(r.question_id)
        advice = question.recommendations.get(r.option_id)
        if r.option_id == UNKNOWN and advice is None:
            means = question.recommendations.get(question.unknown_means or "")
            assert r.text in (CAT.unknown_advice("other"), means.affected if means else None)
        elif advice is not None:
            assert r.text == advice.affected


def test_every_recommendation_has_words_for_both_parties():
    for _, question in CAT.questions():
        for advice in question.recommendations.values():
            assert advice.actor and advice.affected
            assert "acting State" not in advice.actor
