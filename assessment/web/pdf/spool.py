"""The render queue on one machine: a folder of job files served by one shared render pool.

A page request never renders. It writes the job (the report's HTML, already built) into
``<PDF_CACHE_DIR>/queue`` and answers at once; the pool renders it into the PDF cache.

- Bounded: at most PDF_QUEUE_LIMIT jobs wait or run; beyond that a request is refused (503).
- One pool per machine, whatever the number of web workers: the pool holds an exclusive lock
  on ``queue/pool.lock`` while it runs, and a web process that finds the lock free starts one.
  It runs PDF_RENDERERS render processes (``worker.RenderProcess``: time limit, recycling) and
  exits after PDF_POOL_IDLE_SECONDS without work, so an idle server holds no WeasyPrint heap.
- A job is claimed by renaming it, so two renderers never take the same one; a claim left by
  a pool that died is put back when the next pool starts.
"""

import fcntl
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from assessment.web.config import ROOT
from assessment.web.pdf.cache import store_file

if TYPE_CHECKING:  # the web side only writes requests; the pool imports the engine itself
    from assessment.web.pdf.engine import RenderRequest

JOB, CLAIMED, FAILED = ".job", ".claimed", ".failed"
POLL = 0.05  # seconds between looks at an empty queue


def queue_dir(cache_dir: str) -> Path:
    return Path(cache_dir) / "queue"


def _waiting(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if p.suffix in (JOB, CLAIMED))


def enqueue(cache_dir: str, key: str, request: "RenderRequest", limit: int) -> bool:
    """Queue a render unless it is already queued; False when the queue is full."""
    folder = queue_dir(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    job = folder / f"{key}{JOB}"
    if job.exists() or any(folder.glob(f"{key}.*{CLAIMED}")):
        return True
    if _waiting(folder) >= limit:
        return False
    partial = folder / f"{key}.{os.getpid()}.{threading.get_ident()}.tmp"
    partial.write_bytes(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(partial, job)
    return True


def queued(cache_dir: str, key: str) -> bool:
    folder = queue_dir(cache_dir)
    return (folder / f"{key}{JOB}").exists() or any(folder.glob(f"{key}.*{CLAIMED}"))


def take_failure(cache_dir: str, key: str) -> str | None:
    """Why the last render of ``key`` failed (once: a later request queues it again)."""
    path = queue_dir(cache_dir) / f"{key}{FAILED}"
    try:
        message = path.read_text()
    except OSError:
        return None
    path.unlink(missing_ok=True)
    return message


# --- the pool ---------------------------------------------------------------------------


@contextmanager
def _pool_lock(folder: Path, wait: bool) -> Iterator[bool]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "pool.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# The child forks at once and its first half exits: the pool belongs to no web process (none
# has to reap it, and none takes it down when gunicorn recycles that worker).
_CHILD = (
    "import os, sys\n"
    "if os.fork():\n    os._exit(0)\n"
    "from assessment.web.pdf.spool import serve\n"
    "serve(*sys.argv[1:])"
)


def ensure_pool(cache_dir: str, renderers: int, time_limit: float, idle: float) -> None:
    """Start this machine's render pool unless one is running (it holds the lock)."""
    with _pool_lock(queue_dir(cache_dir), wait=False) as free:
        if not free:
            return
    # Free: start one. If two web processes race here, the second pool finds the lock
    # taken and exits at once.
    subprocess.run(
        [sys.executable, "-c", _CHILD, cache_dir, str(renderers), str(time_limit), str(idle)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        check=False,
        timeout=30,
    )


def serve(cache_dir: str, renderers: str = "1", time_limit: str = "30", idle: str = "600") -> None:
    """The pool: render queued jobs into the cache until idle for ``idle`` seconds."""
    folder = queue_dir(cache_dir)
    with _pool_lock(folder, wait=False) as mine:
        if not mine:
            return  # another pool serves this machine
        for claim in folder.glob(f"*{CLAIMED}"):  # left by a pool that died mid-render
            os.replace(claim, folder / f"{claim.name.split('.')[0]}{JOB}")
        threads = [
            threading.Thread(
                target=_render_loop, args=(cache_dir, float(time_limit), float(idle)), daemon=True
            )
            for _ in range(max(1, int(renderers)))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def _claim(folder: Path) -> tuple[str, Path] | None:
    """The oldest waiting job, renamed so that no other renderer takes it."""
    jobs = sorted(folder.glob(f"*{JOB}"), key=lambda p: p.stat().st_mtime if p.exists() else 0)
    for job in jobs:
        key = job.name[: -len(JOB)]
        claim = folder / f"{key}.{os.getpid()}.{threading.get_ident()}{CLAIMED}"
        try:
            os.rename(job, claim)
        except FileNotFoundError:
            continue  # another renderer took it first
        return key, claim
    return None


def _render_loop(cache_dir: str, time_limit: float, idle: float) -> None:
    from assessment.web.pdf.engine import PdfError  # only the pool imports WeasyPrint
    from assessment.web.pdf.worker import RenderProcess

    folder = queue_dir(cache_dir)
    renderer = RenderProcess()
    last_work = time.monotonic()
    try:
        while time.monotonic() - last_work < idle:
            claimed = _claim(folder)
            if claimed is None:
                time.sleep(POLL)
                continue
            key, claim = claimed
            try:
                request = pickle.loads(claim.read_bytes())
                store_file(cache_dir, key, renderer.render(request, time_limit).pdf)
            except (PdfError, OSError, pickle.UnpicklingError) as exc:
                (folder / f"{key}{FAILED}").write_text(str(exc)[:1000])
            finally:
                claim.unlink(missing_ok=True)
                last_work = time.monotonic()
    finally:
        renderer.stop()
