"""``newsgraph serve``: a SPARQL endpoint, its query editor and the report, at one address."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from loader.cli.app import AppContext, main, pass_app
from loader.cli.report_options import scope_options, site_options
from loader.core.errors import UsageError
from loader.server.serve import ServeOptions, run
from loader.store.embedded import DEFAULT_STORE_DIR
from loader.store.remote import RemoteStore


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (use 0.0.0.0 to serve other machines).",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=7878,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--writable",
    is_flag=True,
    help="Also accept SPARQL updates (locks the store like a load does).",
)
@click.option("--cors", is_flag=True, help="Allow cross-origin requests from web pages.")
@scope_options
@site_options
@click.option("--no-report", is_flag=True, help="Serve only the SPARQL endpoint and editor.")
@pass_app
def serve(app: AppContext, host: str, port: int, writable: bool, cors: bool, actor: str | None,
          date_from: str | None, date_to: str | None, texts: tuple[Path, ...], title: str,
          no_report: bool) -> None:  # fmt: skip
    """Serve the store until Ctrl-C: SPARQL endpoint, query editor and report pages.

    The report (the pages of newsgraph report: network, timeline, fact and actor
    pages) is at /report/, built from the canned queries over the store as it is
    now, and redone when the store changes. Over the embedded store, the SPARQL
    endpoint is at /query and the query editor (YASGUI) at /. Read-only by default,
    so it can run while `newsgraph load` writes; it shows the store as it was when
    it started. The default graph is the union of all graphs, as in `newsgraph
    query`. Queries come by GET (URLs up to 1 MB) or POST. Needs the Oxigraph
    server: pip install 'newsgraph[server]' (make demo installs it).

    Over a remote store (--endpoint), the same address serves the report, the
    query editor at / and a read-only SPARQL endpoint at /query that forwards
    each query to the remote store (credentials from NEWSGRAPH_USER and
    NEWSGRAPH_PASSWORD stay on this server); updates are refused.

    The report's scope is that of --actor, --from and --to (as for newsgraph
    report); a URL may ask for another: /report/?actor=Lavrov&from=2025-08.

    \b
    Examples:
      newsgraph serve --port 7878 --texts examples/
      curl http://127.0.0.1:7878/query -H 'Accept: text/csv' \\
           --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      newsgraph --endpoint http://localhost:8890/sparql --server virtuoso serve
    """
    options = ServeOptions(
        store_dir=app.store_options.store_dir or DEFAULT_STORE_DIR,
        host=host,
        port=port,
        writable=writable,
        cors=cors,
        report=not no_report,
        texts=texts,
        title=title,
        actor=actor,
        date_from=date_from,
        date_to=date_to,
    )
    if app.store_options.remote:
        if writable:
            raise UsageError(
                "--writable does not apply to a remote store: its endpoint is served read-only",
                hint="change a remote store with newsgraph load, or drop --writable",
            )
        with app.store(read_only=True) as store:
            assert isinstance(store, RemoteStore)
            sys.exit(run(options, ready=_announce_remote, remote=store,
                         user=app.store_options.user,
                         password=app.store_options.password))  # fmt: skip
    sys.exit(run(options, ready=_announce))


def _announce(options: ServeOptions) -> None:
    mode = "read-write" if options.writable else "read-only"
    click.echo(f"serving the embedded store at {options.store_dir} ({mode})")
    click.echo(f"SPARQL query endpoint: {options.query_url}")
    if options.update_url:
        click.echo(f"SPARQL update endpoint: {options.update_url}")
    click.echo(f"query editor (YASGUI): {options.base_url}/")
    if options.report_url:
        click.echo(f"report: {options.report_url}")
    click.echo("press Ctrl-C to stop", err=True)


def _announce_remote(options: ServeOptions) -> None:
    click.echo("serving the remote store (read-only)")
    click.echo(f"SPARQL query endpoint (forwarded): {options.query_url}")
    click.echo(f"query editor (YASGUI): {options.base_url}/")
    if options.report_url:
        click.echo(f"report: {options.report_url}")
    click.echo("press Ctrl-C to stop", err=True)
