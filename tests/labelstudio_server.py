"""A real Label Studio server on loopback for the round-trip test.

Label Studio lives in its own virtual environment (its dependencies clash
with ours): ``.ci/install-label-studio.sh`` creates it. The fixture starts it
on a free port with a private data directory, logs in as its user and makes
a personal access token, as a person would in the web interface. Locally a
missing install skips; with ``CI=true`` it fails.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.servers import free_port

VENV = Path(
    os.environ.get("NEWSGRAPH_LABEL_STUDIO_VENV", Path.home() / ".cache" / "newsgraph" / "ls-venv")
)
USER, PASSWORD = "analyst@example.org", "newsgraph-test-pass-1"
START_SECONDS = 240


def unavailable(reason: str) -> None:
    message = f"Label Studio unavailable: {reason} — run .ci/install-label-studio.sh"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass
class LabelStudio:
    base_url: str
    access: str
    personal_token: str  # what a user copies from Account & Settings

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        r = requests.request(
            method,
            self.base_url + path,
            headers={"Authorization": f"Bearer {self.access}"},
            timeout=120,
            **kwargs,
        )
        assert r.status_code < 300, f"{method} {path}: {r.status_code} {r.text[:500]}"
        return r.json() if r.content else None


def _token(base: str) -> tuple[str, str]:
    """Log in through the web form, create a personal access token, exchange it."""
    s = requests.Session()
    s.get(f"{base}/user/login/", timeout=60)
    r = s.post(
        f"{base}/user/login/",
        data={
            "email": USER,
            "password": PASSWORD,
            "csrfmiddlewaretoken": s.cookies.get("csrftoken", ""),
        },
        headers={"Referer": f"{base}/user/login/"},
        allow_redirects=False,
        timeout=60,
    )
    assert r.status_code == 302, f"login failed: {r.status_code}"
    headers = {"X-CSRFToken": s.cookies.get("csrftoken", ""), "Referer": base}
    r = s.post(f"{base}/api/token/", headers=headers, timeout=60)
    assert r.status_code == 201, f"token: {r.status_code} {r.text[:300]}"
    refresh = r.json()["token"]
    r = requests.post(f"{base}/api/token/refresh/", json={"refresh": refresh}, timeout=60)
    assert r.status_code == 200, f"refresh: {r.status_code} {r.text[:300]}"
    access: str = r.json()["access"]
    return access, refresh


@pytest.fixture(scope="module")
def label_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabelStudio]:
    exe = VENV / "bin" / "label-studio"
    if not exe.exists():
        unavailable(f"{exe} does not exist")
    data = tmp_path_factory.mktemp("label-studio")
    port = free_port()
    log = data / "server.log"
    env = {
        **os.environ,
        "LABEL_STUDIO_BASE_DATA_DIR": str(data),
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(exe),
                "start",
                "--no-browser",
                "--internal-host",
                "127.0.0.1",
                "--port",
                str(port),
                "--data-dir",
                str(data / "data"),
                "--username",
                USER,
                "--password",
                PASSWORD,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=data,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if proc.poll() is not None:
                unavailable(f"exited with {proc.returncode}: {log.read_text()[-1500:]}")
            try:
                if requests.get(f"{base}/health", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                unavailable(f"not up after {START_SECONDS} s: {log.read_text()[-1500:]}")
            time.sleep(1)
        yield LabelStudio(base, *_token(base))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
