"""Turning bytes into text, and telling text from binary.

The decision, in order:

1. A byte-order mark wins: UTF-8 (BOM stripped), UTF-16 or UTF-32. A BOM is an explicit statement of
   the encoding, so a decoding failure after it is E007, not a guess at something else.
2. No BOM and a NUL byte: E002 (binary). Text in UTF-8 or a single-byte code page never has NULs;
   UTF-16 *without* a BOM does, but is too rare to justify guessing byte order.
3. A declared charset (HTML ``<meta charset>``), when it is not one of the UTF-8/Latin-1 family that
   pages routinely mislabel; then strict UTF-8.
4. Windows-1252 (a superset of Latin-1's printable range, and what "Latin-1" files usually are), but
   only if it decodes *strictly* (five bytes are undefined in it) - otherwise E007.

After decoding, text with more than 3% control characters (other than tab, newlines, form feed) is
E002: Windows-1252 decodes any byte soup, so this is what catches binary that has no NULs.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from marsad.errors import MarsadError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACK = "cp1252"
_UTF8_FAMILY = {"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252"}
_CONTROL_RATIO = 0.03
_SAMPLE = 65536
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a leading byte-order mark names, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(head: bytes) -> bool:
    """True when a file's first bytes contain a NUL and no UTF-16/32 byte-order mark."""
    return b"\x00" in head and bom_encoding(head) is None


def looks_like_text(text: str) -> bool:
    """False when more than 3% of the first 64k characters are control characters."""
    sample = text[:_SAMPLE]
    if not sample:
        return True
    controls = sum(1 for ch in sample if ch not in "\t\n\r\f\v" and unicodedata.category(ch) == "Cc")
    return controls <= _CONTROL_RATIO * len(sample)


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 kB, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(data: bytes, where: str, declared: str | None = None) -> str:
    """Decode a whole file's bytes (see the module docstring for the rules). Raises E002 or E007."""
    bom = bom_encoding(data)
    if bom is not None:
        try:
            text = data.decode(bom)
        except UnicodeDecodeError as exc:
            raise MarsadError(
                "E007", path=where, reason=f"invalid {bom.upper()} after its byte-order mark: {exc.reason}"
            ) from None
        if bom == "utf-16" or bom == "utf-32":
            text = text.lstrip("\ufeff")
    else:
        if b"\x00" in data:
            raise MarsadError("E002", path=where)
        text = _decode_guess(data, where, declared)
    if not looks_like_text(text):
        raise MarsadError("E002", path=where)
    return text


def decode_line(data: bytes, where: str) -> str:
    """Decode one JSONL line: UTF-8 (as JSON requires), else strict Windows-1252, else E007."""
    if b"\x00" in data:
        raise MarsadError("E002", path=where)
    return _decode_guess(data, where, None)


def _decode_guess(data: bytes, where: str, declared: str | None) -> str:
    candidates: list[str] = []
    if declared and declared not in _UTF8_FAMILY and not declared.startswith(("utf-16", "utf-32")):
        candidates.append(declared)
    candidates += ["utf-8", _FALLBACK]
    reason = "cannot decode"
    for name in candidates:
        try:
            return data.decode(name)
        except UnicodeDecodeError as exc:
            if name == "utf-8":
                bad = data[exc.start : exc.start + 1].hex()
                reason = f"not UTF-8 (byte 0x{bad} at offset {exc.start}) nor Windows-1252; save it as UTF-8"
    raise MarsadError("E007", path=where, reason=reason)
