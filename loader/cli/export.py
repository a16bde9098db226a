"""`newsgraph export`: the dataset as TriG, N-Quads, Turtle, JSON-LD or OWL for Protégé."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

import click

from loader.cli.app import AppContext, err_console, main, pass_app
from loader.core.errors import UsageError
from loader.exports.base import FORMATS, ExportFormat, ExportReport, OwlSyntax
from loader.exports.files import Selection, export, export_to_path, format_for
from loader.importers.exporting import ANNOTATION_FORMATS, export_annotations
from loader.store.base import Store


@main.command("export")
@click.argument("out", metavar="OUT")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, *ANNOTATION_FORMATS]),
    default=None,
    help="Output format; by default taken from OUT's extension "
    "(.trig .nq .ttl .jsonld .owl .rdf). Required when OUT is -.",
)
@click.option(
    "--syntax",
    type=click.Choice(["rdfxml", "turtle"]),
    default=None,
    help="Syntax of an owl export: RDF/XML (default) or Turtle (default when OUT ends in .ttl).",
)
@click.option(
    "--articles",
    "articles",
    multiple=True,
    metavar="ID",
    help="Export only these articles (repeat the option or separate ids with commas), "
    "with the gazetteer entries they use and the ontology.",
)
@click.option(
    "--no-evidence",
    is_flag=True,
    help="Leave out the evidence passages and the links to them (a lighter file).",
)
@click.option(
    "--corpus",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="For web-annotation and brat: the annotation files or corpus directories to export.",
)
@pass_app
def export_command(
    app: AppContext,
    out: str,
    fmt: str | None,
    syntax: OwlSyntax | None,
    articles: tuple[str, ...],
    no_evidence: bool,
    corpus: tuple[Path, ...],
) -> None:
    """Write the store to a file (or - for stdout) in a standard RDF format.

    trig and nquads keep every named graph (one per article, the gazetteer,
    the ontology): loading the file into an empty store gives the same dataset.
    turtle flattens the graphs. jsonld keeps the graphs, compacted with the
    newsgraph JSON-LD context (included in the file). owl writes one file of
    ontology plus individuals that Protégé opens directly, ready for HermiT.

    \b
    Examples:
      newsgraph export backup.trig
      newsgraph export --format owl newsgraph.owl
      newsgraph export --format owl --articles reuters-2025-11-13-lavrov --no-evidence small.owl
      newsgraph export --format nquads - | gzip > dump.nq.gz
      newsgraph export --format web-annotation --corpus examples/ out/annotations.jsonld
    """
    if fmt in ANNOTATION_FORMATS:
        err_console.print(export_annotations(fmt, corpus=corpus, out=out), markup=False)
        return
    chosen = format_for(out, fmt)
    if syntax is not None and chosen != "owl":
        raise UsageError("--syntax applies to --format owl only", hint="drop --syntax")
    owl_syntax: OwlSyntax = syntax or ("turtle" if out.lower().endswith(".ttl") else "rdfxml")
    ids = tuple(a.strip() for value in articles for a in value.split(",") if a.strip())
    selection = Selection(articles=ids or None, evidence=not no_evidence)
    started = time.perf_counter()
    with app.store(read_only=True) as store:
        if out == "-":
            report = _to_stdout(store, fmt=chosen, selection=selection, syntax=owl_syntax)
        else:
            report = export_to_path(
                store, Path(out), fmt=chosen, selection=selection, syntax=owl_syntax
            )
    _summary(out, report, time.perf_counter() - started)


def _to_stdout(
    store: Store, *, fmt: ExportFormat, selection: Selection, syntax: OwlSyntax
) -> ExportReport:
    stream = sys.stdout.buffer
    try:
        report = export(store, stream, fmt=fmt, selection=selection, syntax=syntax)
        stream.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other Unix tools do.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    return report


def _summary(out: str, report: ExportReport, seconds: float) -> None:
    where = "stdout" if out == "-" else out
    counts = ""
    if report.triples is not None:
        counts = f", {report.triples} triples, {report.individuals} individuals"
    err_console.print(f"wrote {where} ({report.fmt}{counts}) in {seconds:.2f} s", markup=False)
    if report.dropped:
        total = sum(report.dropped.values())
        err_console.print(f"left out {total} triple(s) that OWL 2 DL cannot hold:", markup=False)
        for reason, count in report.dropped.items():
            err_console.print(f"  {count} × {reason}", markup=False)
