"""Rate limits on expensive endpoints (PDF, import, join, API scoring), per client.

Counters live in RATELIMIT_STORAGE_URI, shared by every gunicorn worker: ``database://`` (the
default) keeps them in the app's database (see limit_store), ``redis://host:6379`` in Redis.
``memory://`` is per process and only fit for one worker. The client is the address the
connection came from or, behind ``PROXY_COUNT`` proxies, the one they forwarded (ProxyFix): one
client's limit never locks out the others behind the same proxy.
"""

import hashlib
import ipaddress
from datetime import UTC, datetime

from flask import Flask, current_app, request
from flask_limiter import Limiter

from assessment.web.limit_store import ENGINE_KEY, SCHEME, counter_engine


def client_address() -> str:
    """The client, as limits count it: its IPv4 address, or its IPv6 /64.

    One IPv6 host commonly holds a whole /64 (2**64 addresses), so counting single IPv6 addresses
    would let one client step around every limit.
    """
    address = request.remote_addr or "-"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip.ipv4_mapped or ip) if isinstance(ip, ipaddress.IPv6Address) else str(ip)


def anonymous_client_key() -> str:
    """A daily-salted hash of the client address: limits work, but no address is kept or logged."""
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    secret = str(current_app.config["SECRET_KEY"])
    material = f"{secret}|{day}|{client_address()}".encode()
    return hashlib.sha256(material).hexdigest()[:24]


limiter = Limiter(key_func=anonymous_client_key, default_limits=[])


def expensive_limit() -> str:
    return str(current_app.config["EXPENSIVE_RATE_LIMIT"])


def code_limit() -> str:
    return str(current_app.config["CODE_RATE_LIMIT"])


def init_limits(app: Flask) -> None:
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith(f"{SCHEME}://"):
        with app.app_context():
            app.extensions[ENGINE_KEY] = counter_engine(app)
    limiter.init_app(app)
