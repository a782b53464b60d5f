"""HTTP helpers every feature shares: problem responses, token checks, PDF sending."""

from flask import Response, abort, jsonify, request

from assessment.errors import Problem
from assessment.web.pdf.engine import PdfJob, RenderTimeout
from assessment.web.pdf.worker import produce


def problem_response(status: int, message: str, problems: tuple[Problem, ...] = ()) -> Response:
    """A JSON error body: a message and, where known, each problem's path."""
    body = {
        "error": message,
        "problems": [{"path": p.path, "message": p.message} for p in problems],
    }
    response = jsonify(body)
    response.status_code = status
    return response


def send_pdf(job: PdfJob) -> Response:
    """Answer 304 if the client holds this content; otherwise the cached or rendered PDF."""
    if request.if_none_match.contains_weak(job.key):
        response = Response(status=304)
    else:
        try:
            data = produce(job)
        except RenderTimeout:
            abort(503, description="The report took too long to produce. Please try again later.")
        except ValueError:  # stored answers that no longer fit the catalogue's options
            abort(409, description="This assessment does not fit the current criteria catalogue.")
        response = Response(data, mimetype="application/pdf")
        # An ASCII-only name: it comes from a slug, so no quoting or encoding tricks apply.
        response.headers["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response.set_etag(job.key)
    # Capability links: the file is private to whoever holds the link; revalidate every time.
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


def uncached_page(html: str, status: int = 200) -> Response:
    """A page holding a join nonce: never stored by a cache, so no two browsers share one."""
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
