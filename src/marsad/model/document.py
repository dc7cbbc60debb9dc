"""A document: one article, report or feed entry, as read from a source."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime


def content_hash(text: str) -> str:
    """SHA-256 of the NFC-normalised text with whitespace collapsed: the document's identity in the store."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One text to code.

    ``published`` is the reference for relative dates ("on Saturday"); when it is ``None`` dates
    resolve against ``fetched`` (today) and the event's precision says so.
    """

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    language: str = "en"
    fetched: datetime | None = None
    origin: str | None = None  # where it was read from: a path, "path:line", a feed URL
    hash: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.hash:
            object.__setattr__(self, "hash", content_hash(self.text))

    @property
    def reference_date(self) -> date:
        """The date relative expressions resolve against."""
        if self.published is not None:
            return self.published
        if self.fetched is not None:
            return self.fetched.date()
        return date.today()
