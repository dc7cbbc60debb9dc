"""The map page in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The app runs under uvicorn in a background thread on a free loopback port over a temporary SQLite
store. Every request the page makes is recorded: none may leave this machine (no CDN, no tiles).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from marsad.model import Document, Evidence, Mention, Place
from marsad.settings import Settings
from marsad.store import Store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
VENDOR = Path(__file__).resolve().parent.parent / "src" / "marsad" / "web" / "static" / "vendor"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE_ACTOR = '<img src=x id=pwned onerror="document.title=1">Militia'
HOSTILE_WHY = 'hospital <img src=x id=pwned2 onerror="document.title=2"> count'

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("Debian chromium is not installed (apt-get install chromium)", allow_module_level=True)

# With CI set, a missing browser fails the tests below (launch raises) instead of skipping them.


def _mention(
    doc_id: str, event_type: str, sub: str, day: date, actor1: str, fatalities: int, place: Place
) -> Mention:
    return Mention(
        doc_id=doc_id,
        index=0,
        event_type=event_type,
        sub_event_type=sub,
        event_date=day,
        actor1=actor1,
        fatalities=fatalities,
        confidence=0.7,
        place=place,
    )


def _place(name: str, lat: float | None, lon: float | None, country: str, admin1: str) -> Place:
    return Place(name=name, latitude=lat, longitude=lon, country_name=country, admin1=admin1, geo_precision=1)


# Texts written for this test.
EVENTS: list[tuple[str, str, Mention]] = [
    (
        "w1",
        "Soldiers and militia fighters exchanged fire outside Goma.",
        _mention(
            "w1",
            "Battles",
            "Armed clash",
            date(2024, 6, 1),
            "Military Forces of DR Congo",
            3,
            _place("Goma", -1.68, 29.22, "Democratic Republic of Congo", "North Kivu"),
        ),
    ),
    (
        "w2",
        "An artillery barrage hit the outskirts of Kharkiv overnight.",
        _mention(
            "w2",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            date(2024, 6, 3),
            "Military Forces of Russia",
            2,
            _place("Kharkiv", 49.99, 36.23, "Ukraine", "Kharkiv"),
        ),
    ),
    (
        "w3",
        "Teachers marched through Dhaka demanding overdue salaries.",
        _mention(
            "w3",
            "Protests",
            "Peaceful protest",
            date(2024, 6, 4),
            "Protesters (Bangladesh)",
            0,
            _place("Dhaka", 23.81, 90.41, "Bangladesh", "Dhaka"),
        ),
    ),
    (
        "w4",
        "Armed men attacked a village near Mopti and burned granaries.",
        _mention(
            "w4",
            "Violence against civilians",
            "Attack",
            date(2024, 6, 5),
            HOSTILE_ACTOR,
            5,
            _place("Mopti", 14.49, -4.18, "Mali", "Mopti"),
        ),
    ),
    (
        "w5",
        "The two factions signed a ceasefire somewhere in the north.",
        _mention(
            "w5",
            "Strategic developments",
            "Agreement",
            date(2024, 5, 30),
            "Northern Faction",
            0,
            _place("Northern region", None, None, "Chad", ""),
        ),
    ),
]


KIRKUK = Place("Kirkuk", 35.47, 44.39, "IQ", "IRQ", "Iraq", "Kirkuk", "Kirkuk District", "P", "94787")


def _kirkuk_report(
    doc_id: str, source: str, published: date, text: str, fatalities: int, claim: str
) -> tuple[Document, list[Mention]]:
    """One of two reports (written for this test) of the same market attack, by different outlets."""
    doc = Document(
        id=doc_id, text=text, source=source, url=f"https://{doc_id}.example.net/story", published=published
    )
    mention = Mention(
        doc_id=doc_id,
        index=0,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        event_date=date(2024, 6, 2),
        actor1="Unidentified Armed Group (Iraq)",
        inter1=3,
        actor2="Civilians (Iraq)",
        inter2=7,
        fatalities=fatalities,
        confidence=0.8,
        claim=claim,
        place=KIRKUK,
        evidence=[Evidence(text, 0, len(text))],
    )
    return doc, [mention]


KIRKUK_TEXT_1 = "Gunmen opened fire on shoppers at a market in Kirkuk, killing five civilians, police said."
KIRKUK_TEXT_2 = "Gunmen opened fire on shoppers in a Kirkuk market, killing seven civilians, a local official said."


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from marsad.api import create_app

    tmp = tmp_path_factory.mktemp("web")
    store = Store.open(f"sqlite:///{tmp / 'web.sqlite'}")
    for doc_id, text, mention in EVENTS:
        # A news URL is untrusted too: a javascript: one must not become a link.
        url = "javascript:document.title='pwned'" if doc_id == "w5" else f"https://wire.example.org/{doc_id}"
        store.save_analysis(Document(id=doc_id, text=text, source="Test Wire", url=url), [mention])
    # Two outlets report one attack: resolved into one event with two sources and a range of figures.
    assert store.save_analysis(
        *_kirkuk_report("k1", "North Desk", date(2024, 6, 2), KIRKUK_TEXT_1, 5, "police said"), resolve=True
    )
    assert store.save_analysis(
        *_kirkuk_report("k2", "South Desk", date(2024, 6, 3), KIRKUK_TEXT_2, 7, "a local official said"),
        resolve=True,
    )
    [kirkuk] = [e for e in store.query_events() if e["location"] == "Kirkuk"]
    assert len(kirkuk["sources"]) == 2
    store.edit_event(kirkuk["event_id"], {"fatalities": 6}, HOSTILE_WHY)  # untrusted text in the history too
    settings = Settings(data_dir=tmp, db_url="sqlite://", gazetteer_path=tmp / "g.sqlite")
    port = _free_port()
    config = uvicorn.Config(create_app(settings, store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A fresh page that records every request URL, uncaught script error and CSP violation."""
    context = browser.new_context()
    pg = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    pg.on("request", lambda req: requests.append(req.url))
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # A CSP violation (an inline style or script the page or Leaflet needs) is logged, not thrown.
    pg.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield pg, requests, errors
    context.close()


def _rows(pg: Any) -> list[list[str]]:
    return pg.eval_on_selector_all(
        "#events tbody tr", "rows => rows.map(r => Array.from(r.cells, c => c.textContent.trim()))"
    )


def _assert_local(requests: list[str], server: str) -> None:
    host = urlsplit(server).hostname
    outside = [
        u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != host
    ]
    assert requests and not outside, f"requests left the machine: {outside}"


def test_page_shows_events_on_map_and_table_and_filters(page: Any, server: str) -> None:
    if not (VENDOR / "leaflet" / "leaflet.js").is_file():
        pytest.fail("web map assets are not built: run `npm ci && python tools/build_web_assets.py`")
    pg, requests, errors = page
    pg.goto(server + "/")
    pg.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 6")
    rows = _rows(pg)
    assert {r[5] for r in rows} == {"Goma", "Kharkiv", "Dhaka", "Mopti", "Northern region", "Kirkuk"}
    assert rows[0][0] == "2024-06-05"  # newest first

    # Markers: one SVG circle path per located event in Leaflet's marker pane (the ceasefire has no
    # coordinates: in the table, not on the map); the basemap's countries drawn.
    pg.wait_for_function(
        "() => document.querySelectorAll('.leaflet-marker-pane path.marsad-event').length === 5"
    )
    pg.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 100")
    assert pg.is_hidden("#map-notice")

    # Untrusted text is shown as text: the markup in the actor's name is not parsed.
    mopti = next(r for r in rows if r[5] == "Mopti")
    assert mopti[3] == HOSTILE_ACTOR
    assert pg.query_selector("#pwned") is None and pg.title() != "1"
    assert pg.locator("#events tbody tr", has_text="Northern region").locator("a").count() == 0
    assert pg.locator("#events tbody tr", has_text="Goma").locator("a").get_attribute("href") == (
        "https://wire.example.org/w1"
    )

    # A marker's popup names the event and links its source.
    pg.locator("#events tbody tr", has_text="Kharkiv").click()
    popup = pg.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Shelling/artillery/missile attack" in popup.inner_text()
    assert popup.locator("a").get_attribute("href") == "https://wire.example.org/w2"

    # Filtering by type narrows the table and the map.
    pg.select_option("select[name=type]", "Protests")
    pg.click("#filters button[type=submit]")
    pg.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 1")
    assert _rows(pg)[0][5] == "Dhaka"
    pg.wait_for_function(
        "() => document.querySelectorAll('.leaflet-marker-pane path.marsad-event').length === 1"
    )
    assert "type=Protests" in pg.url

    # A bad filter is reported, not swallowed.
    pg.fill("input[name=since]", "2024-07-01")
    pg.fill("input[name=until]", "2024-06-01")
    pg.click("#filters button[type=submit]")
    pg.wait_for_function("() => document.getElementById('status').textContent.includes('after until')")

    assert not errors, errors
    _assert_local(requests, server)


def test_pagination(page: Any, server: str) -> None:
    pg, requests, errors = page
    pg.goto(server + "/?limit=2")  # page size from the URL, so six events make three pages
    pg.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 2")
    assert pg.inner_text("#range") == "1\u20132 of 6"
    assert pg.is_disabled("#prev") and pg.is_enabled("#next")
    seen = [r[5] for r in _rows(pg)]
    pg.click("#next")
    pg.wait_for_function("() => document.getElementById('range').textContent.startsWith('3')")
    seen += [r[5] for r in _rows(pg)]
    pg.click("#next")
    pg.wait_for_function("() => document.getElementById('range').textContent.startsWith('5')")
    assert pg.inner_text("#range") == "5\u20136 of 6"
    assert pg.is_enabled("#prev") and pg.is_disabled("#next")
    seen += [r[5] for r in _rows(pg)]
    assert sorted(seen) == sorted(["Goma", "Kharkiv", "Dhaka", "Mopti", "Northern region", "Kirkuk"])
    assert "offset=4" in pg.url
    pg.click("#prev")
    pg.wait_for_function("() => document.getElementById('range').textContent.startsWith('3')")
    assert [r[5] for r in _rows(pg)] == seen[2:4]
    assert not errors, errors
    _assert_local(requests, server)


def test_page_without_map_assets_still_shows_the_table(page: Any, server: str) -> None:
    pg, requests, errors = page
    pg.route("**/static/vendor/**", lambda route: route.fulfill(status=404, body="not built"))
    pg.goto(server + "/")
    pg.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 6")
    assert pg.is_visible("#map-notice")
    assert "make install" in pg.inner_text("#map-notice")
    assert pg.is_hidden("#map")
    # Without the map the detail panel still opens, with its sources and history.
    pg.locator("#events tbody tr", has_text="Kirkuk").locator("td").first.click()
    pg.wait_for_function("() => document.querySelectorAll('#detail .history > li').length === 3")
    assert pg.locator("#detail .source-list > li").count() == 2
    assert not errors, errors
    _assert_local(requests, server)


def test_detail_panel_shows_provenance(page: Any, server: str) -> None:
    """A fact-checker's view of one event resolved from two reports: grade, range, sources, history."""
    pg, requests, errors = page
    pg.goto(server + "/")
    pg.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 6")
    rows = {r[5]: r for r in _rows(pg)}
    # Fatalities: the figure used (set by hand to 6), then the range the sources gave.
    assert rows["Kirkuk"][8] == "6 (5\u20137)"
    assert rows["Goma"][8] == "3"  # one source, no range
    assert rows["Kirkuk"][9] == "fair" and rows["Goma"][9] == "weak"
    row = pg.locator("#events tbody tr", has_text="Kirkuk")
    badge = row.locator(".grade")
    assert badge.get_attribute("title") == "2 independent sources"
    assert "grade-fair" in (badge.get_attribute("class") or "")
    assert row.locator(".count").inner_text() == "2"
    assert pg.locator("#events tbody tr", has_text="Goma").locator(".count").inner_text() == "1"
    assert pg.is_hidden("#detail")

    row.locator("td").first.click()
    detail = pg.locator("#detail")
    detail.wait_for()
    assert pg.is_visible("#map")  # a panel beside the map, not a modal over it
    assert "event=" in pg.url
    assert pg.inner_text("#detail-title") == "Attack"
    text = detail.inner_text()
    assert "Kirkuk, Kirkuk District, Kirkuk, Iraq" in text
    assert "the named town or village itself" in text  # geo_precision 1 in words
    assert "the day itself" in text  # time_precision 1
    assert "Unidentified Armed Group (Iraq) (Political militias)" in text
    assert "Violence against civilians / Attack" in text
    assert KIRKUK_TEXT_1 in detail.locator("blockquote.evidence").all_inner_texts()
    assert "Reported by: police said" in detail.locator(".claim").inner_text()

    # Every source with its own figures, linked.
    sources = detail.locator(".source-list > li")
    assert sources.count() == 2
    north, south = sources.all_inner_texts()
    assert "North Desk" in north and "published 2024-06-02" in north and "5 killed" in north
    assert "police said" in north
    assert "South Desk" in south and "published 2024-06-03" in south and "7 killed" in south
    assert "a local official said" in south
    assert [a.get_attribute("href") for a in sources.locator("a").all()] == [
        "https://k1.example.net/story",
        "https://k2.example.net/story",
    ]

    # The history, fetched: when, what, why; the hand edit's reason is shown as text, not markup.
    pg.wait_for_function("() => document.querySelectorAll('#detail .history > li').length === 3")
    changes = detail.locator(".history > li")
    assert [c.locator("strong").inner_text() for c in changes.all()] == [
        "Created",
        "Source added",
        "Edited by hand",
    ]
    assert changes.nth(0).locator(".why").inner_text() == "reported in k1 (North Desk)"
    assert changes.nth(2).locator(".why").inner_text() == HOSTILE_WHY
    assert "fatalities" in changes.nth(2).inner_text()
    assert "UTC" in changes.nth(0).locator("time").inner_text()
    assert pg.query_selector("#pwned2") is None and pg.title() != "2"

    # Another row replaces the panel's content; Escape closes it.
    pg.locator("#events tbody tr", has_text="Northern region").locator("td").first.click()
    pg.wait_for_function("() => document.getElementById('detail-title').textContent === 'Agreement'")
    assert "not on the map" in detail.inner_text()
    assert detail.locator(".source-list a").count() == 0  # the javascript: URL is no link here either
    pg.keyboard.press("Escape")
    detail.wait_for(state="hidden")
    assert "event=" not in pg.url

    # The URL names the open event, so a link to it opens the panel directly.
    event_id = row.get_attribute("data-event-id")
    pg.goto(f"{server}/?event={event_id}")
    detail.wait_for()
    pg.wait_for_function("() => document.querySelectorAll('#detail .history > li').length === 3")
    assert pg.locator("#events tbody tr.selected").get_attribute("data-event-id") == event_id
    assert not errors, errors
    _assert_local(requests, server)
