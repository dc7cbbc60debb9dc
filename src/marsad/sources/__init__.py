"""Readers: documents from ``.jsonl``, ``.txt``/``.md``, ``.html``, RSS/Atom files and URLs, directories
and stdin.

``read_documents`` yields ``Document`` objects and, in sequence, ``MarsadError`` objects (not raised)
for bad items, so a caller prints one ``error E0xx: ...`` line each and carries on::

    for item in read_documents(["articles/", "-"], max_bytes=settings.max_bytes):
        if isinstance(item, MarsadError):
            print(f"error {item}", file=sys.stderr)
        else:
            ...
"""

from marsad.sources.common import DEFAULT_MAX_BYTES, Item, parse_published
from marsad.sources.feeds import parse_feed, read_feed_url
from marsad.sources.files import SUFFIXES, count_inputs, read_documents, read_file, read_stdin, walk
from marsad.sources.html import strip_html
from marsad.sources.text import split_front_matter

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "Item",
    "count_inputs",
    "parse_feed",
    "parse_published",
    "read_documents",
    "read_feed_url",
    "read_file",
    "read_stdin",
    "split_front_matter",
    "strip_html",
    "walk",
]
