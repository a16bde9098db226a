"""``newsgraph serve``: a local SPARQL endpoint over the embedded store."""

from __future__ import annotations

import sys

import click

from loader.cli.app import AppContext, main, pass_app
from loader.core.errors import UsageError
from loader.server.serve import ServeOptions, run
from loader.store.embedded import DEFAULT_STORE_DIR


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
@pass_app
def serve(app: AppContext, host: str, port: int, writable: bool, cors: bool) -> None:
    """Serve the embedded store as a SPARQL endpoint until Ctrl-C.

    Read-only by default, so it can run while `newsgraph load` writes; it
    shows the store as it was when it started. The default graph is the union
    of all graphs, as in `newsgraph query`. Queries come by GET (URLs up to
    1 MB) or POST. Needs the Oxigraph server: pip install 'newsgraph[server]'
    (make demo installs it).

    \b
    Examples:
      newsgraph serve --port 7878
      curl http://127.0.0.1:7878/query -H 'Accept: text/csv' \\
           --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    if app.store_options.remote:
        raise UsageError(
            "serve works on the embedded store; a remote endpoint is already a SPARQL server",
            hint="drop --endpoint (and NEWSGRAPH_ENDPOINT) or use --store DIR",
        )
    options = ServeOptions(
        store_dir=app.store_options.store_dir or DEFAULT_STORE_DIR,
        host=host,
        port=port,
        writable=writable,
        cors=cors,
    )
    sys.exit(run(options, ready=_announce))


def _announce(options: ServeOptions) -> None:
    mode = "read-write" if options.writable else "read-only"
    click.echo(f"serving the embedded store at {options.store_dir} ({mode})")
    click.echo(f"SPARQL query endpoint: {options.query_url}")
    if options.update_url:
        click.echo(f"SPARQL update endpoint: {options.update_url}")
    click.echo(f"query editor (YASGUI): {options.base_url}/")
    click.echo("press Ctrl-C to stop", err=True)
