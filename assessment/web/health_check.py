"""Whether this instance can save anything: the check behind /healthz."""

import secrets

from assessment.web.db import db, describe_database_error
from assessment.web.limit_store import RateCounter


def database_writable() -> str:
    """ "ok", or why a write fails: a real write in a transaction that is always rolled back.

    A read-only file, a full disk or a read-only PostgreSQL replica all answer SELECT 1 happily;
    only a write tells a load balancer that this instance cannot save anything.
    """
    try:
        db.session.add(RateCounter(key=f"healthz:{secrets.token_hex(8)}", count=0, expires_at=0.0))
        db.session.flush()
        return "ok"
    except Exception as exc:  # any failure means unhealthy, whatever its kind
        return f"not writable: {describe_database_error(exc)}"
    finally:
        db.session.rollback()
