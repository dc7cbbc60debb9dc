"""Helpers shared by the readers: the item type, date parsing and building a ``Document`` from fields.

Every reader turns one *item* (a file, a JSONL line, a feed entry) into either a ``Document`` or a
``MarsadError``. Errors are yielded, not raised, so one bad line never stops a run: the caller prints
``error E0xx: ...`` for it and carries on with the rest.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from marsad.errors import MarsadError
from marsad.model import Document

Item = Document | MarsadError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
KNOWN_KEYS = ("id", "title", "published", "source", "url", "language")


def parse_published(value: Any, where: str, key: str = "published") -> date | None:
    """A publication date from ``YYYY-MM-DD``, an ISO 8601 date-time (``2020-10-05T08:00:00Z``) or an
    RFC 2822 date (what RSS and HTTP use). Only the calendar date is kept: it is the reference for
    relative dates ("on Saturday"), and the date as written in the source is what a reader saw, so no
    time-zone conversion is done. Empty values mean "unknown"; anything else unparsable is E009, since
    silently dropping a date would shift every relative date in the document to "today"."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise MarsadError("E009", path=where, value=value, key=key)
    raw = value.strip()
    if not raw:
        return None
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw)
        return datetime.fromisoformat(raw).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        raise MarsadError("E009", path=where, value=value, key=key) from None


def optional_str(value: Any) -> str | None:
    """A metadata string, or None. Numbers are accepted as text (ids and titles are sometimes numeric);
    other types (lists, objects) are ignored rather than rejected: they are metadata, not the text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        value = str(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def language_code(value: Any) -> str:
    """``en-GB`` -> ``en``; missing -> ``en`` (Marsad's models are English)."""
    text = optional_str(value)
    if not text:
        return "en"
    return text.replace("_", "-").split("-")[0].lower() or "en"


def build_document(
    meta: Mapping[str, Any],
    text: Any,
    *,
    default_id: str,
    origin: str,
    where: str,
) -> Document:
    """A ``Document`` from metadata fields (JSONL keys or front matter) and the text.

    Raises ``MarsadError`` (E006 for a missing or blank text, E009 for a bad date); ``where`` names the
    item in the message (``path`` or ``path:line``)."""
    if not isinstance(text, str) or not text.strip():
        raise MarsadError("E006", path=where)
    return Document(
        # ``doc_id`` is what Marsad's own extract records call it, so its output can be fed back in.
        id=optional_str(meta.get("id")) or optional_str(meta.get("doc_id")) or default_id,
        text=text,
        title=optional_str(meta.get("title")),
        published=parse_published(meta.get("published"), where),
        source=optional_str(meta.get("source")),
        url=optional_str(meta.get("url")),
        language=language_code(meta.get("language")),
        origin=origin,
    )
