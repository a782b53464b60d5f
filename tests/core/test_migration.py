"""Catalogue versions: 1.0.0 stays loadable and its answers move to 2.0.0 by the mapping in
data, with every change listed."""

import pytest

from assessment.exchange import check_document, read_document
from assessment.migration import ASK_AGAIN, MappingError, describe, migrate, parse_mapping
from assessment.versions import KNOWN_VERSIONS, load_library
from tests.core_helpers import ROOT, V1_EXAMPLES

LIB = load_library(ROOT)
OLD, NEW = LIB.get("1.0.0"), LIB.current
MAPPING = LIB.mapping("1.0.0", "2.0.0")


def test_the_registry_knows_both_versions():
    assert set(KNOWN_VERSIONS) == {"1.0.0", "2.0.0"}
    assert OLD is not None and NEW.version == "2.0.0" and MAPPING is not None


@pytest.mark.parametrize("path", sorted(V1_EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_migrated_answers_fit_2_0_0_and_every_answer_is_accounted_for(path):
    doc = read_document(OLD, path.read_bytes())
    mig = migrate(OLD, NEW, MAPPING, doc.activity, doc.answers)
    moved = doc.model_copy(
        update={
            "answers": mig.answers,
            "catalogue": doc.catalogue.model_copy(update={"version": "2.0.0"}),
        }
    )
    assert check_document(NEW, moved) == []
    assert {c.old_question for c in mig.changes if c.old_question} == set(doc.answers)
    applicable = {q.id for _, q in NEW.applicable_questions(doc.activity.kinds)}
    assert set(mig.to_ask) | set(mig.answers) >= applicable


def test_an_old_option_with_no_safe_equivalent_is_asked_again():
    doc = read_document(OLD, (V1_EXAMPLES / "unannounced_approach.json").read_bytes())
    mig = migrate(OLD, NEW, MAPPING, doc.activity, doc.answers)
    kinds = {c.old_question: c.kind for c in mig.changes if c.old_question}
    assert kinds["hostile_signalling"] == "dropped"
    assert "shadowing" not in mig.answers or mig.answers["shadowing"].option == "serial"


def test_a_mapping_to_a_missing_option_is_refused():
    text = (ROOT / "catalogues" / "1.0.0-to-2.0.0.yaml").read_text()
    broken = text.replace("no_interference: no_interference", "no_interference: silence", 1)
    with pytest.raises(MappingError) as caught:
        parse_mapping(broken, OLD, NEW, "m.yaml")
    assert any("'silence' not allowed" in p.message for p in caught.value.problems)


def test_describe_lists_every_old_question_and_every_new_one():
    lines = describe(OLD, NEW, MAPPING)
    for _, question in OLD.questions():
        assert any(line.startswith(question.id) for line in lines), question.id
    assert any("deliberate_destruction" in line for line in lines)
    assert any("ask again" in line for line in lines)
    assert ASK_AGAIN == "ask_again"
