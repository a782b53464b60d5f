"""Capability tokens out of logs: each token in a path becomes a short, non-reversible tag.

Edit, share and facilitator links and join codes are the only keys to what they open, so a log
line must never carry one. The tag (a hash prefix) still lets an operator tell two requests to the
same link apart, without letting anyone rebuild the link. Standard library only: gunicorn's
configuration imports this before the app exists.
"""

import hashlib
import re
from urllib.parse import parse_qsl, urlencode

# The path segment right after each of these prefixes is a capability token or join code.
_TOKEN_SEGMENT = re.compile(
    r"(/(?:a|s|training/f|training/p|training/r|training/join|api/v1/assessments|api/v1/training)/)([^/?#]+)"
)
# Query parameters that carry tokens (comparison, join form).
TOKEN_PARAMETERS = frozenset({"t", "code", "token"})


def tag(token: str) -> str:
    """Eight hex digits of SHA-256: tells links apart, cannot be turned back into one."""
    return "~" + hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def redact_path(path: str) -> str:
    return _TOKEN_SEGMENT.sub(lambda m: m.group(1) + tag(m.group(2)), path)


def redact_query(query: str) -> str:
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(k, tag(v) if k in TOKEN_PARAMETERS else v) for k, v in pairs], safe="~")


def redact_target(target: str) -> str:
    """A request target (path and optional query) with every token replaced by its tag."""
    path, sep, query = target.partition("?")
    return redact_path(path) + (sep + redact_query(query) if sep else "")
