"""Scoring a localised catalogue gives exactly the source's result: the same band, figures,
flags, red lines and recommendation ids, whatever the answers; only the texts differ (and
each differing text is the translation of the source's)."""

from dataclasses import asdict

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.catalogue import Catalogue, load_catalogue
from assessment.inputs import Activity, Answer
from assessment.localise import localise
from assessment.path import path_to_next_band
from assessment.results import build_result
from assessment.translation_loader import parse_catalogue_translation
from assessment.translation_template import dump_template
from tests.core_helpers import CRITERIA, V1
from tests.translation_helpers import catalogue_translation, unmarked


def _localised(catalogue: Catalogue, language: str) -> Catalogue:
    text = dump_template(catalogue_translation(catalogue, language))
    return localise(catalogue, parse_catalogue_translation(text, catalogue).translation)


SOURCES = {"2.0.0": load_catalogue(CRITERIA), "1.0.0": load_catalogue(V1)}
LOCALISED = {
    (version, lang): _localised(cat, lang)
    for version, cat in SOURCES.items()
    for lang in ("ar", "zh")
}


@st.composite
def cases(draw):
    version = draw(st.sampled_from(sorted(SOURCES)))
    language = draw(st.sampled_from(["ar", "zh"]))
    source = SOURCES[version]
    kinds = tuple(
        draw(
            st.sets(st.sampled_from([k.id for k in source.activity_kinds]), min_size=1, max_size=3)
        )
    )
    perspective = draw(st.sampled_from(["own", "other"]))
    phase = draw(st.sampled_from([None, "proposed", "under_way", "completed"]))
    evidence = [e.id for e in source.evidence_bases]
    answers = {}
    for _, question in source.applicable_questions(kinds):
        if draw(st.integers(0, 9)) == 0:
            continue  # unanswered: a draft must agree too
        option = draw(st.sampled_from(question.answer_ids(perspective)))
        answers[question.id] = Answer(option=option, evidence=draw(st.sampled_from(evidence)))
    activity = Activity(title="A", actor="B", perspective=perspective, phase=phase, kinds=kinds)
    return version, language, activity, answers


@settings(max_examples=80, deadline=None)
@given(cases())
def test_the_localised_catalogue_scores_exactly_as_the_source(case):
    version, language, activity, answers = case
    source, localised = SOURCES[version], LOCALISED[(version, language)]
    expected = build_result(source, activity, answers)
    got = build_result(localised, activity, answers)
    # figures, bands, flags, red lines and recommendation ids: identical
    assert got.overall == expected.overall
    assert [r.question_id for r in got.red_lines] == [r.question_id for r in expected.red_lines]
    assert [(r.question_id, r.option_id, r.gain) for r in got.recommendations] == [
        (r.question_id, r.option_id, r.gain) for r in expected.recommendations
    ]
    assert got.to_json()["action_plan"] == expected.to_json()["action_plan"]
    # and everything else too, once each translated text is read back as its source
    assert unmarked(asdict(got), language) == unmarked(asdict(expected), language)
    assert asdict(got) != asdict(expected) or not got.criteria  # texts did change


@settings(max_examples=30, deadline=None)
@given(cases())
def test_the_path_to_the_next_band_is_the_same_in_every_language(case):
    version, language, activity, answers = case
    if version != "2.0.0":
        return
    source, localised = SOURCES[version], LOCALISED[(version, language)]
    expected = path_to_next_band(source, activity, answers)
    got = path_to_next_band(localised, activity, answers)
    assert unmarked(asdict(got), language) == unmarked(asdict(expected), language)
