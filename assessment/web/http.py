"""HTTP helpers every feature shares: problem responses and uncached pages.

Kept free of the PDF queue (``pdf/download.py`` sends PDFs) so that every feature can import it
without pulling the render pipeline into its import graph."""

from flask import Response, jsonify

from assessment.errors import Problem


def problem_response(status: int, message: str, problems: tuple[Problem, ...] = ()) -> Response:
    """A JSON error body: a message and, where known, each problem's path."""
    body = {
        "error": message,
        "problems": [{"path": p.path, "message": p.message} for p in problems],
    }
    response = jsonify(body)
    response.status_code = status
    return response


def uncached_page(html: str, status: int = 200) -> Response:
    """A page holding a join nonce: never stored by a cache, so no two browsers share one."""
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
