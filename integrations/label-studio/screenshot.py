"""Take the screenshot of the labeling screen in docs/annotation-tools.md.

Run with the Python of Label Studio's own virtual environment (it has
``requests``), against a running server whose user and password you know:

    label-studio start --internal-host 127.0.0.1 --port 8080 --username U --password P
    newsgraph labelstudio tasks ARTICLE.txt --predictions --corpus examples/ \
        --published 2025-10-21 --out tasks.json
    python screenshot.py http://127.0.0.1:8080 U P tasks.json docs/images/label-studio-labeling.png

It logs in, creates a project with the shipped config, imports the tasks, and
points headless Chromium at the first task through a small local proxy that
adds the session cookie (Chromium's --screenshot mode cannot log in).
"""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import requests

CONFIG = Path(__file__).with_name("config.xml")


def main(base: str, user: str, password: str, tasks: Path, out: Path) -> None:
    s = requests.Session()
    s.get(f"{base}/user/login/", timeout=60)
    s.post(
        f"{base}/user/login/",
        timeout=60,
        allow_redirects=False,
        data={
            "email": user,
            "password": password,
            "csrfmiddlewaretoken": s.cookies.get("csrftoken", ""),
        },
        headers={"Referer": f"{base}/user/login/"},
    )
    headers = {"X-CSRFToken": s.cookies.get("csrftoken", ""), "Referer": base}
    project = s.post(
        f"{base}/api/projects",
        headers=headers,
        timeout=60,
        json={"title": "newsgraph", "label_config": CONFIG.read_text()},
    ).json()
    s.post(
        f"{base}/api/projects/{project['id']}/import",
        headers=headers,
        timeout=120,
        json=json.loads(tasks.read_text()),
    )
    listed = s.get(f"{base}/api/tasks?project={project['id']}", timeout=60).json()
    task = (listed["tasks"] if isinstance(listed, dict) else listed)[0]["id"]
    cookie = "; ".join(f"{k}={v}" for k, v in s.cookies.items())

    csrf = s.cookies.get("csrftoken", "")

    class Proxy(http.server.BaseHTTPRequestHandler):
        def forward(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size) if size else None
            sent = {"Cookie": cookie, "X-CSRFToken": csrf, "Referer": base}
            if self.headers.get("Content-Type"):
                sent["Content-Type"] = self.headers["Content-Type"]
            r = requests.request(
                self.command, base + self.path, data=body, headers=sent, timeout=60
            )
            self.send_response(r.status_code)
            for key in ("Content-Type",):
                if key in r.headers:
                    self.send_header(key, r.headers[key])
            self.end_headers()
            self.wfile.write(r.content)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = forward  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/projects/{project['id']}/data?task={task}"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1500,1000",
            "--virtual-time-budget=30000",
            f"--screenshot={out.resolve()}",
            url,
        ],
        check=True,
        timeout=180,
    )
    server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4]), Path(sys.argv[5]))
