"""Write one batch of articles while the next one is being checked.

A load alternates between checking articles (worker processes) and writing a
batch of them. Into a remote store a write is mostly waiting for the server,
and the workers, which run only a few articles ahead, sit idle meanwhile: the
two costs add up. A store that says so (``writes_ahead``) has each write run
in a thread while checking goes on. At most one batch is in flight, so memory
stays bounded, batches land in order, and a failure is raised (by the next
:meth:`WriteAhead.submit`, or by :meth:`WriteAhead.wait`) before anything after
that batch is written, so the load's counts stay exact.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class WriteAhead(Generic[T]):
    """Runs ``write(items)`` in a thread for stores with ``writes_ahead``, else inline."""

    def __init__(self, write: Callable[[list[T]], None], store: object) -> None:
        self._write = write
        self._background = bool(getattr(store, "writes_ahead", False))
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._in_flight: list[T] = []

    def submit(self, batch: list[T]) -> None:
        """Write the batch's items (the list is emptied); the previous write ends first."""
        if not batch:
            return
        self.wait()
        items = self._in_flight = list(batch)
        batch.clear()
        if not self._background:
            self._write(items)  # an interruption here leaves the items in flight
            self._in_flight = []
            return
        self._thread = threading.Thread(
            target=self._run, args=(items,), name="newsgraph-write", daemon=True
        )
        self._thread.start()

    def flush(self, batch: list[T]) -> None:
        """Write the batch and wait until it and any earlier one are written."""
        self.submit(batch)
        self.wait()

    def wait(self) -> None:
        """Until the batch in flight is written; its error is raised here."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        self._in_flight = []
        error, self._error = self._error, None
        if error is not None:
            raise error

    def settle(self) -> list[T]:
        """After an interruption: let the write in flight end, and return its batch.

        The batch may or may not have landed; the caller looks it up in the store.
        """
        items = self._in_flight
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        self._in_flight, self._error = [], None
        return items

    def _run(self, items: list[T]) -> None:
        try:
            self._write(items)
        except BaseException as exc:  # raised again in the caller's thread
            self._error = exc
