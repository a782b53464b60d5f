"""PDFs never rendered in a page request: ready from the cache, or queued for the render pool.

``request_pdf`` answers at once: the PDF if it is ready, else it queues the render (once per
content key) and says so; a full queue is refused. With REDIS_URL set the queue is RQ on
Redis (``redis_queue``), otherwise this machine's folder queue and render pool (``spool``).
"""

import time
from dataclasses import dataclass

from flask import current_app

from assessment.web.pdf import cache, spool
from assessment.web.pdf.engine import PdfError, PdfJob


class QueueFull(PdfError):
    """PDF_QUEUE_LIMIT renders are already waiting: try again in a little while."""


@dataclass(frozen=True)
class Pending:
    """The render is queued or running; ask again after ``retry_after`` seconds."""

    retry_after: int


# Seconds between polls: a report renders in about 2 s, and 20 polls a minute stay under
# EXPENSIVE_RATE_LIMIT (30 per minute), which counts them too.
RETRY_AFTER = 3
WAIT_STEP = 0.1


def _redis() -> bool:
    return bool(current_app.config.get("REDIS_URL"))


def _enqueue(job: PdfJob) -> bool:
    config = current_app.config
    limit = int(config["PDF_QUEUE_LIMIT"])
    if _redis():
        from assessment.web.pdf import redis_queue

        return redis_queue.enqueue(job.key, job.build(), limit)
    cache_dir = config["PDF_CACHE_DIR"]
    if not spool.enqueue(cache_dir, job.key, job.build(), limit):
        return False
    spool.ensure_pool(
        cache_dir,
        int(config["PDF_RENDERERS"]),
        float(config["PDF_TIME_LIMIT"]),
        float(config["PDF_POOL_IDLE_SECONDS"]),
    )
    return True


def _take_failure(key: str) -> str | None:
    if _redis():
        from assessment.web.pdf import redis_queue

        return redis_queue.take_failure(key)
    return spool.take_failure(current_app.config["PDF_CACHE_DIR"], key)


def queue_render(job: PdfJob) -> bool:
    """Render in the background unless cached or queued (a completed assessment's report);
    False when the queue is full, and nothing is queued then."""
    if cache.cached(job.key) is not None:
        return True
    return _enqueue(job)


def request_pdf(job: PdfJob) -> bytes | Pending:
    """The PDF, or Pending once its render is queued; waits up to PDF_WAIT_SECONDS for it.

    Raises QueueFull when the queue has no room, PdfError when the last render failed.
    """
    data = cache.cached(job.key)
    if data is not None:
        return data
    failure = _take_failure(job.key)
    if failure is not None:
        raise PdfError(f"rendering failed: {failure}")
    if not _enqueue(job):
        raise QueueFull("the render queue is full")
    deadline = time.monotonic() + float(current_app.config["PDF_WAIT_SECONDS"])
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        data = cache.cached(job.key)
        if data is not None:
            return data
        failure = _take_failure(job.key)
        if failure is not None:
            raise PdfError(f"rendering failed: {failure}")
    return Pending(RETRY_AFTER)
