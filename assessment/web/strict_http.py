"""Requests that are ambiguous or too large are refused with a status, never quietly trimmed.

- A body sent without Content-Length (chunked) is read up to MAX_CONTENT_LENGTH + 1 bytes: one
  byte more is a 413, not a form cut at the limit.
- A form field sent twice (``q=a&q=b``) is a 400 unless the field is a list by design.
- ``Retry-After`` is sent only where waiting helps: 202 (a queued PDF), 429, 503 (and redirects
  that set it).
"""

import io
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, abort, request

# Form fields that are lists by design (checkboxes, compare picks); every other field is single.
MULTI_VALUED_FIELDS = frozenset({"kinds", "t"})
WAIT_STATUSES = frozenset({202, 429, 503})  # 202: a queued PDF, asked for again later
CHUNK = 64 * 1024
TOO_LARGE = "due_regard.body_too_large"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class BodyLimit:
    """WSGI middleware: buffer a body of unknown length, refusing one over the limit whole."""

    def __init__(self, app: WsgiApp, limit: Callable[[], int]) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if (
            environ.get("CONTENT_LENGTH")
            or "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        ):
            return self.app(environ, start_response)
        limit = self.limit()
        stream, body = environ["wsgi.input"], bytearray()
        while len(body) <= limit:
            chunk = stream.read(min(CHUNK, limit + 1 - len(body)))
            if not chunk:
                break
            body += chunk
        if len(body) > limit:  # answered by the app's own 413 page, before any view runs
            environ[TOO_LARGE], body = True, bytearray()
        environ["wsgi.input"] = io.BytesIO(bytes(body))
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ.pop("wsgi.input_terminated", None)
        return self.app(environ, start_response)


def _refuse_ambiguous_requests() -> None:
    if request.environ.get(TOO_LARGE):
        abort(413)
    if request.method != "POST" or request.mimetype not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return
    for name, values in request.form.lists():
        if len(values) > 1 and name not in MULTI_VALUED_FIELDS:
            abort(400, description=f"the field '{name[:40]}' was sent more than once")


def _retry_after_only_when_waiting(response: Response) -> Response:
    if response.status_code not in WAIT_STATUSES and not 300 <= response.status_code < 400:
        response.headers.pop("Retry-After", None)
    return response


def init_strict_http(app: Flask) -> None:
    """Call before init_limits: after_request hooks run last-registered first, so this runs
    after Flask-Limiter has added its headers."""
    app.wsgi_app = BodyLimit(  # type: ignore[method-assign]
        app.wsgi_app, lambda: int(app.config["MAX_CONTENT_LENGTH"])
    )
    app.before_request(_refuse_ambiguous_requests)
    app.after_request(_retry_after_only_when_waiting)
