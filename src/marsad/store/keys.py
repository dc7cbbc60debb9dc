"""Public event ids: a leaf of the store package, so every module that mints ids imports it from here."""

from __future__ import annotations

import hashlib


def event_key(content_hash: str, idx: int) -> str:
    """The public id of the event first seen as mention ``idx`` of the document with ``content_hash``.

    Derived from content, not from a row id, so the same input gives the same ids in any database
    (a rebuilt store keeps the ids users have cited).
    """
    return "MRS-" + hashlib.sha256(f"{content_hash}:{idx}".encode()).hexdigest()[:12].upper()
