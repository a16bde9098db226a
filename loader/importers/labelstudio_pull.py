"""Pull a project's JSON export straight from a Label Studio server.

The token comes from ``LABEL_STUDIO_API_KEY``: a personal access token (a
JWT refresh token, exchanged for an access token first, as Label Studio 1.23
requires) or, where the organisation still allows them, a legacy token.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from loader.core.errors import UsageError

TIMEOUT = 300


def fetch_export(url: str, project: int, token: str) -> bytes:
    """The project's JSON export, as Label Studio's Export → JSON gives it."""
    base = url.rstrip("/")
    auth = _authorization(base, token)
    return _request(f"{base}/api/projects/{project}/export?exportType=JSON", auth=auth)


def _authorization(base: str, token: str) -> str:
    if token.count(".") != 2:  # not a JWT: a legacy token
        return f"Token {token}"
    body = json.dumps({"refresh": token}).encode()
    reply: Any = json.loads(_request(f"{base}/api/token/refresh/", data=body))
    return f"Bearer {reply['access']}"


def _request(url: str, *, auth: str | None = None, data: bytes | None = None) -> bytes:
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = auth
    req = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:  # noqa: S310
            content: bytes = resp.read()
            return content
    except urllib.error.HTTPError as exc:
        hint = (
            "check LABEL_STUDIO_API_KEY (Account & Settings → Personal Access Token)"
            if exc.code in (401, 403)
            else "check --url and --project"
        )
        raise UsageError(f"Label Studio answered {exc.code} for {url}", hint=hint) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise UsageError(
            f"cannot reach Label Studio at {url}: {getattr(exc, 'reason', exc)}",
            hint="check --url; the server must be running",
        ) from exc
