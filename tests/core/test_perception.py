"""Perception gaps between two readings of one activity, and the consultation agenda."""

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from assessment.catalogue import NOT_APPLICABLE, UNKNOWN, Catalogue, Question, load_catalogue
from assessment.inputs import Activity, Answer
from assessment.perception import (
    Reading,
    SideAnswer,
    channels_for,
    classify,
    compare,
    same_facts,
    scorecard,
)
from tests.core_helpers import CRITERIA

CAT = load_catalogue(CRITERIA)
SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking a pair takes minutes
)
KINDS = tuple(k.id for k in CAT.activity_kinds)


def activity(kinds: tuple[str, ...], perspective: str = "other") -> Activity:
    return Activity(title="Test activity", actor="State A", perspective=perspective, kinds=kinds)


def best(question: Question) -> str:
    return max(question.options, key=lambda o: o.score).id


def worst(question: Question) -> str:
    return min(question.options, key=lambda o: o.score).id


def all_best(cat: Catalogue, kinds: tuple[str, ...]) -> dict[str, Answer]:
    return {
        q.id: Answer(
            option=NOT_APPLICABLE if q.allow_not_applicable else best(q),
            evidence="official_record",
            justification="Record.",
        )
        for _, q in cat.applicable_questions(kinds)
    }


def side(option: str | None, evidence: str | None = None, text: str = "") -> SideAnswer:
    return SideAnswer(option, option or "", evidence, text, True)


def red_line_question() -> Question:
    return next(q for _, q in CAT.questions() if q.red_lines and "all" in q.applies_to)


def plain_question() -> Question:
    """A question with three options or more, no red line and no 'not disclosed' option."""
    return next(
        q
        for _, q in CAT.questions()
        if len(q.options) >= 3 and not q.red_lines and not q.unknown_means
    )


# --- classification -------------------------------------------------------------------------


def test_same_option_is_agreement_and_unknown_on_either_side_is_an_information_gap():
    q = plain_question()
    a, b = q.options[0].id, q.options[1].id
    assert classify(q, side(a), side(a)) == "agreement"
    assert classify(q, side(NOT_APPLICABLE), side(NOT_APPLICABLE)) == "agreement"
    assert classify(q, side(a), side(UNKNOWN)) == "information_gap"
    assert classify(q, side(None), side(b)) == "information_gap"
    assert classify(q, side(UNKNOWN), side(UNKNOWN)) == "information_gap"


def test_not_disclosed_option_is_an_information_gap():
    q = next(q for _, q in CAT.questions() if q.unknown_means)
    undisclosed = q.unknown_means
    other = next(o.id for o in q.options if o.id != undisclosed)
    assert classify(q, side(other, "official_record"), side(undisclosed)) == "information_gap"
    assert classify(q, side(undisclosed), side(undisclosed)) == "agreement"


def test_different_options_on_different_facts_is_a_factual_disagreement():
    q = plain_question()
    a, b = q.options[0].id, q.options[-1].id
    ours = side(a, "official_record", "Notified in note verbale A/AC.105/1290 of 3 May.")
    theirs = side(b, "observed_data", "Our radar saw the object close in at 2 km.")
    assert classify(q, ours, theirs) == "factual_disagreement"


def test_different_options_on_the_same_cited_document_is_a_reading_disagreement():
    q = plain_question()
    a, b = q.options[0].id, q.options[-1].id
    ours = side(a, "official_record", "Our notification A/AC.105/1290 named the window.")
    theirs = side(b, "public_statement", "A/AC.105/1290 gives only a hazard area, not the orbit.")
    assert classify(q, ours, theirs) == "reading_disagreement"
    # the same basis described in largely the same words is the same facts, read differently
    ours = side(a, "observed_data", "Tracking shows the approach stopped at 4 km for two days.")
    theirs = side(b, "observed_data", "Tracking shows the approach stopped at 4 km for three days.")
    assert classify(q, ours, theirs) == "reading_disagreement"


def test_object_names_and_dates_are_not_shared_sources():
    ours = side("x", "official_record", "Object 2031-045A was notified on 2031-03-12.")
    theirs = side("y", "observed_data", "2031-045A manoeuvred on 2031-03-12 without notice.")
    assert not same_facts(ours, theirs)


# --- comparison ---------------------------------------------------------------------------------


def test_a_reading_held_against_itself_has_no_gap_and_no_agenda():
    kinds = (KINDS[0],)
    reading = Reading(activity(kinds), all_best(CAT, kinds))
    result = compare(CAT, reading, reading)
    assert {q.gap for q in result.questions} == {"agreement"}
    assert result.agenda == ()
    assert result.overall.score_gap == 0 and result.overall.band_gap == 0
    assert all(c.gap == 0 for c in result.criteria if c.ours is not None)


def test_the_red_line_the_sides_disagree_on_heads_the_agenda():
    """The acting State says it did nothing wrong; the affected State says a red line was
    crossed. That is what a diplomat raises first, ahead of many small disagreements."""
    q = red_line_question()
    kinds = (KINDS[0],)
    ours = all_best(CAT, kinds)
    theirs = dict(ours)
    theirs[q.id] = Answer(option=q.red_lines[0].option, evidence="observed_data")
    for _, other in CAT.applicable_questions(kinds)[:12]:
        if other.id != q.id and not other.red_lines and len(other.options) > 1:
            second = sorted(other.options, key=lambda o: -o.score)[1].id
            theirs[other.id] = Answer(option=second, evidence="expert_analysis")
    result = compare(CAT, Reading(activity(kinds, "own"), ours), Reading(activity(kinds), theirs))
    assert result.agenda[0].question_id == q.id
    assert result.agenda[0].bands_moved >= 1
    assert result.question(q.id).gap == "factual_disagreement"
    assert result.overall.band_gap >= 1


def test_agenda_items_carry_the_catalogue_measure_and_channels():
    kinds = (KINDS[0],)
    ours = all_best(CAT, kinds)
    theirs = {qid: Answer(option=UNKNOWN) for qid in ours}
    result = compare(CAT, Reading(activity(kinds), ours), Reading(activity(kinds), theirs))
    assert result.agenda
    for item in result.agenda:
        question = CAT.question(item.question_id)
        assert item.measure == question.measure
        assert item.channels == channels_for(CAT, question)
        if item.figure != "context":
            assert item.measure and item.channels
        assert item.gain == max(item.gain_ours, item.gain_theirs)


def test_activity_kinds_that_differ_make_an_information_gap_not_an_error():
    ours_kinds, theirs_kinds = (KINDS[0],), (KINDS[0], KINDS[1])
    ours = Reading(activity(ours_kinds), all_best(CAT, ours_kinds))
    theirs = Reading(activity(theirs_kinds), all_best(CAT, theirs_kinds))
    result = compare(CAT, ours, theirs)
    only_theirs = {q.id for _, q in CAT.applicable_questions(theirs_kinds)} - {
        q.id for _, q in CAT.applicable_questions(ours_kinds)
    }
    for qid in only_theirs:
        gap = result.question(qid)
        assert gap is not None and not gap.ours.asked and gap.gap == "information_gap"


# --- properties -------------------------------------------------------------------------------


def choices(question: Question) -> list[str | None]:
    picks: list[str | None] = [o.id for o in question.options] + [None]
    if question.allow_unknown:
        picks.append(UNKNOWN)
    if question.allow_not_applicable:
        picks.append(NOT_APPLICABLE)
    return picks


TEXTS = ["", "Record A/AC.105/1290.", "Seen on radar.", "Seen on radar, twice."]


@st.composite
def readings(draw) -> tuple[Reading, Reading]:
    kinds = tuple(draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=2, unique=True)))
    evidence = [e.id for e in CAT.evidence_bases] + [None]
    sides = []
    for perspective in ("own", "other"):
        answers = {}
        for _, q in CAT.applicable_questions(kinds):
            pick = draw(st.sampled_from(choices(q)))
            if pick is not None:
                answers[q.id] = Answer(
                    option=pick,
                    evidence=draw(st.sampled_from(evidence)),
                    justification=draw(st.sampled_from(TEXTS)),
                )
        sides.append(Reading(activity(kinds, perspective), answers))
    return sides[0], sides[1]


@SETTINGS
@given(pair=readings())
def test_swapping_the_sides_swaps_the_labels_and_nothing_else(pair):
    ours, theirs = pair
    forward, backward = compare(CAT, ours, theirs), compare(CAT, theirs, ours)
    assert forward.agenda == tuple(
        replace(i, gain_ours=i.gain_theirs, gain_theirs=i.gain_ours) for i in backward.agenda
    )
    assert [(q.question_id, q.gap, q.ours, q.theirs) for q in forward.questions] == [
        (q.question_id, q.gap, q.theirs, q.ours) for q in backward.questions
    ]
    assert [(c.criterion_id, c.ours, c.theirs) for c in forward.criteria] == [
        (c.criterion_id, c.theirs, c.ours) for c in backward.criteria
    ]
    assert forward.overall.ours == backward.overall.theirs
    assert forward.overall.score_gap == backward.overall.score_gap
    assert forward.overall.band_gap == backward.overall.band_gap
    assert (forward.kinds_ours, forward.kinds_theirs) == (
        backward.kinds_theirs,
        backward.kinds_ours,
    )


@SETTINGS
@given(pair=readings())
def test_same_input_same_output_and_the_agenda_lists_every_gap_once(pair):
    ours, theirs = pair
    first, second = compare(CAT, ours, theirs), compare(CAT, ours, theirs)
    assert first == second
    gaps = [q.question_id for q in first.questions if q.gap != "agreement"]
    assert sorted(i.question_id for i in first.agenda) == sorted(gaps)
    assert first.overall.ours.score == pytest.approx(scorecard(CAT, ours).overall.score)
    keys = [(-i.bands_moved, i.gain) for i in first.agenda]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)


def test_channels_come_from_the_norms_the_recommendations_cite():
    interference = channels_for(CAT, CAT.question("harmful_interference"))
    assert "itu" in interference and "art_ix_consultation" in interference
    assert "itu" not in channels_for(CAT, CAT.question("registration"))
    assert "copuos" in channels_for(CAT, CAT.question("disposal"))


PAIRS = CRITERIA.parent / "examples" / "pairs"


def read(name: str) -> Reading:
    from assessment.exchange import read_document

    doc = read_document(CAT, (PAIRS / f"{name}.json").read_bytes(), name)
    return Reading(doc.activity, doc.answers)


def test_sentinel_k_pair_puts_consent_and_shadowing_first():
    """Castrea says it announced the relocation and held one position; Aurelia says it was
    approached unannounced by a satellite that had shadowed others. Consent and shadowing are
    what Aurelia's delegation raises first; both sides cite the same note verbale on
    consultations, which is a disagreement about how to read it."""
    result = compare(CAT, read("sentinel_k_acting_state"), read("sentinel_k_affected_state"))
    assert [i.question_id for i in result.agenda[:2]] == ["approach_consent", "shadowing"]
    assert all(i.bands_moved >= 1 for i in result.agenda[:2])
    assert result.question("consultations").gap == "reading_disagreement"
    assert result.question("notice_lead_time").gap == "information_gap"
    assert result.overall.band_gap == 2  # her unknowns count at their worst (method 2.0)
