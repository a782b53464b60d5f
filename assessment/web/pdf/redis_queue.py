"""Renders past one machine: with REDIS_URL set, each render is an RQ job in Redis, served by
``flask --app app pdf-worker`` processes on any machine, and finished PDFs are kept in Redis
where every app server finds them (for PDF_CACHE_TTL seconds).

Jobs are named by the PDF's content key, so the same report asked for twice is queued once.
"""

from functools import cache

from flask import current_app
from redis import Redis
from rq import Queue, SimpleWorker
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from assessment.web.pdf.engine import PdfError, RenderRequest

QUEUE = "due-regard-pdf"
PREFIX = "due-regard:pdf:"
ACTIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


@cache
def _redis(url: str) -> Redis:
    return Redis.from_url(url)


def connection() -> Redis:
    return _redis(str(current_app.config["REDIS_URL"]))


def _queue() -> Queue:
    return Queue(QUEUE, connection=connection())


def cached(key: str) -> bytes | None:
    data = connection().get(PREFIX + key)
    return bytes(data) if data is not None else None  # type: ignore[arg-type]


def store(key: str, data: bytes) -> None:
    connection().set(PREFIX + key, data, ex=int(current_app.config["PDF_CACHE_TTL"]))


def _job(key: str) -> Job | None:
    try:
        return Job.fetch(key, connection=connection())
    except NoSuchJobError:
        return None


def enqueue(key: str, request: RenderRequest, limit: int) -> bool:
    """Queue a render unless it is already queued or running; False when the queue is full."""
    job = _job(key)
    if job is not None and job.get_status() in ACTIVE:
        return True
    queue = _queue()
    if queue.count >= limit:
        return False
    limit_s = int(current_app.config["PDF_TIME_LIMIT"])
    queue.enqueue(
        render_job,
        key,
        request,
        job_id=key,
        job_timeout=limit_s + 30,  # the render process is stopped at PDF_TIME_LIMIT itself
        result_ttl=60,
        failure_ttl=300,
    )
    return True


def queued(key: str) -> bool:
    job = _job(key)
    return job is not None and job.get_status() in ACTIVE


def take_failure(key: str) -> str | None:
    job = _job(key)
    if job is None or job.get_status() != JobStatus.FAILED:
        return None
    message = (job.latest_result().exc_string if job.latest_result() else "") or "render failed"
    job.delete()
    return message.strip().splitlines()[-1][:1000]


def render_job(key: str, request: RenderRequest) -> None:
    """Run by a pdf-worker: render in its render process, keep the PDF in Redis."""
    from assessment.web.pdf.worker import render

    store(key, render(request).pdf)


def work(max_jobs: int | None = None, burst: bool = False) -> None:
    """The pdf-worker loop (no fork per job: the render process and its fonts are reused)."""
    worker = SimpleWorker([_queue()], connection=connection())
    worker.work(burst=burst, max_jobs=max_jobs, logging_level="WARNING")


def check() -> None:
    try:
        connection().ping()
    except Exception as exc:  # any connection problem: say which setting to check
        raise PdfError(f"Redis at REDIS_URL is not reachable: {exc}") from exc
