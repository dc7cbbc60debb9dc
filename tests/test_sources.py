"""Readers: every input format, directories and stdin, and one clear error per bad item.

All texts here are invented for the tests.
"""

from __future__ import annotations

import io
import json
import os
import socket
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.model import Document
from marsad.sources import count_inputs, read_documents, read_feed_url, split_front_matter, strip_html

DATA = Path(__file__).parent / "data" / "sources"


def read(*paths: str | Path, max_bytes: int = 50 * 1024 * 1024, stdin: str | None = None) -> list:
    source = io.StringIO(stdin) if stdin is not None else None
    return list(read_documents([*paths], max_bytes=max_bytes, stdin=source))


def docs(items: list) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def errors(items: list) -> list[MarsadError]:
    return [i for i in items if isinstance(i, MarsadError)]


def only_error(items: list, code: str, where: str | Path) -> MarsadError:
    """The single item is an error with ``code`` whose message names ``where``."""
    assert len(items) == 1, items
    (error,) = items
    assert isinstance(error, MarsadError), error
    assert error.code == code
    assert str(where) in str(error)
    return error


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_documents_with_all_fields_and_derived_ids(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "reports.jsonl",
        [
            json.dumps(
                {
                    "id": "r-1",
                    "text": "Artillery shells hit the market in Greenhollow.",
                    "title": "Market shelled",
                    "published": "2020-10-05T08:00:00Z",
                    "source": "Example Wire",
                    "url": "https://wire.example/1",
                    "language": "en",
                }
            ),
            json.dumps({"text": "A second report, with no id.", "published": "2020-10-06"}),
            json.dumps({"doc_id": "from-extract", "text": "Marsad's own records call it doc_id."}),
        ],
    )
    first, second, third = read(path)
    assert first == Document(
        id="r-1",
        text="Artillery shells hit the market in Greenhollow.",
        title="Market shelled",
        published=date(2020, 10, 5),
        source="Example Wire",
        url="https://wire.example/1",
        language="en",
        origin=f"{path}:1",
    )
    assert (second.id, second.published, second.origin) == ("reports:2", date(2020, 10, 6), f"{path}:2")
    # Stable: the same file gives the same ids again.
    assert third.id == "from-extract"
    assert [d.id for d in docs(read(path))] == ["r-1", "reports:2", "from-extract"]


def test_jsonl_bad_lines_yield_one_error_each_and_good_lines_go_through(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            '{"id": "ok1", "text": "Police dispersed a crowd in Ashford."}',
            '{"id": "broken", "text": "unterminated',
            "",
            '["a", "list", "not", "an", "object"]',
            '{"id": "notext", "title": "Only a title"}',
            '{"id": "blank", "text": "   "}',
            '{"id": "number", "text": 42}',
            '{"id": "baddate", "text": "Dated oddly.", "published": "last Tuesday"}',
            '{"id": "ok2", "text": "Soldiers were deployed to Brookside."}',
        ],
    )
    items = read(path)
    assert [d.id for d in docs(items)] == ["ok1", "ok2"]
    found = [(e.code, e.fields["path"]) for e in errors(items)]
    assert found == [
        ("E005", f"{path}:2"),
        ("E005", f"{path}:4"),
        ("E006", f"{path}:5"),
        ("E006", f"{path}:6"),
        ("E006", f"{path}:7"),
        ("E009", f"{path}:8"),
    ]
    assert "last Tuesday" in str(errors(items)[-1])
    # Errors come in sequence, where the bad line was.
    assert [type(i).__name__ for i in items][:2] == ["Document", "MarsadError"]


def test_jsonl_with_utf8_bom_and_in_utf16(tmp_path: Path) -> None:
    line = '{"id": "u", "text": "Rockets fell on Qarya al-Shams."}\n'
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + line.encode("utf-8"))
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes((line + line.replace('"u"', '"v"')).encode("utf-16"))
    assert [d.id for d in docs(read(bom))] == ["u"]
    items = read(wide)
    assert not errors(items)
    assert [(d.id, d.text) for d in items] == [("u", "Rockets fell on Qarya al-Shams.")] * 1 + [
        ("v", "Rockets fell on Qarya al-Shams.")
    ]


def test_jsonl_without_any_document_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n   \n")
    only_error(read(path), "E003", path)


# --- text and Markdown ----------------------------------------------------------------------------


def test_txt_file_is_one_document_named_by_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "field-report-7.txt"
    path.write_bytes(b"\r\n  Two villages were raided overnight.\r\nCattle were taken.\r\n\r\n")
    (doc,) = read(path)
    assert doc.id == "field-report-7"
    assert doc.text == "Two villages were raided overnight.\nCattle were taken."
    assert (doc.origin, doc.title, doc.published, doc.language) == (str(path), None, None, "en")


def test_markdown_front_matter_sets_metadata(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\n"
        "id: fr-2021-004\n"
        'title: "Attack on the: water station"\n'
        "published: 2021-06-12T17:20:00+03:00\n"
        "source: Field team B\n"
        "url: https://reports.example/fr-2021-004\n"
        "language: en-GB\n"
        "# a comment line\n"
        "tags:\n"
        "  - water\n"
        "  - infrastructure\n"
        "---\n"
        "# Heading in the body\n\n"
        "Armed men damaged the pumping station at Millbrook.\n",
        encoding="utf-8",
    )
    (doc,) = read(path)
    assert doc.id == "fr-2021-004"
    assert doc.title == "Attack on the: water station"
    assert doc.published == date(2021, 6, 12)
    assert (doc.source, doc.url, doc.language) == (
        "Field team B",
        "https://reports.example/fr-2021-004",
        "en",
    )
    assert doc.text == "# Heading in the body\n\nArmed men damaged the pumping station at Millbrook."


def test_markdown_without_front_matter_takes_its_heading_as_title(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("---\n\nA horizontal rule first, not front matter.\n\n# Title below\n\nBody.\n")
    (doc,) = read(path)
    assert doc.id == "plain"
    assert doc.title == "Title below"
    assert doc.text.startswith("---\n\nA horizontal rule first")


def test_front_matter_parser_rejects_blocks_that_are_not_key_values() -> None:
    assert split_front_matter("---\nkey: v\n---\nbody") == ({"key": "v"}, "body")
    assert split_front_matter("---\njust a sentence\n---\nbody") == ({}, "---\njust a sentence\n---\nbody")
    assert split_front_matter("---\nkey: v\nno closing line") == ({}, "---\nkey: v\nno closing line")


def test_front_matter_with_a_bad_date_is_e009(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text("---\npublished: 31/12/2021\n---\nSome text.\n")
    error = only_error(read(path), "E009", path)
    assert error.fields["key"] == "published"


# --- directories, stdin, dispatch ---------------------------------------------------------------


def test_directory_is_read_recursively_in_sorted_order_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "c.txt").write_text("Third by path.")
    (root / "a.txt").write_text("First by path.")
    (root / "b" / "x.md").write_text("Second by path.")
    (root / "b" / "deeper" / "y.TXT").write_text("Also second: deeper under b.")
    (root / "b" / "notes.csv").write_text("not,read\n")
    (root / ".hidden.txt").write_text("never read")
    (root / ".git" / "HEAD.txt").write_text("never read")
    (root / "b" / "data.jsonl").write_text('{"id": "j", "text": "From JSONL."}\n')
    items = read(root)
    assert not errors(items)
    order = [Path(d.origin or "").relative_to(root).as_posix() for d in items]
    assert order == ["a.txt", "b/data.jsonl:1", "b/deeper/y.TXT", "b/x.md", "c.txt"]
    assert [d.id for d in read(root)] == [d.id for d in items]  # deterministic


def test_single_path_string_and_unknown_or_missing_paths(tmp_path: Path) -> None:
    good = tmp_path / "one.txt"
    good.write_text("One document.")
    assert [d.id for d in read_documents(str(good))] == ["one"]
    csv = tmp_path / "table.csv"
    csv.write_text("a,b\n")
    error = only_error(read(csv), "E008", csv)
    assert ".csv" in str(error)
    only_error(read(tmp_path / "missing.txt"), "E011", tmp_path / "missing.txt")
    only_error(read(tmp_path / "missing-dir"), "E011", tmp_path / "missing-dir")


def test_stdin_jsonl_is_streamed(tmp_path: Path) -> None:
    items = read("-", stdin='\n{"id": "s1", "text": "From a pipe."}\nnot json\n{"text": "Second."}\n')
    assert [(d.id, d.origin) for d in docs(items)] == [("s1", "<stdin>:2"), ("stdin:4", "<stdin>:4")]
    assert [(e.code, e.fields["path"]) for e in errors(items)] == [("E005", "<stdin>:3")]


def test_stdin_plain_text_is_one_document_and_mixes_with_files(tmp_path: Path) -> None:
    path = tmp_path / "after.txt"
    path.write_text("After stdin.")
    items = read("-", path, stdin="Residents fled the shelling of Oakridge.\n{not json}\n")
    assert [(d.id, d.text) for d in items] == [
        ("stdin", "Residents fled the shelling of Oakridge.\n{not json}"),
        ("after", "After stdin."),
    ]
    only_error(read("-", stdin=" \n\n"), "E003", "<stdin>")


def test_stdin_jsonl_lines_over_the_limit_are_refused_one_by_one() -> None:
    long_line = json.dumps({"id": "big", "text": "word " * 200})
    items = read(
        "-",
        stdin=f'{{"id": "a", "text": "short"}}\n{long_line}\n{{"id": "b", "text": "short"}}\n',
        max_bytes=200,
    )
    assert [d.id for d in docs(items)] == ["a", "b"]
    (error,) = errors(items)
    assert (error.code, error.fields["path"]) == ("E004", "<stdin>:2")


def test_count_inputs_estimates_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.jsonl").write_text('{"text": "1"}\n\n{"text": "2"}\n{"text": "3"}')
    (tmp_path / "c.rss").write_bytes((DATA / "sample.rss").read_bytes())
    assert count_inputs([tmp_path]) == 1 + 3 + 3
    assert count_inputs([tmp_path / "a.txt", "-"]) is None


# --- bad input ------------------------------------------------------------------------------------


def test_binary_files_are_refused(tmp_path: Path) -> None:
    with_nul = tmp_path / "image.txt"
    with_nul.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    only_error(read(with_nul), "E002", with_nul)
    no_nul = tmp_path / "noise.md"
    no_nul.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 65, 66]) * 50)
    only_error(read(no_nul), "E002", no_nul)
    jsonl = tmp_path / "blob.jsonl"
    jsonl.write_bytes(b'{"text": "x"}\n\x00\x01\x02\x03\n' * 100)
    only_error(read(jsonl), "E002", jsonl)  # one error for the file, not one per line


def test_empty_files_are_refused(tmp_path: Path) -> None:
    for name in ("empty.txt", "empty.html", "empty.rss"):
        (tmp_path / name).write_bytes(b"")
        only_error(read(tmp_path / name), "E003", tmp_path / name)
    spaces = tmp_path / "spaces.md"
    spaces.write_text("---\ntitle: Nothing below\n---\n\n   \n")
    only_error(read(spaces), "E003", spaces)


def test_oversize_files_are_refused_before_reading(tmp_path: Path) -> None:
    for name in ("big.txt", "big.jsonl", "big.html", "big.xml"):
        path = tmp_path / name
        path.write_bytes(b"x" * 1000)
        error = only_error(read(path, max_bytes=999), "E004", path)
        assert (error.fields["size"], error.fields["limit"]) == (1000, 999)
    exact = tmp_path / "exact.txt"
    exact.write_bytes(b"y" * 999)
    assert [d.id for d in read(exact, max_bytes=999)] == ["exact"]


def test_cp1252_and_latin1_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(
        "Fighting near Saint-Étienne \u201cintensified\u201d \u2013 café owners fled.".encode("cp1252")
    )
    (doc,) = read(path)
    assert doc.text == "Fighting near Saint-Étienne \u201cintensified\u201d \u2013 café owners fled."
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("Señora Muñoz said the raid took place at dawn.".encode("latin-1"))
    assert docs(read(latin1))[0].text == "Señora Muñoz said the raid took place at dawn."


def test_undecodable_text_is_e007(tmp_path: Path) -> None:
    path = tmp_path / "mangled.txt"
    path.write_bytes(b"Mostly text but \x81\x8d\x8f\x90 bytes undefined in every guess.")
    error = only_error(read(path), "E007", path)
    assert "0x81" in str(error)


def test_utf16_text_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    text = "Unidentified aircraft struck a depot near Al-Qasr. ٣ قتلى"
    path.write_bytes(text.encode("utf-16"))  # with a BOM
    assert docs(read(path))[0].text == text
    big_endian = tmp_path / "wide-be.md"
    big_endian.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    assert docs(read(big_endian))[0].text == text


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_is_e001(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    path.chmod(0)
    try:
        only_error(read(path), "E001", path)
    finally:
        path.chmod(0o600)


def test_a_fifo_or_a_path_through_a_file_is_e001(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    only_error(read(path), "E001", path)  # would block forever if opened
    (tmp_path / "plain.txt").write_text("A file, not a directory.")
    through = tmp_path / "plain.txt" / "inside.txt"
    error = only_error(read(through), "E001", through)
    assert "Not a directory" in str(error)


# --- HTML ---------------------------------------------------------------------------------------


def test_html_article_main_text_and_metadata() -> None:
    (doc,) = read(DATA / "article.html")
    assert doc.id == "article"
    assert doc.title == "Militants attack checkpoint in Stonebridge"
    assert doc.published == date(2021, 11, 14)
    assert doc.url == "https://courier.example.com/stonebridge-checkpoint"
    assert doc.source == "The Example Courier"
    assert "Four soldiers and two attackers were killed" in doc.text
    assert "Residents said the attackers arrived on motorcycles" in doc.text
    assert "Sport" not in doc.text and "All rights reserved" not in doc.text  # boilerplate dropped


def test_malicious_html_never_leaks_script_text() -> None:
    (doc,) = read(DATA / "malicious.html")
    assert "Authorities declared a night-time curfew in Eastgate" in doc.text
    assert "Dozens of people were arrested" in doc.text
    for field in (doc.text, doc.title or ""):
        assert "LEAK" not in field
        assert "javascript" not in field.lower()


def test_deeply_nested_html_falls_back_to_safe_stripping(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    depth = 50_000
    path.write_text(
        "<html><head><title>Deep page</title></head><body>"
        + "<div>" * depth
        + "<script>alert('DEEP-SCRIPT-LEAK')</script><p>Gunfire was heard near the border post at Redwater.</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    (doc,) = read(path)
    assert "Gunfire was heard near the border post at Redwater." in doc.text
    assert "LEAK" not in doc.text
    assert doc.title == "Deep page"


def test_html_declared_charset_and_pages_without_text(tmp_path: Path) -> None:
    page = tmp_path / "cyrillic.htm"
    body = "Обстрел продолжался всю ночь в районе вокзала."
    page.write_bytes(
        f'<html><head><meta charset="windows-1251"><title>Т</title></head><body><p>{body}</p></body></html>'.encode(
            "cp1251"
        )
    )
    assert body in docs(read(page))[0].text
    empty = tmp_path / "scripts-only.html"
    empty.write_text("<html><head><script>var x = 'ONLY-SCRIPT';</script></head><body></body></html>")
    only_error(read(empty), "E003", empty)


def test_strip_html_keeps_paragraphs_and_drops_code() -> None:
    markup = "<p>One &amp; two.</p><script>bad()</script><style>p{}</style><p>Three<br>four</p>"
    assert strip_html(markup) == "One & two.\nThree\nfour"


# --- feeds --------------------------------------------------------------------------------------


def test_rss_entries_become_documents() -> None:
    path = DATA / "sample.rss"
    items = read(path)
    first, second = docs(items)
    assert first.id == "gazette-0001"
    assert first.title == "Roadside bomb strikes convoy near Lakeview"
    assert first.text == (
        "A roadside bomb struck a police convoy near Lakeview on Monday, killing two officers.\n"
        "No group has claimed the attack."
    )
    assert (first.published, first.url) == (date(2022, 3, 8), "https://news.example.org/2022/03/convoy")
    assert (first.source, first.language, first.origin) == ("Example Frontier Gazette", "en", f"{path}#1")
    assert second.id == "https://news.example.org/2022/03/protest"  # no guid: the link
    assert (
        second.text
        == "Hundreds of traders marched peacefully through Hillcrest & demanded lower fuel prices."
    )
    (error,) = errors(items)
    assert (error.code, error.fields["path"]) == ("E006", f"{path}#3")
    assert all("LEAK" not in d.text for d in docs(items))


def test_atom_entries_prefer_content_and_fall_back_to_updated_date() -> None:
    first, second = read(DATA / "sample.atom")
    assert first.title == "Clashes reported in Northfield district"
    assert first.text == (
        "Government forces and a rebel militia clashed overnight in Northfield district, residents said.\n"
        "Three fighters were reported killed."
    )
    assert first.published == date(2023, 7, 1)
    assert first.url == "https://desk.example.net/northfield-clashes"
    assert first.source == "Example Monitoring Desk"
    assert second.text == "A humanitarian convoy reached Riverside after a week of negotiations."
    assert second.published == date(2023, 6, 30)


def test_files_that_are_not_feeds_are_e010(tmp_path: Path) -> None:
    other = tmp_path / "config.xml"
    other.write_text('<?xml version="1.0"?><settings><colour>blue</colour></settings>')
    only_error(read(other), "E010", other)
    broken = tmp_path / "broken.rss"
    broken.write_text("<rss><channel><title>Unclosed & <<<")
    only_error(read(broken), "E010", broken)


# --- feeds over HTTP ----------------------------------------------------------------------------


class _FeedHandler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path.startswith("/redirect?"):
            self.send_response(302)
            self.send_header("Location", self.path.split("?", 1)[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture()
def feed_server() -> Iterator[str]:
    _FeedHandler.routes = {
        "/news.rss": (200, "application/rss+xml; charset=utf-8", (DATA / "sample.rss").read_bytes()),
        "/page": (200, "text/html", b"<html><body><p>Not a feed at all.</p></body></html>"),
        "/huge.rss": (200, "application/rss+xml", b"<rss>" + b" " * 5000 + b"</rss>"),
        "/broken": (500, "text/plain", b"oops"),
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_read_feed_url_fetches_and_parses_a_feed(feed_server: str) -> None:
    url = f"{feed_server}/news.rss"
    items = list(read_feed_url(url, timeout=5))
    first, second = docs(items)
    assert first.title == "Roadside bomb strikes convoy near Lakeview"
    assert first.published == date(2022, 3, 8)
    assert (first.source, first.origin) == ("Example Frontier Gazette", f"{url}#1")
    assert first.fetched is not None
    assert [e.code for e in errors(items)] == ["E006"]


def test_read_feed_url_errors(feed_server: str, tmp_path: Path) -> None:
    only_error(list(read_feed_url(f"{feed_server}/missing.rss", timeout=5)), "E042", "HTTP 404")
    only_error(list(read_feed_url(f"{feed_server}/broken", timeout=5)), "E042", "HTTP 500")
    only_error(list(read_feed_url(f"{feed_server}/page", timeout=5)), "E010", f"{feed_server}/page")
    only_error(list(read_feed_url(f"{feed_server}/huge.rss", timeout=5, max_bytes=1000)), "E004", "huge.rss")
    local = tmp_path / "local.rss"
    local.write_bytes((DATA / "sample.rss").read_bytes())
    only_error(list(read_feed_url(local.as_uri())), "E042", "only http")
    only_error(list(read_feed_url(f"{feed_server}/redirect?{local.as_uri()}", timeout=5)), "E042", "redirect")
    redirected = list(read_feed_url(f"{feed_server}/redirect?/news.rss", timeout=5))
    assert [d.id for d in docs(redirected)] == ["gazette-0001", "https://news.example.org/2022/03/protest"]
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    only_error(list(read_feed_url(f"http://127.0.0.1:{port}/feed", timeout=5)), "E042", str(port))
