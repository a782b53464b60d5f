"""The path to the next band: fewest still-possible changes, cheapest first, and it works."""

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from assessment.catalogue import NOT_APPLICABLE, UNKNOWN, Question, load_catalogue
from assessment.inputs import Activity, Answer
from assessment.path import path_to_next_band
from assessment.perception import Reading, scorecard
from tests.core_helpers import CRITERIA

CAT = load_catalogue(CRITERIA)
KINDS = tuple(k.id for k in CAT.activity_kinds)
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


def activity(kinds: tuple[str, ...], phase: str | None = None) -> Activity:
    extra = {"phase": phase} if phase and "phase" in Activity.model_fields else {}
    return Activity(title="Test", actor="State A", perspective="own", kinds=kinds, **extra)


def band_rank(act: Activity, answers: dict[str, Answer]) -> int:
    return CAT.band_rank(scorecard(CAT, Reading(act, answers)).overall.band)


def applied(answers: dict[str, Answer], steps) -> dict[str, Answer]:
    return {**answers, **{s.question_id: Answer(option=s.to_option) for s in steps}}


def best(q: Question) -> str:
    return max(q.options, key=lambda o: o.score).id


def exemplary(q: Question) -> str:
    """Nothing to answer for (a fragment lifetime when nothing was fragmented), or the best."""
    return NOT_APPLICABLE if q.allow_not_applicable else best(q)


def test_top_band_has_no_next_band():
    kinds = (KINDS[0],)
    answers = {q.id: Answer(option=exemplary(q)) for _, q in CAT.applicable_questions(kinds)}
    path = path_to_next_band(CAT, activity(kinds, "proposed"), answers)
    assert path.band == CAT.bands[0].id
    assert path.target is None and path.steps == ()


def test_a_proposed_activity_at_its_worst_can_reach_the_next_band():
    kinds = (KINDS[0],)
    answers = {
        q.id: Answer(option=min(q.options, key=lambda o: o.score).id)
        for _, q in CAT.applicable_questions(kinds)
    }
    act = activity(kinds, "proposed")
    path = path_to_next_band(CAT, act, answers)
    assert path.reachable and path.steps
    assert path.target == CAT.bands[CAT.band_rank(path.band) - 1].id
    assert band_rank(act, applied(answers, path.steps)) <= CAT.band_rank(path.target)
    assert [s.climb for s in path.steps] == sorted(s.climb for s in path.steps)
    assert path.score_after == path.steps[-1].score_after


def test_a_harm_already_done_is_never_a_step():
    """In a completed activity, what the catalogue marks as not remediable is not offered."""
    not_remediable = [
        (q, option)
        for _, q in CAT.questions()
        for option, advice in q.recommendations.items()
        if getattr(advice, "remediable", True) is False and not getattr(advice, "ongoing", False)
    ]
    if not not_remediable:
        return  # a catalogue without remediable flags offers every change, as before
    question, option = not_remediable[0]
    kinds = (KINDS[0],) if question.applies((KINDS[0],)) else tuple(question.applies_to)
    answers = {q.id: Answer(option=exemplary(q)) for _, q in CAT.applicable_questions(kinds)}
    answers[question.id] = Answer(option=option, evidence="official_record")
    path = path_to_next_band(CAT, activity(kinds, "completed"), answers)
    assert question.id not in {s.question_id for s in path.steps}
    if path.target is not None and not path.reachable:
        assert question.id in path.blocked_by


@st.composite
def assessments(draw):
    kinds = tuple(draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=2, unique=True)))
    answers = {}
    for _, q in CAT.applicable_questions(kinds):
        picks = [o.id for o in q.options] + ([UNKNOWN] if q.allow_unknown else [])
        answers[q.id] = Answer(option=draw(st.sampled_from(picks)), evidence="official_record")
    phase = draw(st.sampled_from(["proposed", "under_way", "completed"]))
    return activity(kinds, phase), answers


@SETTINGS
@given(case=assessments())
def test_the_path_reaches_its_band_and_every_step_is_needed(case):
    act, answers = case
    path = path_to_next_band(CAT, act, answers)
    assert path == path_to_next_band(CAT, act, answers)
    if not path.reachable:
        assert path.steps == ()
        return
    target = CAT.band_rank(path.target)
    assert band_rank(act, applied(answers, path.steps)) <= target
    for step in path.steps:
        assert step.question_id not in path.blocked_by
        rest = [s for s in path.steps if s is not step]
        assert band_rank(act, applied(answers, rest)) > target
        question = CAT.question(step.question_id)
        assert question.option(step.to_option).score > question.option(step.from_option).score
