"""HTML pages: the article's main text via trafilatura, and a safe tag stripper.

Nothing here fetches or executes anything: trafilatura parses the page with lxml (no network, no
scripts), and metadata comes only from the page itself. Script, style and similar elements never
reach the text: trafilatura drops them, and the stdlib fallback (``strip_html``) skips their content
explicitly. ``javascript:`` links contribute only their visible anchor text.

The fallback runs when trafilatura finds no main text or fails - e.g. pathologically deep nesting,
which libxml2 refuses - so a page with real text is not lost; it is a linear, non-recursive pass.
"""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from typing import Any

from marsad.errors import MarsadError
from marsad.model import Document
from marsad.sources.common import language_code, optional_str, parse_published

# Elements whose content is never text a reader sees (or is code).
_SKIP = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
        "head", "nav", "footer", "aside", "form", "button", "select", "textarea", "canvas", "audio",
        "video",
    }
)  # fmt: skip
# Elements that end a line of text.
_BLOCK = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "section", "article", "blockquote", "pre", "dd", "dt", "dl", "hr", "header", "main",
        "figure", "figcaption", "td", "th", "caption", "address",
    }
)  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.skip = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip:
            self.parts.append(data)


def _tidy(text: str) -> str:
    """One paragraph per line, whitespace collapsed, blank lines dropped."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def strip_html(markup: str) -> str:
    """Visible text of an HTML fragment or page, without scripts, styles or tags."""
    return _extract(markup)[0]


def _extract(markup: str) -> tuple[str, str | None]:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    title = " ".join("".join(parser.title_parts).split()) or None
    return _tidy("".join(parser.parts)), title


# Code and embedded documents: removed from the tree before trafilatura sees it. trafilatura drops
# scripts and styles itself, but keeps e.g. <template> content, which no reader ever sees.
_CODE = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas")


def _trafilatura(markup: str) -> dict[str, Any] | None:
    import trafilatura
    from trafilatura.utils import load_html

    # trafilatura logs every page it finds no text in; the caller reports that itself, once.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        tree = load_html(markup)
        if tree is None:
            return None
        for element in list(tree.iter(*_CODE)):
            _drop(element)
        result = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            # Metadata dates only: a date found by searching the body is as likely the event's date.
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception:  # noqa: BLE001 - a parser failure on one page must not stop the run
        return None
    if result is None:
        return None
    return result.as_dict() if hasattr(result, "as_dict") else dict(result)


def _drop(element: Any) -> None:
    """Remove an element and its content but keep the text that follows it (its ``tail``)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def html_document(markup: str, *, default_id: str, origin: str, where: str) -> Document:
    """One document from a decoded HTML page. Raises E003 when the page has no text."""
    found = _trafilatura(markup) or {}
    text = _tidy(found.get("text") or "")
    title = optional_str(found.get("title"))
    if not text or not title:
        fallback_text, fallback_title = _extract(markup)
        text = text or fallback_text
        title = title or fallback_title
    if not text:
        raise MarsadError("E003", path=where)
    try:
        published = parse_published(found.get("date"), where)
    except MarsadError:
        published = None  # a page's own metadata is a hint, not user input: do not reject the page
    return Document(
        id=default_id,
        text=text,
        title=title,
        published=published,
        source=optional_str(found.get("sitename")),
        url=optional_str(found.get("url")),
        language=language_code(found.get("language")),
        origin=origin,
    )
