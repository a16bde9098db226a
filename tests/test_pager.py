"""The pager of `newsgraph query`: on a real pseudo-terminal, as a user at a terminal sees it.

Each run starts ``newsgraph`` as a fresh process whose controlling terminal is a
pseudo-terminal of a set size (12 rows): a table of 46 rows is longer than the
screen, one of 2 rows is not. The pagers are real programs: ``less`` itself,
and ``tee FILE``, which keeps a copy of what the pager was given.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import termios
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, in_ci
from tests.helpers import CLI, run_cli

ROWS, COLUMNS = 12, 160
WHO_MET_WHOM_ROWS = 46  # of the example corpus
PAGER_VARIABLES = ("NEWSGRAPH_PAGER", "PAGER", "LESS")


@dataclass
class Terminal:
    returncode: int
    screen: str  # everything the process (and its pager) wrote to the terminal


def in_terminal(
    args: list[str], env: dict[str, str], *, keys: bytes = b"", after: bytes = b""
) -> Terminal:
    """Run ``newsgraph ARGS`` on a pseudo-terminal; type ``keys`` once ``after`` has shown."""
    pid, master = pty.fork()
    if pid == 0:  # the child: size its terminal, then become newsgraph
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        os.execve(CLI[0], [*CLI, *args], env)
    screen = b""
    typed = not keys
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            os.kill(pid, 9)
            raise AssertionError(f"no output for 120 s; the screen so far: {screen!r}")
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the last process holding the terminal has ended
            break
        if not chunk:
            break
        screen += chunk
        if not typed and after in screen:
            os.write(master, keys)
            typed = True
    os.close(master)
    _, status = os.waitpid(pid, 0)
    return Terminal(os.waitstatus_to_exitcode(status), screen.decode("utf-8", "replace"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pager") / "store"
    loaded = run_cli("--store", str(path), "load", "-q", str(EXAMPLES), timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    return path


def environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PAGER_VARIABLES}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    env["TERM"] = "xterm"
    env.update(values)
    return env


def query(store: Path, *extra: str) -> list[str]:
    return ["--store", str(store), "query", "who-met-whom", *extra]


def table_lines(text: str) -> list[str]:
    return [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def test_a_long_table_goes_through_less_and_quitting_it_ends_the_command(store: Path) -> None:
    less = shutil.which("less")
    if less is None:
        assert not in_ci(), "the CI machine needs less (bash .ci/install-system.sh installs it)"
        pytest.skip("needs less (Debian: apt-get install less)")
    # less shows the first screen and waits; "q" quits it before the end of the table.
    seen = in_terminal(query(store), environment(), keys=b"q", after=b"meeting")
    assert seen.returncode == 0, seen.screen
    assert "meeting" in seen.screen and "actor_a" in seen.screen
    assert f"{WHO_MET_WHOM_ROWS} rows" not in seen.screen, "the end was printed: no pager"
    assert "Traceback" not in seen.screen and "error" not in seen.screen


def test_the_pager_gets_the_whole_table(store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "paged.txt"
    seen = in_terminal(query(store), environment(NEWSGRAPH_PAGER=f"tee {copy}", PAGER="false"))
    assert seen.returncode == 0, seen.screen
    lines = table_lines(copy.read_text(encoding="utf-8"))
    assert lines[0].split()[:3] == ["meeting", "kind", "status"]
    assert lines[-1] == f"{WHO_MET_WHOM_ROWS} rows"
    assert len(lines) == WHO_MET_WHOM_ROWS + 3  # header, rule, rows, count
    assert max(len(line) for line in lines) <= COLUMNS, "fitted to the terminal's width"


def test_pager_falls_back_to_PAGER(store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "paged.txt"
    seen = in_terminal(query(store), environment(PAGER=f"tee {copy}"))
    assert seen.returncode == 0, seen.screen
    assert table_lines(copy.read_text(encoding="utf-8"))[-1] == f"{WHO_MET_WHOM_ROWS} rows"


@pytest.mark.parametrize(
    ("case", "extra", "pager"),
    [
        ("fits the screen", ["--limit", "2"], "tee {copy}"),
        ("--no-pager", ["--no-pager"], "tee {copy}"),
        ("not a table", ["--format", "csv"], "tee {copy}"),
        ("turned off", [], ""),
        ("cat", [], "cat"),
        ("no such pager", [], "{copy}-no-such-program"),
    ],
)
def test_no_pager_when_not_wanted(
    store: Path, tmp_path: Path, case: str, extra: list[str], pager: str
) -> None:
    copy = tmp_path / "paged.txt"
    env = environment(NEWSGRAPH_PAGER=pager.format(copy=copy), PAGER=f"tee {copy}")
    seen = in_terminal(query(store, *extra), env)
    assert seen.returncode == 0, seen.screen
    assert not copy.exists(), case
    rows = 2 if extra[:1] == ["--limit"] else WHO_MET_WHOM_ROWS
    if extra[:1] == ["--format"]:
        assert len(table_lines(seen.screen)) == rows + 1  # CSV: header and rows
    else:
        assert f"{rows} rows" in seen.screen, case


def test_no_pager_in_a_pipe(store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "paged.txt"
    done = subprocess.run(
        [*CLI, *query(store)],
        capture_output=True,
        text=True,
        env=environment(NEWSGRAPH_PAGER=f"tee {copy}"),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not copy.exists()
    assert table_lines(done.stdout)[-1] == f"{WHO_MET_WHOM_ROWS} rows"
