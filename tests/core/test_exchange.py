"""Exchange format v1: round trip, and a clear error for each kind of bad document."""

import json

import pytest

from assessment.catalogue import load_catalogue
from assessment.errors import ExchangeError
from assessment.exchange import ExchangeDocument, dump_document, make_document, read_document
from assessment.inputs import Activity, Answer
from tests.core_helpers import MINI

CAT = load_catalogue(MINI)


def document(**changes) -> dict:
    doc = {
        "format": "due-regard/assessment",
        "format_version": 1,
        "catalogue": {"id": "mini", "version": "0.1.0"},
        "activity": {"title": "Test launch", "actor": "Aurelia", "kinds": ["launch"]},
        "answers": {"notified": {"option": "yes", "justification": "HCoC PLN", "evidence": None}},
    }
    doc.update(changes)
    return doc


def problems(doc: dict | str) -> str:
    raw = doc if isinstance(doc, str) else json.dumps(doc)
    with pytest.raises(ExchangeError) as caught:
        read_document(CAT, raw, "in.json")
    return caught.value.describe()


def test_round_trip_gives_identical_bytes():
    activity = Activity(title="Launch <b>x</b>", actor="Aurelia", kinds=("launch",))
    answers = {"registered": Answer(option="partly"), "notified": Answer(option="yes")}
    text = dump_document(make_document(CAT, activity, answers))
    again = read_document(CAT, text)
    assert again.activity == activity
    assert dict(again.answers) == answers
    assert dump_document(again) == text


def test_malformed_json_names_the_line():
    assert "in.json:2: malformed JSON" in problems('{\n  "format": ,\n}')


def test_duplicate_keys_are_refused():
    assert "duplicate key 'answers'" in problems('{"answers": {}, "answers": {}}')


def test_unknown_question():
    doc = document(answers={"teleported": {"option": "yes"}})
    assert "answers.teleported: unknown question 'teleported'" in problems(doc)


def test_option_not_in_question():
    doc = document(answers={"notified": {"option": "maybe"}})
    assert "answers.notified.option: 'maybe' is not an option here" in problems(doc)


def test_wrong_catalogue_id_and_version():
    assert "is not this catalogue" in problems(document(catalogue={"id": "x", "version": "0.1.0"}))
    assert "answered on version 9.9.9" in problems(
        document(catalogue={"id": "mini", "version": "9.9.9"})
    )


def test_answer_to_a_question_that_does_not_apply():
    doc = document(answers={"fragmentation": {"option": "none"}})
    assert "does not apply to the activity's kinds" in problems(doc)


def test_not_applicable_only_where_allowed():
    doc = document(answers={"notified": {"option": "not_applicable"}})
    assert "'not_applicable' is not an option here" in problems(doc)


def test_oversized_field_and_control_characters():
    doc = document(activity={"title": "x" * 201, "actor": "A\u0007", "kinds": ["launch"]})
    message = problems(doc)
    assert "activity.title" in message and "at most 200 characters" in message
    assert "control character" in message


def test_unknown_kind_and_extra_fields():
    extra = document(activity={"title": "t", "actor": "a", "kinds": ["launch"], "colour": "red"})
    assert "activity.colour: Extra inputs are not permitted" in problems(extra)
    warp = document(activity={"title": "t", "actor": "a", "kinds": ["warp"]}, answers={})
    assert "activity.kinds.0: unknown activity kind 'warp'" in problems(warp)


def test_not_an_object_and_deep_nesting():
    assert "must be a JSON object" in problems("[1, 2]")
    nested: list = []
    for _ in range(30):
        nested = [nested]
    assert "nested too deeply" in problems(json.dumps(document(extra=nested)))


def test_documented_json_schema_matches_the_model_and_accepts_the_examples():
    import jsonschema

    from tests.core_helpers import ROOT

    documented = json.loads((ROOT / "docs" / "exchange-schema.json").read_text())
    generated = ExchangeDocument.model_json_schema()
    assert documented["$defs"] == generated["$defs"]
    assert documented["properties"] == generated["properties"]
    for path in (ROOT / "examples").glob("*.json"):
        jsonschema.validate(json.loads(path.read_text()), documented)


def test_format_version_must_be_a_number_not_true():
    assert "format_version must be the number 1 or 2" in problems(document(format_version=True))
    assert "format_version" in problems(document(format_version="1"))
    assert "format_version" in problems(document(format_version=3))


def test_a_lone_surrogate_anywhere_is_a_clear_problem_with_its_path():
    raw = json.dumps(document(answers={"\udc00": {"option": "yes"}}))
    assert '"\\udc00"' in raw  # JSON escapes it; json.loads would give back a lone surrogate
    described = problems(raw)
    assert "answers.\\udc00: not valid Unicode text" in described
    described.encode("utf-8")  # the message itself can be printed and rendered
    activity = {"title": "T", "actor": "\ud800x", "kinds": ["launch"]}
    assert "activity.actor: not valid Unicode" in problems(json.dumps(document(activity=activity)))


def test_report_details_round_trip_in_version_2_and_stay_out_of_version_1():
    activity = Activity(title="Launch", actor="Aurelia", kinds=("launch",))
    answers = {"notified": Answer(option="yes")}
    plain = json.loads(dump_document(make_document(CAT, activity, answers)))
    assert plain["format_version"] == 1
    assert "prepared_by" not in plain and "marking" not in plain
    detailed = make_document(
        CAT, activity, answers, prepared_by="Delegation X", marking="RESTRICTED"
    )
    text = dump_document(detailed)
    assert json.loads(text)["format_version"] == 2
    again = read_document(CAT, text)
    assert (again.prepared_by, again.marking) == ("Delegation X", "RESTRICTED")
    v1_with_details = document(prepared_by="Delegation X")
    assert "prepared_by and marking need format_version 2" in problems(v1_with_details)
    assert read_document(CAT, json.dumps(document(format_version=2))).prepared_by == ""
