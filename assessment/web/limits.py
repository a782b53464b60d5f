"""Rate limits on expensive endpoints (PDF, import, join, API scoring).

Counters live in RATELIMIT_STORAGE_URI: ``memory://`` for one process, a shared store such as
``redis://host:6379`` or ``memcached://host:11211`` so that limits hold across gunicorn workers.
"""

import hashlib
from datetime import UTC, datetime

from flask import Flask, current_app, request
from flask_limiter import Limiter


def anonymous_client_key() -> str:
    """A daily-salted hash of the client address: limits work, but no address is kept or logged."""
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    secret = str(current_app.config["SECRET_KEY"])
    material = f"{secret}|{day}|{request.remote_addr or '-'}".encode()
    return hashlib.sha256(material).hexdigest()[:24]


limiter = Limiter(key_func=anonymous_client_key, default_limits=[])


def expensive_limit() -> str:
    return str(current_app.config["EXPENSIVE_RATE_LIMIT"])


def init_limits(app: Flask) -> None:
    limiter.init_app(app)
