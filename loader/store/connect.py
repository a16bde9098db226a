"""Open the store the user asked for: embedded by default, a remote endpoint on request."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loader.core.errors import UsageError
from loader.store.base import Store
from loader.store.embedded import EmbeddedStore, open_embedded


@dataclass(frozen=True)
class StoreOptions:
    """The global store options of the CLI (credentials come from the environment)."""

    store_dir: Path | None = None
    endpoint: str | None = None
    update_endpoint: str | None = None
    graph_store: str | None = None
    server: str | None = None
    user: str | None = None
    password: str | None = None
    jobs: int | None = None  # parallel write requests to a remote store

    @property
    def remote(self) -> bool:
        return self.endpoint is not None


def open_store(options: StoreOptions, *, read_only: bool = False) -> Store:
    """Open the embedded store, or connect to the remote endpoint when one is given."""
    if options.remote:
        if options.store_dir is not None:
            raise UsageError("--store and --endpoint both given", hint="use one of them")
        from loader.store.remote import RemoteStore, resolve_endpoints

        assert options.endpoint is not None
        endpoints = resolve_endpoints(
            options.endpoint,
            server=options.server,
            update_endpoint=options.update_endpoint,
            graph_store=options.graph_store,
        )
        return RemoteStore(
            endpoints, user=options.user, password=options.password, jobs=options.jobs
        )
    store: EmbeddedStore = open_embedded(options.store_dir, read_only=read_only)
    return store
