"""JSON Lines: one document per line, streamed so memory stays bounded by the longest line.

Each non-blank line is a JSON object ``{"id", "text", "title"?, "published"?, "source"?, "url"?,
"language"?}``. A line that is not valid JSON, not an object, has no usable text, has a bad date or is
longer than ``max_bytes`` yields one error naming ``path:line``; the other lines still go through.
A missing id becomes ``<file stem>:<line>``, which is stable as long as the file is not reordered.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO

from marsad.errors import MarsadError
from marsad.sources.common import Item, build_document
from marsad.sources.encoding import decode_line

_CHUNK = 1 << 20

# One line of input: its 1-based number and its text, or the error that stopped it being read.
Line = tuple[int, str | MarsadError]


def parse_line(line: str, *, lineno: int, label: str, stem: str) -> Item:
    """One JSONL line (already known to be non-blank) as a Document or a MarsadError."""
    where = f"{label}:{lineno}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return MarsadError("E005", path=where, reason=f"{exc.msg} at column {exc.colno}")
    except RecursionError:
        return MarsadError("E005", path=where, reason="nested too deeply")
    if not isinstance(record, dict):
        return MarsadError("E005", path=where, reason=f"expected an object, got {type(record).__name__}")
    try:
        return build_document(
            record, record.get("text"), default_id=f"{stem}:{lineno}", origin=where, where=where
        )
    except MarsadError as error:
        return error


def read_lines(lines: Iterable[Line], *, label: str, stem: str) -> Iterator[Item]:
    """Documents and errors from numbered lines; E003 when there is no non-blank line at all."""
    seen = False
    for lineno, line in lines:
        if isinstance(line, MarsadError):
            seen = True
            yield line
            continue
        if not line.strip():
            continue
        seen = True
        yield parse_line(line, lineno=lineno, label=label, stem=stem)
    if not seen:
        yield MarsadError("E003", path=label)


def binary_lines(stream: IO[bytes], *, label: str, max_bytes: int, first: Iterable[bytes] = ()) -> Iterator[Line]:
    """Numbered, decoded lines of a UTF-8 (or Windows-1252) byte stream, each read with a bound of
    ``max_bytes``: a longer line yields E004 and is skipped without being held in memory. Each line
    is decoded on its own, so one that is not text is one error and the others go through.
    ``first`` holds lines the caller already consumed (stdin sniffing)."""
    lineno = 0
    pending = list(first)
    while True:
        raw = pending.pop(0) if pending else stream.readline(max_bytes + 1)
        if not raw:
            return
        lineno += 1
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            size = len(raw) + _skip_rest_of_line(stream)
            yield lineno, MarsadError("E004", path=f"{label}:{lineno}", size=size, limit=max_bytes)
            continue
        try:
            yield lineno, decode_line(raw, f"{label}:{lineno}")
        except MarsadError as error:
            yield lineno, error


def text_lines(stream: IO[str], *, label: str, max_bytes: int, first: Iterable[str] = ()) -> Iterator[Line]:
    """Numbered lines of a text stream (stdin). The bound is in characters, which for the text Marsad
    reads is within a small factor of bytes; it is there to keep memory bounded, not to be exact.
    ``first`` holds lines the caller already consumed (stdin sniffing)."""
    lineno = 0
    for line in first:
        lineno += 1
        yield lineno, line
    while True:
        try:
            line = stream.readline(max_bytes + 1)
        except UnicodeDecodeError as exc:
            yield lineno + 1, MarsadError("E007", path=f"{label}:{lineno + 1}", reason=str(exc))
            return
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith("\n"):
            size = len(line.encode("utf-8", "replace")) + _skip_rest_of_text_line(stream)
            yield lineno, MarsadError("E004", path=f"{label}:{lineno}", size=size, limit=max_bytes)
            continue
        yield lineno, line


def _skip_rest_of_line(stream: IO[bytes]) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _skip_rest_of_text_line(stream: IO[str]) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(_CHUNK)
        skipped += len(chunk.encode("utf-8", "replace"))
        if not chunk or chunk.endswith("\n"):
            return skipped
