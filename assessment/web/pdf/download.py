"""Sending a PDF download: the cached file, or a page that waits while the queue renders it."""

from flask import Response, abort, render_template, request

from assessment.web.pdf.engine import PdfError, PdfJob
from assessment.web.pdf.queue import Pending, QueueFull, request_pdf

FULL_RETRY_AFTER = 10  # seconds before a browser whose render was refused asks again


def send_pdf(job: PdfJob) -> Response:
    """Answer 304 if the client holds this content; the PDF if it is ready; otherwise a page
    that asks again until it is (202 while queued, 503 + Retry-After when the queue is full).

    The render itself never runs here: a page worker only looks up or queues it.
    """
    if request.if_none_match.contains_weak(job.key):
        response = Response(status=304)
    else:
        try:
            outcome = request_pdf(job)
        except QueueFull:
            return _waiting_page(503, FULL_RETRY_AFTER, full=True)
        except ValueError:  # stored answers that no longer fit the catalogue's options
            abort(409, description="This assessment does not fit the current criteria catalogue.")
        except PdfError:
            return _not_produced()
        if isinstance(outcome, Pending):
            return _waiting_page(202, outcome.retry_after, full=False)
        response = Response(outcome, mimetype="application/pdf")
        # An ASCII-only name: it comes from a slug, so no quoting or encoding tricks apply.
        response.headers["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response.set_etag(job.key)
    # Capability links: the file is private to whoever holds the link; revalidate every time.
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


def _not_produced() -> Response:
    message = "The report could not be produced. Please try again later; nothing was lost."
    html = render_template("error.html", code=503, title="Report not produced", message=message)
    response = Response(html, status=503, mimetype="text/html")
    response.headers["Retry-After"] = str(FULL_RETRY_AFTER)
    return response


def _waiting_page(status: int, retry_after: int, full: bool) -> Response:
    """A page that reloads itself (no script: the CSP allows none inline) until the PDF comes."""
    html = render_template("pdf_waiting.html", retry_after=retry_after, full=full)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Retry-After"] = str(retry_after)
    response.headers["Cache-Control"] = "no-store"
    return response
