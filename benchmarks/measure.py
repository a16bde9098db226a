"""Timing and memory measurement of child processes, and the machine description."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

PYTHON = sys.executable
POLL_S = 0.05


@dataclass(slots=True)
class Measured:
    """How one child process went: wall time, peak memory, exit code and output."""

    seconds: float
    peak_rss_mb: float  # peak of the summed RSS of the process and its children
    max_rss_mb: float  # largest single process (from wait4)
    returncode: int
    stdout: str
    stderr: str

    def check(self, what: str) -> Measured:
        if self.returncode != 0:
            tail = (self.stderr or self.stdout).strip().splitlines()[-5:]
            raise RuntimeError(f"{what} failed (exit {self.returncode}): " + " | ".join(tail))
        return self

    def last_json(self) -> dict[str, Any]:
        """The last line of stdout parsed as JSON (child scripts report that way)."""
        result: dict[str, Any] = json.loads(self.stdout.strip().splitlines()[-1])
        return result


def run(cmd: list[str], *, timeout: float | None = None, cwd: Path | None = None) -> Measured:
    """Run a command, polling the RSS of its whole process tree until it exits."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
        ps = psutil.Process(proc.pid)
        peak = 0
        while True:
            # wait4 (not Popen.poll) so the kernel's per-child peak RSS comes back too.
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(ps))
            if timeout is not None and time.perf_counter() - t0 > timeout:
                _kill_tree(ps)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(POLL_S)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        max_rss = usage.ru_maxrss / 1024  # KiB on Linux
        return Measured(
            seconds=seconds,
            peak_rss_mb=max(peak / 2**20, max_rss),
            max_rss_mb=max_rss,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def _tree_rss(ps: psutil.Process) -> int:
    total = 0
    try:
        procs = [ps, *ps.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


def _kill_tree(ps: psutil.Process) -> None:
    try:
        children = ps.children(recursive=True)
    except psutil.Error:
        children = []
    for p in [*children, ps]:
        try:
            p.kill()
        except psutil.Error:
            continue


def python_snippet(code: str, *args: str, timeout: float | None = None) -> Measured:
    """Run a Python snippet in a fresh interpreter; ``sys.argv[1:]`` are ``args``."""
    return run([PYTHON, "-c", code, *args], timeout=timeout)


def median_time(
    fn: Callable[[], Any], *, repeat: int = 5, slow_s: float = 10.0, slow_repeat: int = 2
) -> tuple[float, Any, int]:
    """Median wall time of ``repeat`` calls after one warm-up call, the last result, and the
    number of timed calls: ``slow_repeat`` instead when the warm-up took over ``slow_s``."""
    t0 = time.perf_counter()
    result = fn()
    if time.perf_counter() - t0 > slow_s:
        repeat = slow_repeat
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result, repeat


def machine() -> dict[str, Any]:
    """CPU model, cores, memory, Python and pyoxigraph versions."""
    import pyoxigraph

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "pyoxigraph": getattr(pyoxigraph, "__version__", "?"),
        "platform": platform.platform(),
    }
