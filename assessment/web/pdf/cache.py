"""Finished PDFs on disk, named by a hash of everything that shapes them (also the ETag)."""

import functools
import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import weasyprint
from flask import current_app

# What shapes the output besides the inputs: a change to any of these invalidates the cache.
ROOT = Path(__file__).resolve().parents[3]
FINGERPRINTED = (
    "templates/report/*.html",
    "templates/_*.html",
    "static/css/print.css",
    "docs/method.md",
    "assessment/*.py",
    "assessment/web/method.py",
    "assessment/web/pdf/*.py",
)


def _fingerprinted_files() -> Iterator[Path]:
    for pattern in FINGERPRINTED:
        yield from sorted(ROOT.glob(pattern))


@functools.cache
def template_fingerprint() -> str:
    """A digest of the templates, stylesheet, method text and code that shape every PDF.

    Read once per process (a download that hits the cache no longer reads ~40 files): a
    deployment restarts its processes, and so does the development server on a code change.
    """
    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__}".encode())
    for path in _fingerprinted_files():
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def content_key(kind: str, catalogue_hash: str, *parts: str) -> str:
    """The cache key and ETag: sha256 over the kind of PDF, its inputs, the templates and the
    catalogue file's content (``library.catalogue_hash()``, passed in by the caller so that this
    module imports nothing of the app: an edit without a version bump still changes every key)."""
    digest = hashlib.sha256()
    for part in (kind, template_fingerprint(), catalogue_hash, *parts):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _cache_path(cache_dir: str, key: str) -> Path:
    return Path(cache_dir) / key[:2] / f"{key}.pdf"


def cached(key: str) -> bytes | None:
    """The finished PDF, from the shared store (Redis) when REDIS_URL is set, else from disk."""
    if current_app.config.get("REDIS_URL"):
        from assessment.web.pdf import redis_queue  # only with Redis configured

        return redis_queue.cached(key)
    return cached_file(current_app.config["PDF_CACHE_DIR"], key)


def store(key: str, data: bytes) -> None:
    if current_app.config.get("REDIS_URL"):
        from assessment.web.pdf import redis_queue

        redis_queue.store(key, data)
        return
    store_file(current_app.config["PDF_CACHE_DIR"], key, data)


def cached_file(cache_dir: str, key: str) -> bytes | None:
    try:
        return _cache_path(cache_dir, key).read_bytes()
    except OSError:
        return None


def store_file(cache_dir: str, key: str, data: bytes) -> None:
    """Write atomically, so a reader in another process never sees half a file."""
    path = _cache_path(cache_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, path)
