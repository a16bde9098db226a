"""The query editor page (YASGUI) of ``newsgraph serve`` over a remote store.

Over the embedded store the Oxigraph server shows its own YASGUI page; over a
remote store there is none, so the front serves this page and YASGUI, vendored
from its npm package (``loader/report/static/vendor/refresh.sh``), below ``/editor/``.
Nothing on the page is loaded from elsewhere.
"""

from __future__ import annotations

from importlib import resources

EDITOR_PREFIX = "/editor/"
_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8"}  # fmt: skip


def editor_file(path: str) -> tuple[str, bytes] | None:
    """(content type, body) of the editor page at ``/`` or one of its files; None if none."""
    if path == "/":
        name = "editor.html"
    elif path.startswith(EDITOR_PREFIX + "vendor/"):
        name = path[len(EDITOR_PREFIX) :]
    else:
        return None
    parts = name.split("/")
    suffix = "." + parts[-1].rpartition(".")[2]
    if any(p in ("", ".", "..") for p in parts) or suffix not in _TYPES:
        return None
    found = resources.files("loader.server").joinpath("static", *parts)
    return (_TYPES[suffix], found.read_bytes()) if found.is_file() else None
