"""Plain text and Markdown: the whole file is one document, with optional front matter.

Front matter is a block between two ``---`` lines at the very start, holding ``key: value`` lines
with the JSONL keys (id, title, published, source, url, language). It is parsed by hand rather than
with PyYAML: Marsad needs only flat string values, and a YAML parser would add a dependency and
YAML's surprises (``no`` -> False, bare dates -> date objects). Indented lines and ``- item`` lines
(YAML lists, e.g. tags) are tolerated and ignored; a block with any other kind of line is not front
matter, so a Markdown file that merely starts with a horizontal rule keeps its text.
"""

from __future__ import annotations

import re

from marsad.errors import MarsadError
from marsad.model import Document
from marsad.sources.common import build_document

_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s?(.*)$")
_MD_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_MAX_FRONT_MATTER_LINES = 200


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(fields, body)``; ``fields`` is empty and ``body`` is ``text`` when there is no front matter."""
    lines = text.split("\n", _MAX_FRONT_MATTER_LINES + 2)
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    fields: dict[str, str] = {}
    for index, line in enumerate(lines[1 : _MAX_FRONT_MATTER_LINES + 2], start=1):
        stripped = line.strip()
        if stripped == "---" and line.startswith("---"):
            body = "\n".join(lines[index + 1 :]) if index + 1 < len(lines) else ""
            return fields, body
        if not stripped or stripped.startswith("#") or line[:1] in (" ", "\t") or stripped.startswith("- "):
            continue
        match = _KEY_VALUE.match(line)
        if not match:
            return {}, text
        fields[match.group(1).lower()] = _unquote(match.group(2).strip())
    return {}, text


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def text_document(text: str, *, default_id: str, origin: str, where: str, markdown: bool = False) -> Document:
    """One document from a decoded text file. Raises MarsadError (E003 empty, E009 bad date)."""
    fields, body = split_front_matter(normalise_newlines(text))
    body = body.strip()
    if not body:
        raise MarsadError("E003", path=where)
    meta: dict[str, str] = dict(fields)
    if markdown and "title" not in meta:
        heading = _MD_HEADING.search(body)
        if heading:
            meta["title"] = heading.group(1)
    return build_document(meta, body, default_id=default_id, origin=origin, where=where)
