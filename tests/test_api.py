"""The REST API over a real Store (SQLite), filled through ``save_analysis`` like the pipeline does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.errors import MarsadError
from marsad.model import Document, Evidence, Mention, Place
from marsad.settings import Settings
from marsad.store import Store


def _settings(tmp_path: Path, db_url: str = "sqlite://", page_size: int = 100) -> Settings:
    return Settings(
        data_dir=tmp_path,
        db_url=db_url,
        gazetteer_path=tmp_path / "gazetteer.sqlite",
        page_size=page_size,
    )


def _place(
    name: str, lat: float | None, lon: float | None, iso2: str, iso3: str, country: str, admin1: str
) -> Place:
    return Place(
        name=name,
        latitude=lat,
        longitude=lon,
        country=iso2,
        iso3=iso3,
        country_name=country,
        admin1=admin1,
        feature_class="P",
        geo_precision=1,
    )


# (doc id, published, source, url, text, mention fields). Texts are written for these tests.
DOCS: list[tuple[str, date, str, str, str, dict[str, Any]]] = [
    (
        "d1",
        date(2024, 3, 2),
        "Test Wire",
        "https://news.example.org/a1",
        "Army troops clashed with rebels near Kadugli on Friday; four fighters were killed.",
        dict(
            event_type="Battles",
            sub_event_type="Armed clash",
            event_date=date(2024, 3, 1),
            actor1="Military Forces of Sudan",
            inter1=1,
            actor2="SPLM-N",
            inter2=2,
            fatalities=4,
            place=_place("Kadugli", 11.01, 29.72, "SD", "SDN", "Sudan", "South Kordofan"),
        ),
    ),
    (
        "d2",
        date(2024, 3, 6),
        "Daily Test",
        "https://daily.example.com/b2",
        "A drone struck a market in El Fasher on Tuesday, killing twelve civilians.",
        dict(
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            event_date=date(2024, 3, 5),
            actor1="Rapid Support Forces",
            inter1=2,
            actor2="Civilians (Sudan)",
            inter2=7,
            fatalities=12,
            place=_place("El Fasher", 13.63, 25.35, "SD", "SDN", "Sudan", "North Darfur"),
        ),
    ),
    (
        "d3",
        date(2024, 4, 11),
        "Test Wire",
        "https://news.example.org/c3",
        "Hundreds protested peacefully in Bamako on Wednesday against rising fuel prices.",
        dict(
            event_type="Protests",
            sub_event_type="Peaceful protest",
            event_date=date(2024, 4, 10),
            actor1="Protesters (Mali)",
            inter1=6,
            fatalities=0,
            place=_place("Bamako", 12.65, -8.0, "ML", "MLI", "Mali", "Bamako"),
        ),
    ),
    (
        "d4",
        date(2024, 5, 21),
        "Sahel Test",
        "https://sahel.example.net/d4",
        "Gunmen abducted three villagers somewhere in central Mali on Monday.",
        dict(
            event_type="Violence against civilians",
            sub_event_type="Abduction/forced disappearance",
            event_date=date(2024, 5, 20),
            actor1="Unidentified Armed Group (Mali)",
            inter1=3,
            actor2="Civilians (Mali)",
            inter2=7,
            fatalities=0,
            place=_place("Mopti", None, None, "ML", "MLI", "Mali", "Mopti"),
        ),
    ),
]


def fill(store: Store) -> None:
    for doc_id, published, source, url, text, fields in DOCS:
        doc = Document(id=doc_id, text=text, published=published, source=source, url=url)
        mention = Mention(
            doc_id=doc_id,
            index=0,
            confidence=0.8,
            evidence=[Evidence(text=text, start=0, end=len(text))],
            **fields,
        )
        store.save_analysis(doc, [mention])


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open("sqlite://")
    fill(s)
    yield s
    s.close()


@pytest.fixture
def client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(_settings(tmp_path), store)) as c:
        yield c


def events(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def locations(body: dict[str, Any]) -> set[str]:
    return {e["location"] for e in body["events"]}


def test_list_returns_all_events_with_their_fields(client: TestClient) -> None:
    body = events(client)
    assert body["total"] == 4
    assert body["limit"] == 100 and body["offset"] == 0
    assert locations(body) == {"Kadugli", "El Fasher", "Bamako", "Mopti"}
    kadugli = next(e for e in body["events"] if e["location"] == "Kadugli")
    assert kadugli["event_date"] == "2024-03-01"
    assert kadugli["event_type"] == "Battles"
    assert kadugli["actor1"] == "Military Forces of Sudan"
    assert kadugli["actor2"] == "SPLM-N"
    assert kadugli["admin1"] == "South Kordofan"
    assert kadugli["country"] == "Sudan"
    assert kadugli["iso3"] == "SDN"
    assert kadugli["fatalities"] == 4
    assert kadugli["latitude"] == pytest.approx(11.01)
    assert kadugli["longitude"] == pytest.approx(29.72)
    assert kadugli["event_id"]
    assert "doc_id" not in kadugli
    assert [s["url"] for s in kadugli["sources"]] == ["https://news.example.org/a1"]
    assert kadugli["sources"][0]["source"] == "Test Wire"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"since": "2024-03-05"}, {"El Fasher", "Bamako", "Mopti"}),
        ({"until": "2024-03-05"}, {"Kadugli", "El Fasher"}),
        ({"since": "2024-03-02", "until": "2024-04-30"}, {"El Fasher", "Bamako"}),
        ({"country": "Mali"}, {"Bamako", "Mopti"}),
        ({"country": "SDN"}, {"Kadugli", "El Fasher"}),
        ({"admin1": "north darfur"}, {"El Fasher"}),
        ({"type": "Battles"}, {"Kadugli"}),
        ({"type": "protests"}, {"Bamako"}),
        ({"type": "Air/drone strike"}, {"El Fasher"}),
        ({"actor": "rapid support"}, {"El Fasher"}),
        ({"actor": "Civilians"}, {"El Fasher", "Mopti"}),
        ({"country": "Sudan", "type": "Battles"}, {"Kadugli"}),
        ({"country": "Mali", "since": "2024-06-01"}, set()),
        ({"country": ""}, {"Kadugli", "El Fasher", "Bamako", "Mopti"}),
    ],
)
def test_filters(client: TestClient, params: dict[str, str], expected: set[str]) -> None:
    body = events(client, **params)
    assert locations(body) == expected
    assert body["total"] == len(expected)


def test_pagination_covers_every_event_once(client: TestClient) -> None:
    first = events(client, limit=3, offset=0)
    second = events(client, limit=3, offset=3)
    assert first["total"] == second["total"] == 4
    assert len(first["events"]) == 3 and len(second["events"]) == 1
    assert (first["limit"], second["offset"]) == (3, 3)
    ids = [e["event_id"] for e in first["events"] + second["events"]]
    assert len(set(ids)) == 4
    beyond = events(client, limit=3, offset=10)
    assert beyond["total"] == 4 and beyond["events"] == []


def test_default_limit_is_the_page_size_setting(store: Store, tmp_path: Path) -> None:
    with TestClient(create_app(_settings(tmp_path, page_size=2), store)) as c:
        body = events(c)
    assert body["limit"] == 2 and len(body["events"]) == 2 and body["total"] == 4


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"limit": "1001"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2024-13-01"}, "until"),
        ({"since": "2024-05-01", "until": "2024-04-01"}, "after until"),
        ({"type": "Picnics"}, "unknown event type"),
    ],
)
def test_bad_parameters_are_422_with_a_message(
    client: TestClient, params: dict[str, str], needle: str
) -> None:
    for path in ("/api/events", "/api/events.geojson"):
        r = client.get(path, params=params)
        assert r.status_code == 422, r.text
        assert needle in r.text


def test_get_one_event_and_404(client: TestClient) -> None:
    listed = events(client, country="Mali", type="Protests")["events"][0]
    r = client.get(f"/api/events/{listed['event_id']}")
    assert r.status_code == 200
    event = r.json()
    assert event == listed
    assert event["evidence"][0]["text"].startswith("Hundreds protested")

    missing = client.get("/api/events/no-such-event")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/json")
    assert missing.json() == {"detail": "no event with id no-such-event", "code": "E032"}


def test_geojson_feature_collection(client: TestClient) -> None:
    r = client.get("/api/events.geojson")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    assert fc["total"] == 4
    by_location = {f["properties"]["location"]: f for f in fc["features"]}
    assert set(by_location) == {"Kadugli", "El Fasher", "Bamako", "Mopti"}
    # Mopti has no coordinates: a feature without geometry, as the CLI's GeoJSON export writes it.
    assert by_location["Mopti"]["geometry"] is None
    bamako = by_location["Bamako"]
    assert bamako["geometry"] == {"type": "Point", "coordinates": [-8.0, 12.65]}
    assert bamako["properties"]["event_type"] == "Protests"
    assert "latitude" not in bamako["properties"]
    assert bamako["id"] == bamako["properties"]["event_id"]

    sudan = client.get("/api/events.geojson", params={"country": "Sudan", "until": "2024-03-01"}).json()
    assert [f["properties"]["location"] for f in sudan["features"]] == ["Kadugli"]


def test_health_stats_version(client: TestClient) -> None:
    health = client.get("/api/health")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["events"] == 4
    assert isinstance(body["map_assets"], bool)
    stats = client.get("/api/stats")
    assert stats.status_code == 200 and isinstance(stats.json(), dict)
    version = client.get("/api/version").json()
    assert version["name"] == "marsad" and re.fullmatch(r"\d+\.\d+\.\d+.*", version["version"])
    vocab = client.get("/api/vocabulary").json()
    assert "Battles" in vocab["event_types"]


def test_page_static_files_and_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    html = page.text
    # No inline scripts or handlers (the CSP would block them anyway), no remote resources.
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S)
    assert scripts and all(body.strip() == "" for body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert not re.search(r"(src|href)\s*=\s*\"(https?:)?//", html)

    js = client.get("/static/app.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert js.headers["x-content-type-options"] == "nosniff"
    # Event text is untrusted: the page never parses strings as HTML.
    assert not re.search(r"\.(inner|outer)HTML\s*[+]?=|insertAdjacentHTML|document\.write", js.text)
    api = client.get("/api/events")
    assert api.headers["content-security-policy"] == csp
    assert client.get("/static/nope.js").status_code == 404


def test_interactive_docs_are_off_but_schema_is_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/events" in schema["paths"] and "/api/events/{event_id}" in schema["paths"]


def test_create_app_opens_the_settings_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'events.sqlite'}"
    writer = Store.open(url)
    fill(writer)
    writer.close()
    app = create_app(_settings(tmp_path, db_url=url))
    with TestClient(app) as c:
        assert events(c, country="Sudan")["total"] == 2
        assert c.get("/api/health").json()["events"] == 4


def test_create_app_refuses_a_database_it_cannot_open(tmp_path: Path) -> None:
    with pytest.raises(MarsadError) as err:
        create_app(_settings(tmp_path, db_url="nosuchdb://nowhere/x"))
    assert err.value.code == "E030"


def test_merge_split_edit_and_history_endpoints(client: TestClient) -> None:
    ids = [e["event_id"] for e in events(client)["events"]]
    r = client.post("/api/events/merge", json={"event_ids": ids[:2], "why": "same event"})
    assert r.status_code == 200, r.text
    merged = r.json()
    assert merged["event_id"] == ids[0] and len(merged["mentions"]) == 2
    assert client.get(f"/api/events/{ids[1]}").json()["event_id"] == ids[0]  # merged-away id redirects
    mention = merged["mentions"][-1]["mention_id"]
    r = client.post(f"/api/events/{ids[0]}/split", json={"mention_ids": [mention], "why": "two events"})
    assert r.status_code == 200 and r.json()["event_id"] != ids[0]
    r = client.patch(f"/api/events/{ids[0]}", json={"fields": {"fatalities": 9}, "why": "checked"})
    assert r.status_code == 200 and r.json()["fatalities"] == 9
    bad = client.patch(f"/api/events/{ids[0]}", json={"fields": {"sub_event_type": "Nope"}, "why": "x"})
    assert bad.status_code == 400 and bad.json()["code"] == "E050"
    actions = [h["action"] for h in client.get(f"/api/events/{ids[0]}/history").json()]
    assert actions[0] == "created" and actions[-3:] == ["merged", "split", "edited"]
    assert client.get("/api/events/MRS-000000000000/history").status_code == 404
