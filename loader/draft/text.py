"""The article text: header block, and which lines are body rather than page furniture.

Wire copy pasted from a web page carries headlines of other stories, photo
credits, bylines, datelines and "subscribe" boilerplate. None of it may yield a
fact, so extraction only looks at body lines: lines that read as prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER_LINE = re.compile(
    r"^(title|publisher|url|author|published|language|date)\s*:\s*(.*)$", re.I
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*\s*$|[\"”»]\s*$")
_BOILERPLATE = re.compile(
    r"^\s*(see also|related( articles| stories)?|read more|more:|source:|sources:|written by|"
    r"by [A-Z][a-z]+ [A-Z]|photo|credit|image|caption|getty|reuters photo|ap photo|file photo|"
    r"subscribe|sign up|leave a (reply|comment)|back to top|share this|follow us|copyright|©|"
    r"all rights reserved|advertisement|you may also like|discover more|continue reading|"
    r"click here|newsletter|your email|comments?\b|reporting by|editing by|additional reporting)",
    re.I,
)
_BULLET = re.compile(r"^\s*[•·▪►\-\*]\s")
_BIO = re.compile(
    r"\b(is|was) an? (senior |deputy |contributing |staff |chief )*"
    r"(editor|correspondent|reporter|writer|columnist|journalist|contributor)\b",
    re.I,
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,40}(,\s*[A-Z][A-Za-z .]+)?\s*(\([A-Za-z .]+\))?\s*[-–—]+\s*"
)
DATELINE = _DATELINE  # "RIYADH —": the meeting rules read the city it names


@dataclass
class ArticleSource:
    """The raw text, its header fields and the character ranges of its body lines."""

    text: str
    header: dict[str, str] = field(default_factory=dict)
    body: list[tuple[int, int]] = field(default_factory=list)
    first_line: str = ""

    def in_body(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.body)

    def touches_body(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.body)


def read_source(text: str) -> ArticleSource:
    """Split off a ``Key: value`` header block and classify every other line."""
    src = ArticleSource(text=text)
    lines = _lines(text)
    i = 0
    while i < len(lines) and not text[lines[i][0] : lines[i][1]].strip():
        i += 1
    j = i
    while j < len(lines):
        m = _HEADER_LINE.match(text[lines[j][0] : lines[j][1]].strip())
        if m is None:
            break
        key = "published" if m[1].lower() == "date" else m[1].lower()
        src.header[key] = m[2].strip()
        j += 1
    if src.header and j < len(lines) and text[lines[j][0] : lines[j][1]].strip() in ("", "---"):
        i = j + 1
    elif src.header:
        i = j
    else:
        src.header = {}
    seen: set[str] = set()
    for start, end in lines[i:]:
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        if not src.first_line:
            src.first_line = stripped
        key = " ".join(stripped.split()).casefold()
        if key in seen or not is_prose(stripped):
            continue
        seen.add(key)
        lead = len(line) - len(line.lstrip())
        dateline = _DATELINE.match(stripped)
        skip = dateline.end() if dateline and dateline.end() < len(stripped) // 2 else 0
        src.body.append((start + lead + skip, start + lead + len(stripped)))
    return src


def is_prose(line: str) -> bool:
    """A line that reads as a body sentence: not a headline, credit, byline or boilerplate."""
    if _BOILERPLATE.match(line) or _BULLET.match(line) or _BIO.search(line):
        return False
    if not _SENTENCE_END.search(line):
        return False  # headlines, credits, section titles and lists of links end bare
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    if len(words) < 5:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    # Headline lists capitalise almost every word; prose does not.
    return not (len(words) >= 5 and capitalised / len(words) > 0.7)


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out
