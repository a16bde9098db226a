"""Retrying requests to a remote store, and what a failed one says.

A lost connection, an HTTP 5xx or a deadlock rollback is tried again with
backoff (4xx never). A server that has answered once and then refuses or drops
connections is most likely restarting or busy (a checkpoint): it gets about
20 s before the load gives up, where a URL that never answered fails within a
second.
"""

from __future__ import annotations

import http.client
import logging
import random
import socket
import time
import urllib.parse
from collections.abc import Callable
from typing import TypeVar

from loader.core.errors import EndpointError

log = logging.getLogger("newsgraph.remote")

T = TypeVar("T")

RETRY_STATUS = {500, 502, 503, 504}
_TRIES = 3
_DEADLOCK_TRIES = 10
_LOST_TRIES = 9
_FIRST_DELAY = 0.25
_answered: set[str] = set()  # the host:port of every server that answered this process


def public_url(url: str) -> str:
    """The URL without user info, for messages."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


class RetryError(Exception):
    """A failure worth another try (connection lost, HTTP 5xx)."""

    def __init__(self, error: EndpointError, *, deadlock: bool = False, lost: bool = False) -> None:
        super().__init__(error.message)
        self.error = error
        # A transaction the server rolled back for a concurrent one (Virtuoso's SQLSTATE
        # 40001): expected with parallel writes, so tried again more often, and quietly.
        self.deadlock = deadlock
        # The connection was refused or dropped (not a timeout, not an HTTP status).
        self.lost = lost


def with_retries(call: Callable[[], T], url: str) -> T:
    """``call()``, tried again after a lost connection, a 5xx or a deadlock."""
    host = urllib.parse.urlsplit(url).netloc
    delay, attempt = _FIRST_DELAY, 0
    while True:
        attempt += 1
        try:
            result = call()
            _answered.add(host)
            return result
        except RetryError as retry:
            tries = _TRIES
            if retry.deadlock:
                tries = _DEADLOCK_TRIES
            elif retry.lost and host in _answered:
                tries = _LOST_TRIES
            if attempt >= tries:
                raise retry.error from None
            level = logging.DEBUG if retry.deadlock else logging.WARNING
            log.log(level, "%s; retrying in %.2fs", retry.error.problem, delay)
            # Two writers rolled back together must not retry in step.
            time.sleep(delay * (1 + random.random()) if retry.deadlock else delay)
            delay = min(delay * 2, 4.0)


def lost_connection(url: str, reason: object) -> RetryError:
    """A request that never got an answer: refused, dropped, timed out."""
    lost = isinstance(reason, ConnectionError)  # refused, reset, closed before the answer
    return RetryError(unreachable(url, reason), lost=lost)


def unreachable(url: str, reason: object) -> EndpointError:
    if isinstance(reason, ConnectionRefusedError):
        why = "connection refused"
    elif isinstance(reason, socket.gaierror):
        why = "unknown host"
    elif isinstance(reason, TimeoutError):
        why = "timed out"
    elif isinstance(reason, http.client.RemoteDisconnected | ConnectionResetError):
        why = "the connection was closed"
    else:
        why = str(reason) or type(reason).__name__
    return EndpointError(
        f"cannot reach the SPARQL endpoint at {public_url(url)}: {why}",
        hint="check the URL and that the server runs",
    )
