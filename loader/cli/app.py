"""The ``newsgraph`` click group: global options, store opening and error reporting.

The CLI is a thin layer: commands call the library, and this module turns a
:class:`~loader.core.errors.NewsgraphError` into one message and an exit code.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from loader.core.errors import EXIT_INTERRUPTED, NewsgraphError
from loader.store.base import Store
from loader.store.connect import StoreOptions, open_store

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass
class AppContext:
    """What every command gets: how to open the store, and the --debug switch."""

    store_options: StoreOptions
    debug: bool = False

    @contextmanager
    def store(self, *, read_only: bool = False) -> Iterator[Store]:
        """Open the configured store (embedded or remote) and close it afterwards."""
        store = open_store(self.store_options, read_only=read_only)
        try:
            yield store
        finally:
            store.close()


pass_app = click.make_pass_decorator(AppContext)


GLOBAL_OPTIONS = ("--store", "--endpoint", "--update-endpoint", "--graph-store", "--server")
GLOBAL_FLAGS = ("--debug",)
END = "--"  # after it, nothing is an option


def globals_first(args: list[str]) -> list[str]:
    """Move the global options written after the command in front of it.

    `newsgraph load corpus/ --store X` reads as naturally as `newsgraph --store X
    load corpus/`; no command has an option of the same name. Everything after
    `--` is left alone.
    """
    head: list[str] = []
    i = 0
    while i < len(args):  # the global options before the command, and the command
        arg = args[i]
        head.append(arg)
        i += 1
        if arg in GLOBAL_OPTIONS and i < len(args):
            head.append(args[i])
            i += 1
        elif not arg.startswith("-") or arg == END:
            break
    moved: list[str] = []
    rest: list[str] = []
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == END:
            rest.extend(args[i - 1 :])
            break
        name = arg.split("=", 1)[0]
        if arg in GLOBAL_OPTIONS and i < len(args):
            moved += [arg, args[i]]
            i += 1
        elif (name in GLOBAL_OPTIONS and "=" in arg) or arg in GLOBAL_FLAGS:
            moved.append(arg)
        else:
            rest.append(arg)
    if not moved:
        return args
    command = head[-1:] if head and not head[-1].startswith("-") else []
    return head[: len(head) - len(command)] + moved + command + rest


class NewsgraphGroup(click.Group):
    """A group that reports NewsgraphError as one line and its exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, globals_first(list(args)))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsgraphError as exc:
            app = ctx.find_object(AppContext)
            if app is not None and app.debug:
                traceback.print_exc()
            if exc.exit_code == EXIT_INTERRUPTED:  # not a mistake: say what was kept
                err_console.print(escape(exc.message), markup=True)
            else:
                err_console.print(f"[bold red]error:[/] {escape(exc.message)}", markup=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (`newsgraph query ... | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            err_console.print("interrupted")
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            app = ctx.find_object(AppContext)
            if app is not None and app.debug:
                raise
            err_console.print(
                f"[bold red]internal error:[/] {type(exc).__name__}: {exc} — "
                "this is a bug in newsgraph; rerun with --debug and report the traceback",
            )
            ctx.exit(70)
        return None


@click.group(cls=NewsgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="NEWSGRAPH_STORE",
    default=None,
    help="Embedded store directory (default .newsgraph). Env: NEWSGRAPH_STORE.",
)
@click.option(
    "--endpoint",
    envvar="NEWSGRAPH_ENDPOINT",
    default=None,
    help="SPARQL query endpoint URL of a remote store. Env: NEWSGRAPH_ENDPOINT.",
)
@click.option(
    "--update-endpoint",
    envvar="NEWSGRAPH_UPDATE_ENDPOINT",
    default=None,
    help="SPARQL update endpoint URL, where it differs. Env: NEWSGRAPH_UPDATE_ENDPOINT.",
)
@click.option(
    "--graph-store",
    envvar="NEWSGRAPH_GRAPH_STORE",
    default=None,
    help="Graph Store Protocol URL, where it differs. Env: NEWSGRAPH_GRAPH_STORE.",
)
@click.option(
    "--server",
    type=click.Choice(["oxigraph", "virtuoso", "fuseki", "generic"]),
    envvar="NEWSGRAPH_SERVER",
    default=None,
    help="Preset for a server kind: fills in the usual endpoint paths from --endpoint.",
)
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.version_option(package_name="newsgraph")
@click.pass_context
def main(
    ctx: click.Context,
    store_dir: Path | None,
    endpoint: str | None,
    update_endpoint: str | None,
    graph_store: str | None,
    server: str | None,
    debug: bool,
) -> None:
    """Turn annotated news about diplomacy into a queryable RDF knowledge graph.

    \b
    Examples:
      newsgraph load examples/            # load a corpus into ./.newsgraph
      newsgraph query who-met-whom -p actor=Lavrov
      newsgraph export --format owl graph.owl

    Credentials for remote stores come from NEWSGRAPH_USER and
    NEWSGRAPH_PASSWORD, never from the command line.
    """
    ctx.obj = AppContext(
        store_options=StoreOptions(
            store_dir=store_dir,
            endpoint=endpoint,
            update_endpoint=update_endpoint,
            graph_store=graph_store,
            server=server,
            user=os.environ.get("NEWSGRAPH_USER"),
            password=os.environ.get("NEWSGRAPH_PASSWORD"),
        ),
        debug=debug,
    )


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C while a long command runs, so both stop it cleanly."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
