"""What every response says about itself, and how much one client may ask.

Headers: a strict Content-Security-Policy (scripts, styles and connections from this server
only, no inline script, no framing), `X-Content-Type-Options: nosniff` (a result is never
sniffed into HTML), and a Referrer-Policy that keeps query permalinks from leaking to the sites
that result links lead to. The pages carry data from loaded documents, so these are the second
line behind escaping: nothing in the data can become a script.

Rate limits (Flask-Limiter, in-memory counters) apply per client address to everything but the
health check and static files: past KG_RATE_LIMIT, 429 with Retry-After.
"""

from __future__ import annotations

import threading
import time

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import MemoryStorage

from kamergraph import settings

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
UNLIMITED_ENDPOINTS = ("health.health", "static", "assets.asset")


EXPIRE_EVERY = 1.0  # seconds between sweeps of the rate limiter's spent entries


class InlineExpiryStorage(MemoryStorage):
    """limits' in-memory counters, with spent entries swept on the request's own thread at
    most once a second. The library's storage starts a timer thread for that at nearly every
    request, and `Thread.start` waits until the new thread has run: on a busy machine, a
    scheduling delay added to every request. The limits themselves never depend on the sweep
    (an entry counts by its time), only the memory does."""

    STORAGE_SCHEME = ["kamergraph-memory"]  # noqa: RUF012 (as the base class declares it)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._sweep_lock = threading.Lock()
        self._next_sweep = time.monotonic() + EXPIRE_EVERY

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the timer (name-mangled)
        now = time.monotonic()
        if now < self._next_sweep or not self._sweep_lock.acquire(blocking=False):
            return
        try:
            self._next_sweep = now + EXPIRE_EVERY
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]
        finally:
            self._sweep_lock.release()


def add_security_headers(response: Response) -> Response:
    """Set the security headers on every response (after_request hook)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _unlimited() -> bool:
    return request.endpoint in UNLIMITED_ENDPOINTS


def init_security(app: Flask) -> Limiter:
    """Body size cap, security headers and per-client rate limits for `app`."""
    app.config["MAX_CONTENT_LENGTH"] = int(settings.get("KG_MAX_BODY_KB")) * 1024
    app.after_request(add_security_headers)
    return Limiter(
        get_remote_address,
        app=app,
        application_limits=[settings.get("KG_RATE_LIMIT")],
        application_limits_exempt_when=_unlimited,
        storage_uri="kamergraph-memory://",
        headers_enabled=True,
        strategy="moving-window",
    )
