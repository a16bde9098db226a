"""Check articles in parallel worker processes that an interruption stops at once.

``multiprocessing.Pool`` shares one locked task queue between its workers; an
idle worker holds that lock while it waits, so ``Pool.terminate()`` after a
Ctrl-C can wait for it forever, and every worker prints a ``KeyboardInterrupt``
traceback. Here each worker has its own pipe to the parent and shares no lock:
the parent alone reacts to SIGINT (workers ignore it), and stopping is killing
the workers and reaping them.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 16  # items per message
AHEAD = 2  # chunks sent to a worker before its results come back
STOP_SECONDS = 2.0


class WorkerDiedError(RuntimeError):
    """A worker process ended without being asked to (killed, or out of memory)."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        super().__init__(f"a checking process ended unexpectedly (exit code {exitcode})")


def _serve(conn: Connection, task: Callable[[T], R]) -> None:
    """A worker's loop: receive chunks of (index, item), send back (index, result)."""
    # SIGINT goes to the whole process group on Ctrl-C; the parent handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    while True:
        try:
            chunk = conn.recv()
        except EOFError:
            return
        if chunk is None:
            return
        try:
            conn.send([(i, task(item)) for i, item in chunk])
        except Exception as exc:  # re-raised in the parent
            conn.send(exc)


class WorkerPool(Generic[T, R]):
    """Forked workers running ``task``; results come back in input order."""

    def __init__(self, task: Callable[[T], R], *, workers: int) -> None:
        self._procs: list[tuple[BaseProcess, Connection]] = []
        ctx = mp.get_context("fork")
        # A Ctrl-C between fork and the worker's own SIG_IGN would print a traceback:
        # block it while forking, so the worker sees it only once it ignores it.
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            try:
                for _ in range(workers):
                    parent, child = ctx.Pipe()
                    proc = ctx.Process(target=_serve, args=(child, task), daemon=True)
                    proc.start()
                    child.close()
                    self._procs.append((proc, parent))
            finally:
                # A Ctrl-C that came while forking is raised here: the workers stop too.
                signal.pthread_sigmask(signal.SIG_SETMASK, old)
        except BaseException:
            self.stop()
            raise

    def map(self, items: Sequence[T]) -> Iterator[R]:
        """Each item's result, in the order of ``items``; memory stays bounded."""
        chunks = [
            [(i, items[i]) for i in range(start, min(start + CHUNK, len(items)))]
            for start in range(0, len(items), CHUNK)
        ]
        next_chunk = 0
        outstanding = {conn: 0 for _, conn in self._procs}
        done: dict[int, R] = {}
        emitted = 0
        while emitted < len(items):
            for conn in outstanding:
                while outstanding[conn] < AHEAD and next_chunk < len(chunks):
                    conn.send(chunks[next_chunk])
                    next_chunk += 1
                    outstanding[conn] += 1
            for ready in wait(list(outstanding)):
                conn = self._conn(ready)
                try:
                    results = conn.recv()
                except EOFError:
                    raise WorkerDiedError(self._exitcode(conn)) from None
                if isinstance(results, Exception):
                    raise results
                outstanding[conn] -= 1
                done.update(results)
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1

    def _conn(self, ready: object) -> Connection:
        for _, conn in self._procs:
            if conn is ready:
                return conn
        raise AssertionError("wait() returned an unknown connection")

    def _exitcode(self, conn: Connection) -> int | None:
        for proc, c in self._procs:
            if c is conn:
                proc.join(STOP_SECONDS)
                return proc.exitcode
        return None

    def stop(self) -> None:
        """End every worker now (they hold nothing that needs cleaning up) and reap it."""
        for proc, conn in self._procs:
            if proc.exitcode is None:
                proc.kill()
            conn.close()
        for proc, _ in self._procs:
            proc.join(STOP_SECONDS)
        self._procs.clear()

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["WorkerDiedError", "WorkerPool"]
