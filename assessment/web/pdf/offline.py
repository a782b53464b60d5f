"""PDFs made at once, outside a page request (the CLI): from the cache, else rendered now.

Kept out of ``worker`` so that the render process's module imports no cache: ``cache`` reaches
``redis_queue`` (lazily, with REDIS_URL) and ``redis_queue`` reaches ``worker``, so a ``worker``
that imported ``cache`` closed a cycle.
"""

from assessment.web.pdf import cache, worker
from assessment.web.pdf.engine import PdfJob


def produce(job: PdfJob) -> bytes:
    """The PDF for a job: from the cache when the same content was rendered before."""
    data = cache.cached(job.key)
    if data is None:
        data = worker.render(job.build()).pdf
        cache.store(job.key, data)
    return data
