"""RSS and Atom feeds, from a file or from a URL: each entry is one document.

feedparser always gets the bytes as a stream, never a string: given a string that looks like a URL it
would fetch it. Text is the entry's longest content block, else its summary, with HTML stripped
(feedparser already sanitises it; ``strip_html`` drops whatever markup is left). Dates come from the
entry's published (else updated) date; a feed's bad dates are common and only lose the date, not the
entry. Documents from a feed are ``origin="<path or url>#<entry number>"``.
"""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from http.client import HTTPException
from pathlib import PurePosixPath
from typing import Any

from marsad.errors import MarsadError
from marsad.model import Document
from marsad.sources.common import DEFAULT_MAX_BYTES, Item, language_code, optional_str
from marsad.sources.encoding import looks_binary
from marsad.sources.html import strip_html

_USER_AGENT = "marsad/0.1 (+https://github.com/; feed reader)"
_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


def parse_feed(
    data: bytes,
    *,
    label: str,
    stem: str,
    headers: Mapping[str, str] | None = None,
    fetched: datetime | None = None,
) -> Iterator[Item]:
    """Documents (and errors for entries without text) from a feed's bytes. E010 when the bytes are not
    an RSS or Atom feed at all, or malformed with no entry readable; a well-formed feed with no entries
    yields nothing (that is a quiet day, not an error)."""
    import feedparser

    if not data.strip():
        yield MarsadError("E003", path=label)
        return
    if looks_binary(data[:8192]):
        yield MarsadError("E002", path=label)
        return
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=dict(headers or {}), sanitize_html=True)
    except Exception as exc:  # noqa: BLE001 - feedparser is lenient, but a crash on one feed must not stop a run
        yield MarsadError("E010", path=label, reason=f"{type(exc).__name__}: {exc}")
        return
    entries = parsed.get("entries") or []
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        reason = str(problem) if problem else "not an RSS or Atom feed"
        yield MarsadError("E010", path=label, reason=reason)
        return
    feed = parsed.get("feed") or {}
    source = _plain(feed.get("title"))
    feed_language = feed.get("language")
    for number, entry in enumerate(entries, start=1):
        where = f"{label}#{number}"
        text = _entry_text(entry)
        if not text:
            yield MarsadError("E006", path=where)
            continue
        yield Document(
            id=optional_str(entry.get("id")) or optional_str(entry.get("link")) or f"{stem}:{number}",
            text=text,
            title=_plain(entry.get("title")),
            published=_entry_date(entry),
            source=source,
            url=optional_str(entry.get("link")),
            language=language_code(_detail_language(entry) or feed_language),
            fetched=fetched,
            origin=where,
        )


def _plain(value: Any) -> str | None:
    text = optional_str(value)
    if text and "<" in text:
        text = optional_str(strip_html(text))
    return text


def _entry_text(entry: Mapping[str, Any]) -> str:
    blocks: list[Mapping[str, Any]] = list(entry.get("content") or [])
    detail = entry.get("summary_detail")
    if not blocks and detail:
        blocks = [detail]
    elif not blocks and entry.get("summary"):
        blocks = [{"value": entry.get("summary"), "type": "text/html"}]
    best = ""
    for block in blocks:
        value = block.get("value") or ""
        if not isinstance(value, str):
            continue
        kind = str(block.get("type") or "text/html")
        text = value.strip() if kind == "text/plain" else strip_html(value)
        if len(text) > len(best):
            best = text
    return best


def _detail_language(entry: Mapping[str, Any]) -> str | None:
    for key in ("content", "summary_detail"):
        value = entry.get(key)
        block = value[0] if isinstance(value, list) and value else value
        if isinstance(block, Mapping) and block.get("language"):
            return str(block["language"])
    return None


def _entry_date(entry: Mapping[str, Any]) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only: urllib's default would also follow one to ``ftp:``."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl)).scheme.lower()
        if scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a {scheme}: URL refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def read_feed_url(url: str, timeout: float = 20.0, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Fetch one RSS/Atom feed over HTTP(S) with a timeout and a size limit, and yield its entries.

    Only http and https are accepted (urllib would also read ``file:`` URLs, which a feed URL coming
    from a config file or an API request must not be able to do). Network and HTTP failures are E042,
    a response over ``max_bytes`` is E004; both are yielded, so a list of feeds carries on. ``timeout``
    bounds each network operation (connect, each read), as urllib's does, not the whole download."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        yield MarsadError("E042", url=url, reason="only http:// and https:// URLs can be fetched")
        return
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": _ACCEPT})
    try:
        opener = urllib.request.build_opener(_HttpOnlyRedirects)
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                yield MarsadError("E004", path=url, size=int(declared), limit=max_bytes)
                return
            data = response.read(max_bytes + 1)
            headers = {k.lower(): v for k, v in response.headers.items()}
            final_url = response.geturl() or url
    except urllib.error.HTTPError as exc:
        yield MarsadError("E042", url=url, reason=f"HTTP {exc.code} {exc.reason}")
        return
    except urllib.error.URLError as exc:
        yield MarsadError("E042", url=url, reason=str(exc.reason))
        return
    except (TimeoutError, OSError, HTTPException, ValueError) as exc:
        yield MarsadError("E042", url=url, reason=str(exc) or type(exc).__name__)
        return
    if len(data) > max_bytes:
        yield MarsadError("E004", path=url, size=f"more than {max_bytes}", limit=max_bytes)
        return
    headers.setdefault("content-location", final_url)
    stem = PurePosixPath(parts.path).stem or parts.netloc
    yield from parse_feed(data, label=url, stem=stem, headers=headers, fetched=datetime.now(UTC))
