"""Start and stop gunicorn on loopback for benchmarks and fault tests (never another address)."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing is listening on 127.0.0.1:{port}")


def start_gunicorn(
    target: str, port: int, env: dict[str, str], workers: int = 2, preload: bool = True
) -> subprocess.Popen[bytes]:
    """gunicorn in its own process group, bound to loopback, ready to serve when this returns."""
    command = [str(GUNICORN), "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    command += ["--preload"] if preload else []
    command += ["--log-level", "warning", "--timeout", "60", target]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_for_port(port)
    except RuntimeError:
        stop_server(server)
        raise
    return server


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn and its workers (the whole process group)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
