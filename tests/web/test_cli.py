"""The flask command line: criteria check/show and assess, as a user runs them."""

import json
import os
import subprocess
import sys
from pathlib import Path

from assessment.catalogue import load_catalogue
from tests.core_helpers import CRITERIA, ROOT


def test_criteria_check_prints_a_summary(runner):
    result = runner.invoke(args=["criteria", "check"])
    assert result.exit_code == 0, result.output
    assert "questions per activity kind" in result.output
    assert "red lines:" in result.output


def test_criteria_check_names_a_duplicated_question_id(runner, tmp_path):
    text = CRITERIA.read_text()
    cat = load_catalogue(CRITERIA)
    first, second = cat.criteria[0].questions[0].id, cat.criteria[1].questions[0].id
    broken = tmp_path / "criteria.yaml"
    broken.write_text(text.replace(f"      - id: {second}\n", f"      - id: {first}\n", 1))
    result = runner.invoke(args=["criteria", "check", str(broken)])
    assert result.exit_code == 1
    assert f"duplicate question id '{first}'" in result.output
    assert "criteria.yaml:" in result.output


def test_criteria_show_json(runner):
    result = runner.invoke(args=["criteria", "show", "--json"])
    data = json.loads(result.output)
    assert data["catalogue"]["id"] == "due_regard"
    assert data["schema"] == 2


def test_assess_json_has_the_documented_fields(runner):
    result = runner.invoke(args=["assess", str(ROOT / "examples/destructive_test.json"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    overall = data["overall"]
    assert {"score", "band", "range", "confidence"} <= set(overall)
    assert {"low", "high"} == set(overall["range"])
    assert {"criterion_id", "title", "score"} <= set(data["criteria"][0])
    assert data["red_lines"]
    assert {"question_id", "text", "gain"} <= set(data["recommendations"][0])


def test_assess_reports_bad_input_and_exits_non_zero(runner, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "due-regard/assessment",')
    result = runner.invoke(args=["assess", str(bad)])
    assert result.exit_code == 1
    assert "malformed JSON" in result.output
    doc = json.loads((ROOT / "examples/consensual_servicing.json").read_text())
    doc["answers"]["not_a_question"] = {"option": "x"}
    bad.write_text(json.dumps(doc))
    result = runner.invoke(args=["assess", str(bad)])
    assert result.exit_code == 1
    assert "unknown question 'not_a_question'" in result.output


def test_batch_scores_a_folder_and_reports_failures_without_stopping(runner, tmp_path):
    for path in (ROOT / "examples").glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text())
    (tmp_path / "broken.json").write_text('{"x":')
    out = tmp_path / "results.json"
    result = runner.invoke(args=["batch", str(tmp_path), "--json-out", str(out)])
    assert result.exit_code == 1
    assert "7 scored, 1 failed" in result.output
    assert "broken.json" in result.output and "FAILED" in result.output
    data = json.loads(out.read_text())
    assert data["destructive_test.json"]["overall"]["band"] == "irresponsible"
    assert "error" in data["broken.json"]


def test_every_flask_command_refuses_a_broken_catalogue(tmp_path):
    broken = tmp_path / "criteria.yaml"
    broken.write_text("schema: 1\ncatalogue: {}\n")
    env = {
        **os.environ,
        "DUE_REGARD_CRITERIA_PATH": str(broken),
        "DUE_REGARD_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    flask = str(Path(sys.executable).with_name("flask"))
    for command in (["routes"], ["criteria", "check"]):
        done = subprocess.run(
            [flask, "--app", "app", *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 1, command
        assert "the catalogue is broken" in done.stderr
        assert f"{broken}:2: catalogue.id: Field required" in done.stderr


def test_criteria_diff_prints_the_declared_mapping(app):
    result = app.test_cli_runner().invoke(args=["criteria", "diff", "1.0.0", "2.0.0"])
    assert result.exit_code == 0, result.output
    assert "da_asat_destructive -> deliberate_destruction" in result.output
    assert "hostile_signalling: no longer asked" in result.output
    assert "ask again" in result.output


def test_assess_opens_a_file_answered_on_1_0_0_with_its_original_result(app):
    from tests.core_helpers import V1_EXAMPLES

    path = str(V1_EXAMPLES / "destructive_test.json")
    result = app.test_cli_runner().invoke(args=["assess", "--json", path])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["catalogue_version"] == "1.0.0" and data["overall"]["method"] == 1
