"""``newsgraph check``: SHACL validation of the stored data, and optionally HermiT."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape

from loader.cli.app import AppContext, main, pass_app
from loader.core.errors import EXIT_INPUT
from loader.core.formats import curie

if TYPE_CHECKING:  # pyshacl and owlready2 take a second to import: only `check` pays for them
    from loader.owl.reasoner import ConsistencyReport
    from loader.owl.shacl import Violation


def _short(iri: str | None) -> str:
    if iri is None:
        return "-"
    return curie(iri)


def _print_violation(out: Console, v: Violation) -> None:
    where = "-"
    passage = ""
    if v.sources:
        src = v.sources[0]
        where = src.article_id if src.start is None else f"{src.article_id}:{src.start}-{src.end}"
        passage = src.text
        if len(v.sources) > 1:
            where += f" (+{len(v.sources) - 1} more)"
    value = f" (value: {v.value})" if v.value is not None and v.value != v.focus else ""
    out.print(
        f"[bold]{escape(where)}[/]: {escape(_short(v.focus))}: {escape(_short(v.path))}: "
        f"{escape(v.message)}{escape(value)}"
    )
    if passage:
        out.print(f'    evidence: "{escape(passage)}"', style="dim")


def _print_reasoning(out: Console, report: ConsistencyReport) -> bool:
    """Print HermiT's verdict; True when the data is consistent and every class satisfiable."""
    if report.consistent and not report.unsatisfiable:
        out.print("[green]consistent[/] (HermiT): ontology and data agree")
        return True
    if not report.consistent:
        out.print("[bold red]inconsistent[/] (HermiT): ontology and data contradict each other")
        for culprit in report.reasons:
            out.print(f"  {escape(_short(culprit.individual))}: {escape(culprit.reason)}")
        if not report.reasons:
            out.print("  no single individual explains it: the contradiction spans several facts")
    for cls in report.unsatisfiable:
        out.print(f"  unsatisfiable class: {escape(_short(cls))}")
    return False


@main.command()
@click.option(
    "--reason", is_flag=True, help="Also check consistency with the HermiT reasoner (needs Java)."
)
@click.option(
    "--articles",
    "articles",
    multiple=True,
    metavar="ID",
    help="Check only these articles (repeat the option or separate ids with commas); "
    "the gazetteer is always included.",
)
@pass_app
def check(app: AppContext, reason: bool, articles: tuple[str, ...]) -> None:
    """Validate the stored graph against the SHACL shapes (and the ontology with --reason).

    Each violation names the article, the evidence offsets, the node and the
    property, and quotes the evidence passage. Exit status 1 when anything is wrong.

    \b
    Examples:
      newsgraph check
      newsgraph check --reason --articles reuters-2025-11-13-lavrov
    """
    out = Console(highlight=False, soft_wrap=True)
    with app.store(read_only=True) as store:
        ids = [a.strip() for value in articles for a in value.split(",") if a.strip()]
        from loader.owl.shacl import store_data, validate_graph

        data = store_data(store, articles=ids)
    violations = validate_graph(data)
    for violation in violations:
        _print_violation(out, violation)
    ok = not violations
    if violations:
        nodes = len({v.focus for v in violations})
        out.print(f"[bold red]{len(violations)} violation(s)[/] on {nodes} node(s)")
    else:
        out.print(f"[green]no SHACL violations[/] ({len(data)} triples checked)")
    if reason:
        from loader.owl.reasoner import check_graph

        ok = _print_reasoning(out, check_graph(data)) and ok
    if not ok:
        sys.exit(EXIT_INPUT)
