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

from marsad.model import Document, Mention, Place
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
    pg.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 5")
    rows = _rows(pg)
    assert {r[5] for r in rows} == {"Goma", "Kharkiv", "Dhaka", "Mopti", "Northern region"}
    assert rows[0][0] == "2024-06-05"  # newest first

    # Markers: one SVG circle path per located event in Leaflet's marker pane (the ceasefire has no
    # coordinates: in the table, not on the map); the basemap's countries drawn.
    pg.wait_for_function(
        "() => document.querySelectorAll('.leaflet-marker-pane path.marsad-event').length === 4"
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
    pg.goto(server + "/?limit=2")  # page size from the URL, so five events make three pages
    pg.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 2")
    assert pg.inner_text("#range") == "1\u20132 of 5"
    assert pg.is_disabled("#prev") and pg.is_enabled("#next")
    seen = [r[5] for r in _rows(pg)]
    pg.click("#next")
    pg.wait_for_function("() => document.getElementById('range').textContent.startsWith('3')")
    seen += [r[5] for r in _rows(pg)]
    pg.click("#next")
    pg.wait_for_function("() => document.getElementById('range').textContent.startsWith('5')")
    assert pg.inner_text("#range") == "5\u20135 of 5"
    assert pg.is_enabled("#prev") and pg.is_disabled("#next")
    seen += [r[5] for r in _rows(pg)]
    assert sorted(seen) == sorted(["Goma", "Kharkiv", "Dhaka", "Mopti", "Northern region"])
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
    pg.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 5")
    assert pg.is_visible("#map-notice")
    assert "make install" in pg.inner_text("#map-notice")
    assert pg.is_hidden("#map")
    assert not errors, errors
    _assert_local(requests, server)
