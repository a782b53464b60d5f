"""The render process: WeasyPrint runs outside the web process, one render at a time.

Why a separate render process (one per web process, started on first use):
- a render over PDF_TIME_LIMIT can be killed; a thread cannot, and some inputs take minutes
  (measured in docs/performance.md);
- WeasyPrint's heap stays out of the page-serving process (its garbage collection was the
  p99 tail of page requests), and the process is recycled every RENDERS_PER_PROCESS renders.
"""

import atexit
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import warnings
from dataclasses import replace
from datetime import UTC, datetime
from multiprocessing.connection import Connection

from flask import current_app

from assessment.web.config import ROOT
from assessment.web.pdf.engine import (
    PdfError,
    RenderOutcome,
    RenderRequest,
    RenderTimeout,
    render_here,
)

log = logging.getLogger(__name__)

RENDERS_PER_PROCESS = 200  # a backstop against slow growth, like gunicorn --max-requests
START_LIMIT = 60.0  # seconds for a new render process to import WeasyPrint and say it is ready


def serve(fd: int) -> None:
    """The render process: answer render requests on socket ``fd`` until the parent closes it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops us
    # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it: known, harmless.
    warnings.filterwarnings(
        "ignore", message=r"unclosed file .*sRGB2014\.icc", category=ResourceWarning
    )
    conn = Connection(fd)
    with warnings.catch_warnings(record=True) as caught:
        render_here(RenderRequest("<p>warm-up</p>", datetime.now(UTC)))  # load fonts now
    notes = [f"warning while starting: {w.message}" for w in caught]
    conn.send(("ready", notes))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            with warnings.catch_warnings(record=True) as caught:
                outcome = render_here(request)
            extra = tuple(f"warning: {w.message}" for w in caught)
            conn.send(("ok", replace(outcome, messages=outcome.messages + extra)))
        except Exception as exc:  # report any failure to the parent, keep serving
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:1000]))


# A fresh interpreter, not multiprocessing: fork would copy the web process's threads and
# locks, and spawn re-runs the parent's main script (a script without a __main__ guard
# would start renderers recursively).
_CHILD = "import sys; from assessment.web.pdf.worker import serve; serve(int(sys.argv[1]))"


class RenderProcess:
    """The render process of this web process; a render over the limit kills and replaces it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._owner = 0
        self._renders = 0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def render(self, request: RenderRequest, limit: float) -> RenderOutcome:
        if not self._lock.acquire(timeout=limit):
            raise RenderTimeout(f"another report is still rendering after {limit:g} s")
        try:
            return self._render(request, limit)
        finally:
            self._lock.release()

    def _render(self, request: RenderRequest, limit: float) -> RenderOutcome:
        conn = self._started()
        conn.send(request)
        if not conn.poll(limit):
            self.stop(kill=True)
            raise RenderTimeout(f"the report took longer than {limit:g} s and was stopped")
        try:
            status, value = conn.recv()
        except (EOFError, OSError) as exc:
            self.stop(kill=True)
            raise PdfError("the render process ended unexpectedly") from exc
        self._renders += 1
        if self._renders >= RENDERS_PER_PROCESS:
            self.stop()
        if status != "ok":
            raise PdfError(f"rendering failed: {value}")
        return value

    def _started(self) -> Connection:
        if self._owner != os.getpid():  # inherited through a fork (gunicorn): not ours to use
            self._process, self._conn = None, None
        if self._process is not None and self._process.poll() is None and self._conn:
            return self._conn
        self.stop(kill=True)
        ours, theirs = socket.socketpair()
        with theirs:
            process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                cwd=ROOT,  # so that the child imports this very package
                stdin=subprocess.DEVNULL,
            )
        conn = Connection(ours.detach())
        self._process, self._conn, self._owner, self._renders = process, conn, os.getpid(), 0
        if not conn.poll(START_LIMIT):
            self.stop(kill=True)
            raise PdfError("the render process did not start")
        try:
            _, notes = conn.recv()
        except (EOFError, OSError) as exc:
            self.stop(kill=True)
            raise PdfError("the render process failed to start") from exc
        for note in notes:
            log.warning("PDF rendering: %s", note)
        return conn

    def stop(self, kill: bool = False) -> None:
        process, conn = self._process, self._conn
        self._process, self._conn = None, None
        if conn is not None:
            conn.close()  # the render process ends when its socket closes
        if process is not None:
            if kill:
                process.kill()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


RENDERER = RenderProcess()
atexit.register(RENDERER.stop)


def render(request: RenderRequest) -> RenderOutcome:
    """Render in the render process, within the app's PDF_TIME_LIMIT."""
    outcome = RENDERER.render(request, float(current_app.config["PDF_TIME_LIMIT"]))
    for url in outcome.refused:
        log.warning("PDF rendering refused to fetch %s", url)
    for message in outcome.messages:
        # A character no installed font can draw would be a silent hole in the printed text.
        missing = ".notdef glyph" in message
        log.log(logging.WARNING if missing else logging.INFO, "PDF rendering: %s", message)
    return outcome
