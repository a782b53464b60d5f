"""What the app trusts about the connection: proxies, HTTPS, host names.

Behind ``PROXY_COUNT`` reverse proxies, ProxyFix takes the client address and scheme from their
X-Forwarded-For / X-Forwarded-Proto headers (and from no one else's). Over HTTPS the session
cookie is marked Secure and production answers carry HSTS. Absolute links (share link, training
join URL and QR code) are built from the configured SERVER_NAME, never from the request's Host
header; TRUSTED_HOSTS, when set, refuses requests for any other host.
"""

from flask import Flask, Response, current_app, request, url_for
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (or config says so)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def _hsts(response: Response) -> Response:
    app = current_app
    if request.is_secure and app.config["ENV_NAME"] == "production":
        seconds = int(app.config["HSTS_SECONDS"])
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={seconds}; includeSubDomains"
        )
    return response


def external_url(endpoint: str, **values: object) -> str:
    """An absolute URL on the configured host: a forged Host header never reaches a link.

    With SERVER_NAME set, its scheme and host are used; otherwise (development) the request's
    host, which TRUSTED_HOSTS can restrict. Production refuses to start without SERVER_NAME.
    """
    path = url_for(endpoint, **values)  # type: ignore[arg-type]
    server_name = current_app.config.get("SERVER_NAME")
    if not server_name:
        return request.host_url.rstrip("/") + path
    scheme = current_app.config["PREFERRED_URL_SCHEME"]
    root = (current_app.config.get("APPLICATION_ROOT") or "/").rstrip("/")
    if path.startswith(root + "/"):
        path = path[len(root) :]
    return f"{scheme}://{server_name}{root}{path}"


def check_public_address(app: Flask) -> None:
    if app.config["ENV_NAME"] == "production" and not app.config.get("SERVER_NAME"):
        raise RuntimeError(
            "Refusing to start: set DUE_REGARD_SERVER_NAME to the public host name (for example "
            "assess.example.org) so that share and join links never come from a Host header."
        )


def init_transport(app: Flask) -> None:
    check_public_address(app)
    proxies = int(app.config["PROXY_COUNT"])
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0, x_port=0, x_prefix=0
        )
    app.session_interface = SessionInterface()
    app.jinja_env.globals["external_url"] = external_url
    app.after_request(_hsts)
