"""Numbered, explained errors (spaCy's habit): every user-facing failure has a code and one line.

A ``MarsadError`` is a user mistake or bad input: the CLI prints ``error E0xx: message`` on one line and
exits non-zero, with no traceback. Anything else is a bug.
"""

from __future__ import annotations


class Errors:
    E001 = "cannot read {path}: {reason}"
    E002 = "{path}: not text (binary content)"
    E003 = "{path}: empty text"
    E004 = "{path}: {size} bytes is over the limit of {limit} bytes (MARSAD_MAX_BYTES)"
    E005 = "{path}: invalid JSON: {reason}"
    E006 = "{path}: a document needs a non-empty string 'text'"
    E007 = "{path}: cannot decode text: {reason}"
    E008 = "{path}: unsupported file type {suffix!r} (use .jsonl, .txt, .md, .html, .xml, .rss, .atom)"
    E009 = "{path}: bad date {value!r} for '{key}' (use YYYY-MM-DD or ISO 8601)"
    E010 = "{path}: cannot parse feed: {reason}"
    E011 = "no such file or directory: {path}"
    E020 = "unknown pipeline stage {name!r}; registered: {known}"
    E021 = "stage {name!r} needs {missing}, which no earlier stage produces"
    E022 = "stage {name!r} {verb} {attribute!r}, which it does not declare (declared: {declared})"
    E023 = "stage {name!r} declares {unknown}, which are not attributes of an Analysis"
    E030 = "cannot open database {url}: {reason}"
    E031 = "the database at {url} is at schema {found}, newer than this marsad ({expected}); upgrade marsad"
    E032 = "no event with id {event_id}"
    E033 = "{doc_id}: cannot reprocess ({reason}); it keeps its old mentions"
    E040 = "no gazetteer at {path}: run `marsad gazetteer build` first"
    E041 = "cannot import {path}: {reason}"
    E042 = "cannot fetch {url}: {reason}"
    E050 = "bad value for {name}: {reason}"
    E060 = "cannot load model {path}: {reason}"
    E061 = "{path}: {reason}"  # a bad row in coded data (marsad evaluate, marsad train)


class MarsadError(Exception):
    """An error a user can act on. ``code`` is the Errors attribute name, e.g. ``E001``."""

    def __init__(self, code: str, **fields: object) -> None:
        template = getattr(Errors, code)
        self.code = code
        self.fields = fields
        super().__init__(f"{code}: {template.format(**fields)}")

    def __reduce__(self) -> tuple[object, ...]:
        """Pickles as its code and fields, so an error raised in a worker process reaches the parent."""
        return (_rebuild, (type(self), self.code, self.fields))


def _rebuild(cls: type[MarsadError], code: str, fields: dict[str, object]) -> MarsadError:
    return cls(code, **fields)
