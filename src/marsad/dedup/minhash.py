"""Near-duplicate documents by MinHash over word shingles, with LSH bands to find them.

Syndicated copies of one wire story (a new headline, a trimmed paragraph, another outlet's byline)
are kept as sources of an event but count as one independent source. A document's signature is
``NUM_PERM`` minimum hashes of its word 3-shingles; two documents whose estimated Jaccard similarity
is at least ``NEAR_DUPLICATE`` are copies. To find candidates without comparing every pair, the
signature is cut into ``BANDS`` bands; documents sharing any band's hash are compared (the standard
LSH banding: a pair at similarity s shares a band with probability 1 - (1 - s^r)^b).

Implemented here with hashlib and numpy (no extra dependency); deterministic across runs and
machines (fixed seeds, no Python ``hash``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
NEAR_DUPLICATE = 0.7
_PRIME = np.uint64((1 << 31) - 1)
_rng = np.random.default_rng(20240501)
_A = _rng.integers(1, (1 << 31) - 1, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, (1 << 31) - 1, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def signature(text: str) -> list[int]:
    """The MinHash signature of ``text`` (``NUM_PERM`` ints below 2^31)."""
    words = _words(text)
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    if not grams:
        return [int(_PRIME)] * NUM_PERM
    hashed = np.fromiter(
        (int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little") for g in grams),
        dtype=np.uint64,
        count=len(grams),
    ) % _PRIME
    values = (np.outer(hashed, _A) + _B) % _PRIME  # (shingles, NUM_PERM); products stay below 2^63
    return [int(v) for v in values.min(axis=0)]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if len(a) != len(b) or not a:
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def band_keys(sig: list[int]) -> list[int]:
    """One signed 63-bit key per band (band number included), for an indexed lookup table."""
    keys: list[int] = []
    for band in range(BANDS):
        chunk = ",".join(str(v) for v in sig[band * ROWS : (band + 1) * ROWS])
        digest = hashlib.blake2b(f"{band}:{chunk}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True) >> 1)
    return keys


def is_near_duplicate(a: list[int], b: list[int]) -> bool:
    return similarity(a, b) >= NEAR_DUPLICATE
