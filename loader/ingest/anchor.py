"""Evidence anchoring: an exact quote (or offsets) → character offsets in the article text.

Semantics follow the W3C Web Annotation TextQuoteSelector: ``exact`` plus an
optional ``prefix``/``suffix`` that must directly precede/follow it. Offsets
are Python string indices (code points, counting every character of the text
as written, ``\r`` included), end exclusive. A quote that differs from the
text only by Unicode normalisation (NFC/NFD) matches; its offsets are those of
the text as written.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass

from loader.core.errors import EvidenceError

CONTEXT = 32
_SEARCH_LIMIT = 2_000_000
_TYPOGRAPHIC = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class ArticleText:
    """An article's text with a line index, for anchoring and for messages."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._nfc_index: tuple[str, list[int], list[int]] | None = None

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def anchor(
        self,
        *,
        quote: str | None,
        prefix: str | None = None,
        suffix: str | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Anchor:
        """Resolve one evidence item; raise EvidenceError with the nearest passage if it fails."""
        if start is not None and end is not None:
            return self._by_offsets(start, end, quote)
        assert quote is not None  # the model guarantees a quote or offsets
        spans = [(h, h + len(quote)) for h in self._occurrences(quote)]
        if not spans:
            # The same letters in another Unicode form (an é typed as e + accent, or the
            # reverse): match on the composed form; offsets stay those of the text itself.
            spans = self._composed(quote)
        if prefix is not None:
            p, reach = _nfc(prefix), 4 * len(prefix) + 8  # decomposed text is longer
            spans = [(a, b) for a, b in spans if _nfc(self.text[max(0, a - reach) : a]).endswith(p)]
        if suffix is not None:
            x, reach = _nfc(suffix), 4 * len(suffix) + 8
            spans = [(a, b) for a, b in spans if _nfc(self.text[b : b + reach]).startswith(x)]
        hits = [a for a, _ in spans]
        if len(spans) == 1:
            return self._make(*spans[0])
        if not hits:
            raise self._not_found(quote, narrowed=prefix is not None or suffix is not None)
        lines = ", ".join(f"line {self.line_of(h)} (offset {h})" for h in hits[:10])
        raise EvidenceError(
            f"quote {_show(quote)} occurs {len(hits)} times: {lines}",
            hint="add `prefix:` or `suffix:` with the words around the one you mean, "
            "or give `start:`/`end:` offsets",
        )

    def _composed(self, quote: str) -> list[tuple[int, int]]:
        """Spans of the text whose NFC form equals the quote's NFC form (whole characters)."""
        target = _nfc(quote)
        if not target or (target == quote and _nfc(self.text) == self.text):
            return []
        if self._nfc_index is None:
            self._nfc_index = _composed_with_index(self.text)
        composed, starts, ends = self._nfc_index
        spans: list[tuple[int, int]] = []
        i = composed.find(target)
        while i != -1:
            j = i + len(target) - 1
            # Only whole characters: the match must begin and end where a character does.
            if (i == 0 or starts[i - 1] != starts[i]) and (
                j + 1 == len(composed) or ends[j + 1] != ends[j]
            ):
                spans.append((starts[i], ends[j]))
            i = composed.find(target, i + 1)
        return spans

    def _occurrences(self, quote: str) -> list[int]:
        hits: list[int] = []
        i = self.text.find(quote)
        while i != -1:
            hits.append(i)
            i = self.text.find(quote, i + 1)
        return hits

    def _by_offsets(self, start: int, end: int, quote: str | None) -> Anchor:
        n = len(self.text)
        if not 0 <= start < end <= n:
            raise EvidenceError(
                f"offsets {start}-{end} are out of range for a text of {n} characters",
                hint="use 0 <= start < end <= text length (end is exclusive)",
            )
        if quote is not None and self.text[start:end] != quote:
            raise EvidenceError(
                f"the text at {start}-{end} (line {self.line_of(start)}) is "
                f"{_show(self.text[start:end])}, not {_show(quote)}",
                hint="fix the offsets or the quote, or drop the offsets to search for the quote",
            )
        return self._make(start, end)

    def _make(self, start: int, end: int) -> Anchor:
        return Anchor(
            start=start,
            end=end,
            exact=self.text[start:end],
            prefix=self.text[max(0, start - CONTEXT) : start],
            suffix=self.text[end : end + CONTEXT],
        )

    def _not_found(self, quote: str, *, narrowed: bool) -> EvidenceError:
        if narrowed and self._occurrences(quote):
            return EvidenceError(
                f"quote {_show(quote)} is in the text, but not with the given prefix/suffix",
                hint="copy the prefix/suffix exactly from the text around the quote",
            )
        near = self._nearest(quote)
        if near is None:
            return EvidenceError(
                f"quote {_show(quote)} is not in the article text",
                hint="copy the quote exactly from the text",
            )
        start, end = near
        return EvidenceError(
            f"quote {_show(quote)} is not in the article text; nearest passage at line "
            f"{self.line_of(start)}: {_show(self.text[start:end])}",
            hint="copy the quote exactly from the text (check quotation marks, dashes and spaces)",
        )

    def _nearest(self, quote: str) -> tuple[int, int] | None:
        """The passage most like the quote: first by normalised search, then by longest match."""
        # Bounded work on huge texts: the hint only needs a nearby passage.
        norm_text, index = _normalise_with_index(self.text[:_SEARCH_LIMIT])
        norm_quote, _ = _normalise_with_index(quote)
        i = norm_text.find(norm_quote) if norm_quote else -1
        if i != -1:
            return index[i], index[i + len(norm_quote) - 1] + 1
        window = self.text[:_SEARCH_LIMIT]
        matcher = difflib.SequenceMatcher(None, window, quote, autojunk=False)
        match = matcher.find_longest_match(0, len(window), 0, len(quote))
        if match.size < max(3, len(quote) // 5):
            return None
        start = max(0, match.a - match.b)
        return start, min(len(window), start + len(quote))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _composed_with_index(text: str) -> tuple[str, list[int], list[int]]:
    """The NFC form of a text, and for each of its characters the source span it came from.

    The text is composed one character cluster (a base and its combining marks) at a
    time, so every composed character maps back to whole source characters.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = _nfc(text[i:j])
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return "".join(out), starts, ends


def _normalise_with_index(text: str) -> tuple[str, list[int]]:
    """Case-fold, unify typographic marks and collapse spaces; keep each char's source offset."""
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text.translate(_TYPOGRAPHIC)):
        if ch.isspace():
            if prev_space:
                continue
            prev_space = True
            ch = " "
        else:
            prev_space = False
        out.append(ch.lower())
        index.append(i)
    return "".join(out), index


def _show(text: str, limit: int = 80) -> str:
    flat = _SPACES.sub(" ", text)
    return repr(flat if len(flat) <= limit else flat[: limit - 3] + "...")


_OPENING = frozenset("\"“”„«‘'")
_CLOSING = frozenset("\"”“»’'")
_TRAILING = frozenset(",.;:!?…")
_QUOTE_REACH = 400  # characters: how far the closing mark of a quoted passage may be


def in_quotation_marks(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands inside quotation marks: its own, or the text's around it.

    The passage may be the start of longer quoted words (an opening mark just before it
    and the closing one later in the sentence), and punctuation may sit between the
    words and the closing mark (``"we are ready," he said``).
    """
    span = text[start:end].strip()
    while span and span[-1] in _TRAILING:
        span = span[:-1]
    if len(span) >= 2 and span[0] in _OPENING and span[-1] in _CLOSING:
        return True
    if start == 0 or text[start - 1] not in _OPENING:
        return False
    inner = text[start:end].rstrip()
    if len(inner) > 1 and inner[-1] in _CLOSING:
        return True
    rest = text[end : end + _QUOTE_REACH]
    closing = next((i for i, ch in enumerate(rest) if ch in _CLOSING), None)
    return closing is not None and "\n\n" not in rest[:closing]
