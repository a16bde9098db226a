"""Export a corpus to an annotation tool's format (the hook of `newsgraph export`).

These formats describe passages of the article texts, so they are written
from the annotation files (``--corpus``), which hold the texts, rather than
from the store.
"""

from __future__ import annotations

from pathlib import Path

from loader.core.errors import UsageError

ANNOTATION_FORMATS = ("web-annotation", "brat")


def export_annotations(fmt: str, *, corpus: tuple[Path, ...], out: str) -> str:
    """Write ``corpus`` as ``fmt`` to ``out``; return a one-line summary."""
    from loader.importers.write import read_corpus

    if not corpus:
        raise UsageError(
            f"--format {fmt} exports annotation files and needs --corpus DIR",
            hint=f"e.g. newsgraph export --format {fmt} --corpus examples/ OUT",
        )
    if out == "-":
        raise UsageError(f"--format {fmt} writes files, not stdout", hint="give OUT a path")
    articles, _ = read_corpus(list(corpus))
    target = Path(out)
    if fmt == "web-annotation":
        from loader.importers.webanno import write_export

        target.parent.mkdir(parents=True, exist_ok=True)
        n = write_export(articles, target)
        return (
            f"wrote {target} ({n} annotations) and {len(articles)} texts in {target.parent}/texts"
        )
    from loader.importers.brat import write_brat

    n = write_brat(articles, target)
    return f"wrote {len(articles)} brat documents ({n} annotations) and annotation.conf in {target}"
