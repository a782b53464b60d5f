"""The URL fetcher of every render: the app's static files, nothing else."""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

# The app's static folder, found from this file so that the fetcher depends on nothing else.
STATIC_DIR = Path(__file__).resolve().parents[3] / "static"
# A pseudo-origin for relative URLs: .invalid never resolves (RFC 2606), and only StaticFetcher
# answers it, from STATIC_DIR. Relative URLs need a hierarchical scheme for urljoin to work.
STATIC_BASE = "https://due-regard.invalid/static/"


class FetchRefused(ValueError):
    """A URL outside the app's static directory: WeasyPrint logs it and draws nothing."""


class StaticFetcher(URLFetcher):
    """Serves files under STATIC_DIR through STATIC_BASE; refuses files, network, data: URLs.

    It records every URL it is asked for, so a render can prove it fetched nothing else.
    """

    def __init__(self, static_dir: Path = STATIC_DIR) -> None:
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.static_dir = static_dir.resolve()
        self.requested: list[str] = []
        self.refused: list[str] = []

    def resolve(self, url: str) -> Path | None:
        """The static file a URL names, or None if it names anything else."""
        if not url.startswith(STATIC_BASE):
            return None
        parts = urlsplit(url)
        relative = unquote(parts.path[len(urlsplit(STATIC_BASE).path) :])
        if parts.query or "\x00" in relative or "\\" in relative:
            return None
        if any(segment in ("", ".", "..") for segment in relative.split("/")):
            return None
        path = (self.static_dir / relative).resolve()
        inside = path.is_relative_to(self.static_dir)
        return path if inside and path.is_file() else None

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        self.requested.append(url[:300])
        path = self.resolve(url)
        if path is None:
            self.refused.append(url[:300])
            raise FetchRefused(f"not a static file of this app: {url[:100]}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
