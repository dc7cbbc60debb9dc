"""Long texts in paragraph-aligned chunks, and the chunks' analyses merged back into one.

The stages' cost per document grows faster than its length (spaCy refuses a text over a million
characters outright, E088), so the runner cuts a text longer than ``chunk_chars`` into consecutive
chunks of at most that many characters and runs each as a document of its own (same id, date,
title, source), which keeps the work linear in the length of the text. A chunk ends, in order of
preference, after a blank line, at a line end, after a sentence's end, or at a space, within the
second half of the window where possible; a word is never cut (only a run of ``chunk_chars``
characters with no whitespace at all is cut where the window ends).

The runner's ``merge`` puts the chunks' toponyms and mentions back on the whole text: offsets shifted by the
chunk's start, mentions renumbered in order. What a chunk cannot see is the rest of the document:
the document-level readings (the country and province votes, one reading per name, the date an
event without one inherits, a mention's confidence that falls with its position) are per chunk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

DEFAULT_CHUNK_CHARS = 10_000
# spaCy's default ``max_length`` (E088 above it); a chunk never comes near it.
MAX_CHUNK_CHARS = 1_000_000

# Boundaries, strongest first: a blank line, a line end, a sentence's end, any whitespace. Each
# pattern's match ends where the next chunk begins.
_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, chunk_chars: int) -> Iterator[tuple[int, str]]:
    """``(start, chunk)`` pairs that cover ``text`` in order, each at most ``chunk_chars`` long.
    Linear in the length of the text: each window is searched once per kind of boundary."""
    size = max(1, chunk_chars)
    pos, n = 0, len(text)
    while pos < n:
        if n - pos <= size:
            yield pos, text[pos:]
            return
        window = text[pos : pos + size]
        cut = _cut(window, size)
        yield pos, window[:cut]
        pos += cut


def _cut(window: str, size: int) -> int:
    """Where to end a chunk in ``window``: after the strongest boundary in its second half, else after
    the strongest boundary anywhere in it, else the whole window (no whitespace at all)."""
    fallback = 0
    for pattern in _BOUNDARIES:
        last = 0
        for m in pattern.finditer(window):
            last = m.end()
        if last > size // 2:
            return last
        fallback = fallback or last
    return fallback or len(window)
