"""The loader accepts the real catalogue and rejects each kind of malformed file, saying where."""

import copy

import pytest

from assessment.catalogue import load_catalogue, parse_catalogue
from assessment.errors import CatalogueError
from tests.core_helpers import CRITERIA, MINI, V1, dump, mini_data


def errors_for(text: str) -> str:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "broken.yaml")
    return caught.value.describe()


def edited(change) -> str:
    data = copy.deepcopy(mini_data())
    change(data)
    return dump(data)


def test_real_catalogue_loads():
    cat = load_catalogue(CRITERIA)
    assert cat.id == "due_regard" and cat.version == "2.0.0" and cat.method_version == 2
    assert 20 <= sum(1 for _ in cat.questions()) <= 60
    assert {c.kind for c in cat.criteria} == {"conduct", "transparency", "context"}


def test_catalogue_1_0_0_stays_loadable():
    cat = load_catalogue(V1)
    assert cat.version == "1.0.0" and cat.method_version == 1
    assert {c.kind for c in cat.criteria} == {"principle", "marker", "theme"}


def test_every_question_serves_a_principle_or_marker():
    cat = load_catalogue(CRITERIA)
    for _, question in cat.questions():
        assert question.serves, question.id
        assert all(cat.principle(p) for p in question.serves), question.id


def test_a_question_serving_nothing_is_refused():
    text = CRITERIA.read_text().replace(
        "serves: [creates_debris, avoid_provocation, respect_security]", "serves: []", 1
    )
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "c.yaml")
    assert any("serves no principle or marker" in p.message for p in caught.value.problems)


def test_every_recommendation_cites_a_norm_whose_text_is_in_the_catalogue():
    cat = load_catalogue(CRITERIA)
    for _, question in cat.questions():
        for option_id, advice in question.recommendations.items():
            assert advice.norms, (question.id, option_id)
            assert advice.affected, (question.id, option_id)
            for norm_id in advice.norms:
                norm = cat.norm(norm_id)
                assert norm is not None and norm.text, (question.id, norm_id)


def test_scored_questions_name_a_measure_and_where_to_find_the_fact():
    cat = load_catalogue(CRITERIA)
    for _, question in cat.questions():
        assert question.where_to_find, question.id
        if question.axis != "context":
            assert question.measure, question.id


def test_state_context_is_never_scored_and_politics_is_context():
    cat = load_catalogue(CRITERIA)
    context = {q.id for _, q in cat.questions() if q.axis == "context"}
    assert {"treaty_status", "hcoc_subscription", "res_77_41_vote"} <= context
    assert {"destructive_test_commitment", "national_authorisation"} <= context


def test_red_lines_cover_conduct_not_weapons():
    cat = load_catalogue(CRITERIA)
    destruction = cat.question("deliberate_destruction")
    assert destruction is not None and "all" in destruction.applies_to
    statements = {r.statement for _, q in cat.questions() for r in q.red_lines}
    assert "Serial shadowing of several actors' objects" in statements
    assert "Deliberate harmful interference" in statements
    assert any("crewed station" in s for s in statements)


def test_channels_and_conventions_are_declared():
    cat = load_catalogue(CRITERIA)
    assert {"art_ix_consultation", "note_verbale", "copuos", "oewg", "itu"} <= {
        c.id for c in cat.channels
    }
    assert cat.conventions and all("convention" in c.statement for c in cat.conventions)


def test_a_worse_option_with_a_milder_cap_is_refused():
    text = CRITERIA.read_text().replace(
        "            cap: irresponsible\n            statement: Capture, docking",
        "            cap: concerns\n            statement: Capture, docking",
    )
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "c.yaml")
    assert any("capped more mildly" in p.message for p in caught.value.problems)


def test_mini_catalogue_resolves_shared_scales():
    cat = load_catalogue(MINI)
    assert [o.id for o in cat.question("notified").options] == ["yes", "partly", "no"]


def test_duplicate_question_id_is_named_with_path_and_line():
    def change(d):
        d["criteria"][1]["questions"][0]["id"] = "notified"

    message = errors_for(edited(change))
    assert "duplicate question id 'notified'" in message
    assert "criteria[1].questions[0].id" in message
    assert "broken.yaml:" in message


def test_duplicate_yaml_key_is_reported_with_its_line():
    text = MINI.read_text().replace("  id: mini\n", "  id: mini\n  id: other\n", 1)
    message = errors_for(text)
    assert "duplicate key 'id'" in message
    assert "broken.yaml:5:" in message  # the second "id" line


def test_unknown_scale():
    def change(d):
        d["criteria"][0]["questions"][0]["scale"] = "nope"

    assert "unknown scale 'nope'" in errors_for(edited(change))


def test_unknown_activity_kind():
    def change(d):
        d["criteria"][0]["questions"][1]["applies_to"] = ["launch", "teleport"]

    message = errors_for(edited(change))
    assert "criteria[0].questions[1].applies_to[1]" in message
    assert "teleport" in message


def test_missing_field():
    def change(d):
        del d["criteria"][0]["questions"][0]["guidance"]

    message = errors_for(edited(change))
    assert "criteria[0].questions[0].guidance" in message
    assert "Field required" in message


def test_score_out_of_range():
    def change(d):
        d["criteria"][1]["questions"][0]["options"][1]["score"] = 1.5

    assert "criteria[1].questions[0].options[1].score" in errors_for(edited(change))


def test_thresholds_out_of_order():
    def change(d):
        d["bands"][1]["min"] = 80

    assert "strictly decreasing" in errors_for(edited(change))


def test_missing_recommendation_for_a_suboptimal_option():
    def change(d):
        del d["criteria"][0]["questions"][0]["recommendations"]["partly"]

    assert "no recommendation for option 'partly'" in errors_for(edited(change))


def test_red_line_must_be_worst_option_and_name_a_band():
    def change(d):
        question = d["criteria"][1]["questions"][0]
        question["red_lines"][0]["option"] = "short_lived"
        question["red_lines"][0]["cap"] = "doom"

    message = errors_for(edited(change))
    assert "score below every other option" in message
    assert "unknown band 'doom'" in message


def test_unsafe_yaml_tag_is_refused():
    message = errors_for("schema: !!python/object/apply:os.system ['echo hacked']\n")
    assert "unsafe or unknown YAML tag" in message


def test_empty_file():
    assert "empty" in errors_for("  \n")


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogueError, match="not UTF-8"):
        load_catalogue(path)


def test_unknown_key_is_an_error_not_ignored():
    def change(d):
        d["criteria"][0]["wieght"] = 2

    assert "criteria[0].wieght" in errors_for(edited(change))


def test_every_problem_is_listed_not_just_the_first():
    def change(d):
        d["criteria"][0]["questions"][0]["scale"] = "nope"
        d["bands"][1]["min"] = 80

    message = errors_for(edited(change))
    assert "unknown scale" in message and "strictly decreasing" in message


def alias_bomb(levels: int = 12) -> str:
    """Each level lists the previous one nine times: 9**12 paths from a dozen lines."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_refused_at_once():
    message = errors_for(alias_bomb())
    assert "broken.yaml:2: YAML anchors and aliases (&name, *name) are not allowed" in message


@pytest.mark.parametrize("depth", [70, 500, 5000])
def test_deep_nesting_is_a_clean_error_not_a_recursion_error(depth):
    message = errors_for("schema: " + "[" * depth + "]" * depth + "\n")
    assert "nested more than 64 levels deep" in message
