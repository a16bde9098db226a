"""A pager for long tables on a terminal, the way git does it.

Output goes through a pager only when stdout is a terminal and the text is
longer than the screen: the first screenful is held back, and only once it
overflows is the pager started (and fed what was held, then the rest as it
streams). The pager is ``$NEWSGRAPH_PAGER``, else ``$PAGER``, else ``less``;
an empty value or ``cat`` turns it off, and so does ``--no-pager``. ``less``
gets ``LESS=FRX`` unless ``$LESS`` is set: it quits on a screen that fits,
keeps colours, and leaves the text on the screen when it ends.

When the reader quits the pager before the end, the writer gets the
``BrokenPipeError`` a closed pipe gives (the CLI then stops quietly, exit 0).
While the pager runs, Ctrl-C belongs to it: newsgraph waits for it to end.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO, cast

from loader.queries.table import cell_width

DEFAULT_PAGER = "less"
LESS_OPTIONS = "FRX"


def pager_command() -> list[str] | None:
    """The pager to run (as argv), or None when paging is turned off."""
    text = os.environ.get("NEWSGRAPH_PAGER")
    if text is None:
        text = os.environ.get("PAGER", DEFAULT_PAGER)
    argv = shlex.split(text)
    if not argv or argv == ["cat"]:
        return None
    return argv


class _Pager(io.TextIOBase):
    """Holds the first screenful back; past it, starts the pager and writes into it."""

    def __init__(self, out: TextIO, argv: list[str]) -> None:
        self.out = out
        self.argv = argv
        size = shutil.get_terminal_size()
        self.columns = max(size.columns, 1)
        self.room = max(size.lines - 1, 1)  # the pager's prompt takes a line
        self.held: list[str] = []
        self.rows = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.direct = False  # no pager could start: straight to the terminal
        self.sigint: Any = None

    def isatty(self) -> bool:
        return True  # tables fit the terminal's width, as they would without the pager

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.direct:
            return self.out.write(text)
        if self.proc is None:
            self.held.append(text)
            self.rows += sum(  # screen rows, a long line wrapping over several
                max(1, -(-cell_width(line) // self.columns)) for line in text.split("\n")[:-1]
            )
            if self.rows > self.room and not self._start():
                self.direct = True
                self._flush_held()
            return len(text)
        self._send(text)
        return len(text)

    def _start(self) -> bool:
        env = dict(os.environ)
        env.setdefault("LESS", LESS_OPTIONS)
        self.out.flush()
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, env=env)
        except OSError:
            return False  # no such pager: print as if there were none
        self.sigint = signal.signal(signal.SIGINT, signal.SIG_IGN)
        held, self.held = "".join(self.held), []
        self._send(held)
        return True

    def _flush_held(self) -> None:
        self.out.write("".join(self.held))
        self.held = []

    def _send(self, text: str) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(text.encode("utf-8"))  # BrokenPipeError once the reader quits

    def finish(self) -> None:
        if self.proc is None:
            self._flush_held()
            return
        assert self.proc.stdin is not None
        with suppress(BrokenPipeError):
            self.proc.stdin.close()
        try:
            self.proc.wait()
        finally:
            signal.signal(signal.SIGINT, self.sigint)


@contextmanager
def paged(out: TextIO, *, enabled: bool = True) -> Iterator[TextIO]:
    """Where to write a long text: ``out`` itself, or a pager when ``out`` is a terminal."""
    argv = pager_command() if enabled and out.isatty() else None
    if argv is None:
        yield out
        return
    pager = _Pager(out, argv)
    try:
        yield cast(TextIO, pager)
    finally:
        pager.finish()


__all__ = ["DEFAULT_PAGER", "paged", "pager_command"]
