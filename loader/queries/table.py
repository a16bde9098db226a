"""Query rows as a plain-text table that fits the terminal and streams.

Column widths come from the header and the first rows; rows are then written
as they arrive, so a big result starts at once and costs about what CSV costs.
A cell never wraps: when the columns do not fit, the widest are narrowed and a
long cell ends with an ellipsis (``--wide`` keeps every cell whole).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TextIO

SAMPLE_ROWS = 200  # rows read ahead to size the columns
GAP = "  "
ELLIPSIS = "…"
MIN_WIDTH = 6  # a narrowed column keeps at least this much
WHOLE = 10  # values this short (dates, counts, statuses) are never cut


def cell_width(text: str) -> int:
    """Columns a text takes on a terminal (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clip(text: str, width: int) -> str:
    """The text cut to ``width`` columns, with an ellipsis when something was cut."""
    if cell_width(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for c in text:
        w = cell_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + ELLIPSIS


def fit(natural: Sequence[int], content: Sequence[int], total: int) -> tuple[list[int], str]:
    """Column widths and the gap between columns that fit ``total`` columns.

    The widest columns give way first. Short values (a date, a status) stay
    whole, and headers longer than their values give way, as long as that
    fits; on a terminal too narrow even for that, every column narrows alike.
    """
    keep = [min(n, max(MIN_WIDTH, min(c, WHOLE))) for n, c in zip(natural, content, strict=True)]
    least = [min(n, MIN_WIDTH) for n in natural]
    for gap, floor in ((GAP, keep), (" ", keep), (" ", least)):
        widths = _narrowed(natural, floor, total - len(gap) * (len(natural) - 1))
        if sum(widths) + len(gap) * (len(widths) - 1) <= total:
            return widths, gap
    return widths, " "


def _narrowed(natural: Sequence[int], floor: Sequence[int], room: int) -> list[int]:
    widths = list(natural)
    while sum(widths) > room:
        i = max(range(len(widths)), key=lambda k: widths[k] - floor[k])
        if widths[i] <= floor[i]:
            break
        widths[i] -= 1
    return widths


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def write_rows(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    out: TextIO,
    *,
    width: int | None,
) -> int:
    """Write the table (``width`` None: every cell whole); return the number of rows."""
    flat = (["" if c is None else " ".join(str(c).split()) for c in row] for row in rows)
    sample = list(itertools.islice(flat, SAMPLE_ROWS))
    content = [0] * len(headers)
    for row in sample:
        content = [max(n, cell_width(c)) for n, c in zip(content, row, strict=True)]
    natural = [max(n, cell_width(h)) for n, h in zip(content, headers, strict=True)]
    widths, gap = (natural, GAP) if width is None else fit(natural, content, width)
    clipped = width is not None

    def line(cells: Sequence[str]) -> str:
        parts: list[str] = []
        for c, w in zip(cells, widths, strict=True):
            if c.isascii():  # the usual case, and the fast one: one column per character
                if clipped and len(c) > w:
                    c = c[: w - 1] + ELLIPSIS
                parts.append(c.ljust(w))
            else:
                parts.append(_pad(clip(c, w) if clipped else c, w))
        return gap.join(parts).rstrip() + "\n"

    out.write(line(list(headers)))
    out.write(gap.join("─" * w for w in widths) + "\n")
    count = 0
    for row in itertools.chain(sample, flat):
        out.write(line(row))
        count += 1
    return count


__all__ = ["cell_width", "clip", "fit", "write_rows"]
