"""Paths to documents: dispatch by extension, directory walks, stdin, size limits.

* A named file is read by its extension (case-insensitive); an unsupported one is E008.
* A directory is walked recursively in sorted path order (deterministic across machines), skipping
  hidden files and directories and files with unknown extensions - a directory holds other things
  too, and complaining about each ``.DS_Store`` would bury real errors. Symlinked directories are
  not followed (no loops); symlinked files are read.
* ``-`` is stdin, read as bytes and decoded as a file is: JSON Lines when its first non-blank line is
  a JSON object, else one text document.
* A file's size is checked with ``stat`` before anything is read; reads are also bounded, in case the
  file grows in between. JSONL is streamed line by line with a per-line bound.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TextIO

from marsad.errors import MarsadError
from marsad.sources.common import DEFAULT_MAX_BYTES, Item
from marsad.sources.encoding import bom_encoding, decode_bytes, decode_line, html_charset, looks_binary
from marsad.sources.feeds import parse_feed
from marsad.sources.html import html_document
from marsad.sources.jsonl import binary_lines, read_lines, text_lines
from marsad.sources.text import text_document

STDIN = "-"
STDIN_LABEL = "<stdin>"
JSONL_SUFFIXES = frozenset({".jsonl"})
TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
SUFFIXES = JSONL_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
_SNIFF = 8192


def read_documents(
    paths: Iterable[str | Path] | str | Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: IO[bytes] | TextIO | None = None,
) -> Iterator[Item]:
    """Documents from files, directories and ``-`` (stdin), in order; bad items as ``MarsadError``
    objects in sequence (yielded, not raised), one per bad item, so the caller can report and go on."""
    if isinstance(paths, str | Path):
        paths = [paths]
    for raw in paths:
        if str(raw) == STDIN:
            yield from read_stdin(stdin if stdin is not None else sys.stdin, max_bytes=max_bytes)
            continue
        path = Path(raw)
        try:
            info = path.stat()
        except FileNotFoundError:
            yield MarsadError("E011", path=str(path))
            continue
        except OSError as exc:
            yield MarsadError("E001", path=str(path), reason=exc.strerror or str(exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            for item in walk(path):
                if isinstance(item, MarsadError):
                    yield item
                else:
                    yield from read_file(item, max_bytes=max_bytes)
        else:
            yield from read_file(path, max_bytes=max_bytes)


def walk(root: Path) -> Iterator[Path | MarsadError]:
    """Readable-looking files under ``root`` in sorted path order; E001 for unreadable directories."""
    try:
        with os.scandir(root) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield MarsadError("E001", path=str(root), reason=exc.strerror or str(exc))
        return
    # Files and subdirectories interleave by name, like `find | sort`.
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from walk(Path(entry.path))
            elif entry.is_file() and Path(entry.name).suffix.lower() in SUFFIXES:
                yield Path(entry.path)
        except OSError:
            continue


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """One file's documents by its extension, with the size checked before reading."""
    label = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield MarsadError("E008", path=label, suffix=path.suffix or path.name)
        return
    try:
        info = path.stat()
    except FileNotFoundError:
        yield MarsadError("E011", path=label)
        return
    except OSError as exc:
        yield MarsadError("E001", path=label, reason=exc.strerror or str(exc))
        return
    if not stat.S_ISREG(info.st_mode):
        yield MarsadError("E001", path=label, reason="not a regular file")
        return
    if info.st_size > max_bytes:
        yield MarsadError("E004", path=label, size=info.st_size, limit=max_bytes)
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, max_bytes)
        return
    try:
        data = _read_bounded(path, max_bytes)
    except MarsadError as error:
        yield error
        return
    if not data.strip():
        yield MarsadError("E003", path=label)
        return
    if suffix in FEED_SUFFIXES:
        yield from parse_feed(data, label=label, stem=path.stem)
        return
    try:
        if suffix in HTML_SUFFIXES:
            markup = decode_bytes(data, label, declared=html_charset(data))
            yield html_document(markup, default_id=path.stem, origin=label, where=label)
        else:
            text = decode_bytes(data, label)
            markdown = suffix == ".md"
            yield text_document(text, default_id=path.stem, origin=label, where=label, markdown=markdown)
    except MarsadError as error:
        yield error


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise MarsadError("E001", path=str(path), reason=exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise MarsadError("E004", path=str(path), size=f"more than {max_bytes}", limit=max_bytes)
    return data


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Item]:
    label = str(path)
    try:
        handle: IO[bytes] = path.open("rb")
    except OSError as exc:
        yield MarsadError("E001", path=label, reason=exc.strerror or str(exc))
        return
    with handle:
        try:
            head = handle.peek(_SNIFF)[:_SNIFF] if isinstance(handle, io.BufferedReader) else b""
        except OSError as exc:
            yield MarsadError("E001", path=label, reason=exc.strerror or str(exc))
            return
        if looks_binary(head):
            yield MarsadError("E002", path=label)
            return
        encoding = bom_encoding(head)
        try:
            if encoding in ("utf-16", "utf-32"):
                # Rare; the file is already within max_bytes, so a text wrapper's lines are bounded too.
                wrapper = io.TextIOWrapper(handle, encoding=encoding, newline=None)
                lines = text_lines(wrapper, label=label, max_bytes=max_bytes)
                yield from read_lines(_strip_bom(lines), label=label, stem=path.stem)
            else:
                lines = binary_lines(handle, label=label, max_bytes=max_bytes)
                yield from read_lines(lines, label=label, stem=path.stem)
        except OSError as exc:
            yield MarsadError("E001", path=label, reason=exc.strerror or str(exc))


def _strip_bom(lines: Iterator[tuple[int, str | MarsadError]]) -> Iterator[tuple[int, str | MarsadError]]:
    for lineno, line in lines:
        if lineno == 1 and isinstance(line, str):
            line = line.lstrip("\ufeff")
        yield lineno, line


def read_stdin(stream: IO[bytes] | TextIO, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Stdin: JSON Lines if the first non-blank line parses as a JSON object, else one text document
    (with optional front matter) whose id is ``stdin``. Sniffing one line keeps JSONL streaming.

    Stdin is read as bytes and decoded as a file is (``sources.encoding``): a byte-order mark, else
    UTF-8, else Windows-1252; JSON Lines line by line, so a line that cannot be decoded or parsed is
    one error naming ``<stdin>:N`` and the lines around it go through. A text stream (a test's
    ``StringIO``) is read through its bytes, or encoded as UTF-8 when it has none."""
    raw = _binary(stream)
    consumed: list[bytes] = []
    try:
        while True:
            line = raw.readline(max_bytes + 1)
            if not line:
                break
            consumed.append(line)
            if line.strip() and line.strip() != codecs.BOM_UTF8:
                break
    except OSError as exc:
        yield MarsadError("E001", path=STDIN_LABEL, reason=exc.strerror or str(exc))
        return
    head = b"".join(consumed)
    if bom_encoding(head) in ("utf-16", "utf-32"):  # lines of bytes mean nothing there: decode it whole
        yield from _stdin_whole(head, raw, max_bytes)
        return
    if not head.strip() or head.strip() == codecs.BOM_UTF8:
        yield MarsadError("E003", path=STDIN_LABEL)
        return
    try:
        first = decode_line(consumed[-1].removeprefix(codecs.BOM_UTF8), STDIN_LABEL)
    except MarsadError:
        first = ""  # not text as a line: read whole, for the text path's one clear error
    if _is_json_object(first):
        lines = binary_lines(raw, label=STDIN_LABEL, max_bytes=max_bytes, first=consumed)
        yield from read_lines(lines, label=STDIN_LABEL, stem="stdin")
        return
    yield from _stdin_whole(head, raw, max_bytes)


def _stdin_whole(head: bytes, raw: IO[bytes], max_bytes: int) -> Iterator[Item]:
    """The rest of stdin as one text document (or JSON Lines, for UTF-16/32 with a byte-order mark)."""
    try:
        rest = raw.read(max_bytes + 1 - len(head)) if len(head) <= max_bytes else b""
    except OSError as exc:
        yield MarsadError("E001", path=STDIN_LABEL, reason=exc.strerror or str(exc))
        return
    data = head + rest
    if len(data) > max_bytes:
        yield MarsadError("E004", path=STDIN_LABEL, size=f"more than {max_bytes}", limit=max_bytes)
        return
    try:
        text = decode_bytes(data, STDIN_LABEL)
    except MarsadError as error:
        yield error
        return
    if not text.strip():
        yield MarsadError("E003", path=STDIN_LABEL)
        return
    if bom_encoding(data) in ("utf-16", "utf-32"):
        first = next((line for line in text.splitlines() if line.strip()), "")
        if _is_json_object(first):
            lines = text_lines(io.StringIO(text), label=STDIN_LABEL, max_bytes=max_bytes)
            yield from read_lines(lines, label=STDIN_LABEL, stem="stdin")
            return
    try:
        yield text_document(text, default_id="stdin", origin=STDIN_LABEL, where=STDIN_LABEL)
    except MarsadError as error:
        yield error


class _EncodedText:
    """A text stream with no bytes beneath it (``io.StringIO``), read as its UTF-8 bytes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def readline(self, limit: int = -1) -> bytes:
        return self._stream.readline(limit).encode("utf-8")

    def read(self, limit: int = -1) -> bytes:
        return self._stream.read(limit).encode("utf-8")


def _binary(stream: IO[bytes] | TextIO) -> IO[bytes]:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    if isinstance(stream, io.TextIOBase):
        return _EncodedText(stream)  # type: ignore[return-value]
    return stream  # type: ignore[return-value]


def _is_json_object(line: str) -> bool:
    stripped = line.strip()
    if not stripped.startswith("{"):
        return False
    try:
        return isinstance(json.loads(stripped), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def count_inputs(paths: Iterable[str | Path] | str | Path) -> int | None:
    """A cheap estimate of how many documents ``read_documents`` will yield, for progress bars:
    one per text/HTML file, non-blank lines of JSONL, ``<item``/``<entry`` tags of feeds. None when
    stdin is among the inputs (it cannot be counted without consuming it)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    total = 0
    for raw in paths:
        if str(raw) == STDIN:
            return None
        path = Path(raw)
        if path.is_dir():
            total += sum(_count_file(p) for p in walk(path) if isinstance(p, Path))
        elif path.is_file():
            total += _count_file(path)
    return total


def _count_file(path: Path) -> int:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
        return 1
    if suffix not in JSONL_SUFFIXES | FEED_SUFFIXES:
        return 0
    count = 0
    last = b"\n"
    try:
        with path.open("rb") as handle:
            # Chunks split by lines, so a tag is never cut in two (feeds rarely have megabyte lines).
            for chunk in iter(lambda: handle.readline(1 << 20), b""):
                if suffix in JSONL_SUFFIXES:
                    count += bool(chunk.strip()) and last.endswith(b"\n")
                else:
                    count += chunk.count(b"<item") + chunk.count(b"<entry")
                last = chunk
    except OSError:
        return 0
    return count
