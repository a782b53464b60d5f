"""A broken catalogue stops every entry point with the loader's errors; nothing serves 500s."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.servers import ROOT, free_port

pytestmark = pytest.mark.slow


def broken_env(tmp_path) -> dict[str, str]:
    broken = tmp_path / "criteria.yaml"
    broken.write_text("schema: 1\ncatalogue: {}\n")
    return {
        **os.environ,
        "DUE_REGARD_CRITERIA_PATH": str(broken),
        "DUE_REGARD_INSTANCE_PATH": str(tmp_path / "instance"),
    }


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A server that started would run until the timeout; refusing exits at once.
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=90)


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_flask_run_refuses_a_broken_catalogue(tmp_path, debug):
    flask = str(Path(sys.executable).with_name("flask"))
    port = str(free_port())
    done = run([flask, "--app", "app", "run", *debug, "--port", port], broken_env(tmp_path))
    assert done.returncode != 0
    assert "criteria.yaml: criteria: Field required" in done.stderr + done.stdout


@pytest.mark.parametrize("preload", [["--preload"], []])
def test_gunicorn_refuses_a_broken_catalogue(tmp_path, preload):
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    bind = f"127.0.0.1:{free_port()}"
    done = run(
        [gunicorn, "-w", "1", "-b", bind, *preload, "app:create_app()"], broken_env(tmp_path)
    )
    assert done.returncode != 0
    assert "criteria.yaml: criteria: Field required" in done.stderr + done.stdout
