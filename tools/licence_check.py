#!/usr/bin/env python3
"""Find text in the repository that was copied from the development data in ../shared/data.

Most of ../shared/data may not be redistributed (ACLED notes, GTD summaries, GeoWebNews and LGL
articles, WikiEvents, IndiaPoliceEvents, UCDP headlines, the dedup reports, the Diyala example):
no sentence from it may sit in a git-tracked file. This script lists every run of ``MIN_CHARS``
(60) or more characters that a tracked file shares with that data, as ``file:line: text``.

Run it from the project root (``python tools/licence_check.py``); it exits 1 when it finds any.
``--shared DIR`` points at another copy of the data; ``--min N`` changes the threshold.

What is compared
  * Both sides are normalised the same way: lower-cased, ``\\n``/``\\t``/``\\uXXXX`` escapes
    decoded, every character that is not a letter or digit (punctuation, quotes, ``#``, line
    breaks) turned into a space, runs of spaces collapsed to one. So a sentence still matches when
    it is split over two Python string literals or comment lines, escaped inside JSON, re-cased,
    or tokenised (WikiEvents' ``regime ’ s`` matches ``regime's``). The 60 characters are counted
    after normalisation.
  * ``data/news/`` is left out: Voice of America stories are public domain.
  * Structured files are read as data, not bytes: JSON(L)/GeoJSON string values (a list of
    strings, such as WikiEvents' tokens, also as one space-joined text), CSV cells, tab-separated
    cells, XML text and attribute values, Python string literals and comments (the dedup build
    scripts' code itself is not third-party text). A cell shorter than 60 characters cannot hold a
    60-character run and is skipped.
  * ``data/gazetteer/`` is included, and cheaply so: its tables (GeoNames codes, Who's On First
    places) are split into cells and its polygons contribute only their string properties, which
    are names far shorter than 60 characters; what remains is its licence and source notes.

How (efficiently): every window of ``SEED`` (40) normalised characters that starts at a word start
in the shared text is hashed into one sorted numpy array (a few million 8-byte hashes rather than
a set of strings). Each word-start window of a tracked file is looked up there; a hit is a seed,
checked character by character and extended both ways to the longest common run, which is
reported when it reaches the threshold. A 60-character run always holds a word start within its
first 20 characters unless it opens inside a word longer than 20 characters, so the seeds miss
nothing but such freaks.
"""

from __future__ import annotations

import argparse
import ast
import bisect
import csv
import gzip
import io
import json
import re
import subprocess
import sys
import tokenize
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MIN_CHARS = 60
SEED = 40
EXCLUDED = ("news",)  # under shared/data: public-domain Voice of America stories
MAX_CANDIDATES = 64  # shared places checked per seed (repeated boilerplate has many)

_ESCAPE_U = re.compile(r"\\u([0-9a-fA-F]{4})")
_ESCAPE_WS = re.compile(r"\\[ntr]")
_NON_WORD = re.compile(r"[\W_]+")
_WORD_START = re.compile(r"(?:^|(?<=[ \n]))[^ \n]")


def normalise(text: str) -> str:
    """Lower case, escapes decoded, anything but letters and digits a single space."""
    text = _ESCAPE_U.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = _ESCAPE_WS.sub(" ", text)
    return _NON_WORD.sub(" ", text.lower()).strip()


# ---------------------------------------------------------------- reading the shared data


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            yield " ".join(value)  # tokens
        for v in value:
            yield from _json_strings(v)


def _python_strings(text: str) -> Iterator[str]:
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(tok.string)
                except (ValueError, SyntaxError):
                    value = tok.string
                yield value if isinstance(value, str) else str(value)
            elif tok.type == tokenize.COMMENT:
                yield tok.string
            elif sys.version_info >= (3, 12) and tok.type == tokenize.FSTRING_MIDDLE:
                yield tok.string
    except (tokenize.TokenError, SyntaxError):
        yield text


def _xml_strings(text: str) -> Iterator[str]:
    for el in ET.fromstring(text).iter():
        yield from el.attrib.values()
        if el.text:
            yield el.text
        if el.tail:
            yield el.tail


def _is_table(text: str) -> bool:
    lines = text.splitlines()[:200]
    return bool(lines) and sum("\t" in line for line in lines) > len(lines) / 2


def file_strings(name: str, data: bytes) -> Iterator[str]:
    """The texts in one shared file (``name`` decides the format)."""
    if name.endswith(".gz"):
        yield from file_strings(name[:-3], gzip.decompress(data))
        return
    text = data.decode("utf-8", errors="replace")
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("json", "geojson"):
        yield from _json_strings(json.loads(text))
    elif suffix in ("jsonl", "jsonlines"):
        for line in text.splitlines():
            if line.strip():
                yield from _json_strings(json.loads(line))
    elif suffix == "csv":
        csv.field_size_limit(1 << 30)
        for row in csv.reader(io.StringIO(text)):
            yield from row
    elif suffix == "tsv" or _is_table(text):
        for line in text.splitlines():
            yield from line.split("\t")
    elif suffix == "xml":
        yield from _xml_strings(text)
    elif suffix == "py":
        yield from _python_strings(text)
    else:
        yield text


def shared_files(shared: Path) -> list[Path]:
    data = shared / "data"
    return sorted(p for p in data.rglob("*") if p.is_file() and p.relative_to(data).parts[0] not in EXCLUDED)


def shared_text(shared: Path, min_chars: int = MIN_CHARS) -> str:
    """All shared texts, normalised, deduplicated, one per line (a line break never matches)."""
    seen: set[str] = set()
    out: list[str] = []
    for path in shared_files(shared):
        for s in file_strings(path.name, path.read_bytes()):
            if len(s) < min_chars:
                continue
            n = normalise(s)
            if len(n) >= min_chars and n not in seen:
                seen.add(n)
                out.append(n)
    return "\n".join(out)


# ---------------------------------------------------------------- the index


@dataclass
class Index:
    text: str
    hashes: np.ndarray  # sorted
    positions: np.ndarray  # start of each hash's window in text
    seed: int

    @classmethod
    def build(cls, text: str, seed: int = SEED) -> Index:
        starts = [m.start() for m in _WORD_START.finditer(text)]
        hashes = np.fromiter((hash(text[i : i + seed]) for i in starts), dtype=np.int64, count=len(starts))
        positions = np.asarray(starts, dtype=np.int64)
        order = np.argsort(hashes, kind="stable")
        return cls(text, hashes[order], positions[order], seed)

    def candidates(self, window: str) -> Iterable[int]:
        h = hash(window)
        lo = int(np.searchsorted(self.hashes, h, side="left"))
        hi = int(np.searchsorted(self.hashes, h, side="right"))
        return (int(p) for p in self.positions[lo : min(hi, lo + MAX_CANDIDATES)])


def _extend(a: str, i: int, b: str, j: int, n: int) -> tuple[int, int]:
    """The longest common run around a[i:i+n] == b[j:j+n]: (start in a, length)."""
    left = 0
    while i - left > 0 and j - left > 0 and a[i - left - 1] == b[j - left - 1]:
        left += 1
    right = n
    while i + right < len(a) and j + right < len(b) and a[i + right] == b[j + right]:
        right += 1
    return i - left, left + right


def find_runs(text: str, index: Index, min_chars: int = MIN_CHARS) -> list[tuple[int, int]]:
    """(start, length) of each maximal run of ``text`` (normalised) of at least ``min_chars``
    characters found in the index's text; overlapping runs are reported once."""
    runs: list[tuple[int, int]] = []
    covered = 0
    seed = index.seed
    for m in _WORD_START.finditer(text):
        i = m.start()
        if i < covered or i + seed > len(text):
            continue
        window = text[i : i + seed]
        best: tuple[int, int] | None = None
        for j in index.candidates(window):
            if index.text[j : j + seed] != window:
                continue  # a hash collision
            start, length = _extend(text, i, index.text, j, seed)
            if best is None or start + length > best[0] + best[1]:
                best = (start, length)
        if best and best[1] >= min_chars:
            start, length = best
            if runs and start < runs[-1][0] + runs[-1][1]:  # overlaps the previous run: merge
                prev = runs.pop()
                start = prev[0]
                length = max(prev[0] + prev[1], best[0] + best[1]) - start
            runs.append((start, length))
            covered = start + length
    return runs


# ---------------------------------------------------------------- the repository


@dataclass
class Hit:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def tracked_files(root: Path = ROOT) -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True, capture_output=True).stdout
    return [p for p in out.decode().split("\0") if p]


def normalise_lines(text: str) -> tuple[str, list[int]]:
    """The file's normalised text and where each line (1-based: index + 1) starts in it."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for line in text.splitlines():
        n = normalise(line)
        starts.append(pos)
        if n:
            parts.append(n)
            pos += len(n) + 1
    return " ".join(parts), starts


def check(
    root: Path = ROOT, shared: Path = SHARED, min_chars: int = MIN_CHARS, index: Index | None = None
) -> list[Hit]:
    """Every run of ``min_chars`` or more characters that a git-tracked file under ``root``
    shares with ``shared``/data, as file, line and the (normalised) text."""
    if index is None:
        index = Index.build(shared_text(shared, min_chars), seed=min(SEED, min_chars))
    hits: list[Hit] = []
    for rel in tracked_files(root):
        path = root / rel
        if not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue  # binary
        text, starts = normalise_lines(data.decode("utf-8", errors="replace"))
        for start, length in find_runs(text, index, min_chars):
            line = bisect.bisect_right(starts, start)
            hits.append(Hit(rel, line, text[start : start + length]))
    return hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared checkout")
    parser.add_argument("--min", type=int, default=MIN_CHARS, help="shortest run reported")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository")
    args = parser.parse_args(argv)
    if not (args.shared / "data").is_dir():
        print(f"{args.shared}/data is not here: nothing to check against", file=sys.stderr)
        return 2
    hits = check(args.root, args.shared, args.min)
    for hit in hits:
        print(hit)
    print(f"{len(hits)} run(s) of {args.min}+ characters shared with {args.shared}/data", file=sys.stderr)
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
