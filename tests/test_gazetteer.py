"""The gazetteer: name keys, the default build, ranked lookups, imports (GeoNames, WOF, polygons), fetch."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from marsad.errors import MarsadError
from marsad.gazetteer import Gazetteer, build_default, fetch, import_path, name_key, skeleton
from marsad.gazetteer.names import clean_admin_name, strip_generic
from marsad.gazetteer.records import TOPONYM_FIELDS, toponym_record
from marsad.model import Document, Toponym


@pytest.fixture(scope="session")
def iq_gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default gazetteer restricted to Iraq (seconds, not a minute)."""
    path = tmp_path_factory.mktemp("gaz") / "iq.sqlite"
    build_default(path, countries={"IQ"})
    return path


@pytest.fixture()
def iq_copy(iq_gazetteer_path: Path, tmp_path: Path) -> Path:
    """A private copy to import into."""
    target = tmp_path / "gaz.sqlite"
    shutil.copy(iq_gazetteer_path, target)
    return target


# Columns: id name ascii alternates lat lon class code cc cc2 a1 a2 a3 a4 pop elev dem tz modified.
def _gn(gid: int, name: str, alts: str, lat: float, lon: float, fclass: str, fcode: str, a1: str, pop: int = 0) -> str:
    cols = [str(gid), name, name, alts, str(lat), str(lon), fclass, fcode, "IQ", "", a1, "", "", "", str(pop),
            "", "100", "Asia/Baghdad", "2020-01-01"]
    return "\t".join(cols)


GEONAMES_ROWS = [
    _gn(9000001, "Jabal Ḩamrīn", "Hamrin Mountains,Jebel Hamrin", 34.4, 44.6, "T", "MTS", "10"),
    _gn(9000002, "Nahr Nārīn", "Narin River,Nahr Narin", 34.5, 44.9, "H", "STM", "10"),
    _gn(9000003, "As Sa‘dīyah", "Sadiyah,Saadiya", 34.19, 45.12, "P", "PPL", "10", 900),
    _gn(9000004, "As Sa‘dīyah", "Sadiyah", 33.82, 44.41, "P", "PPL", "18", 20000),
    _gn(9000005, "Hay al Tajriba", "", 33.75, 44.62, "P", "PPLX", "10", 0),
    _gn(9000006, "Some Oil Field", "", 34.0, 44.0, "L", "OILF", "10", 0),  # class L: not imported
]


def _write_dump(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "IQ.txt").write_text("\n".join(GEONAMES_ROWS) + "\n", encoding="utf-8")
    (folder / "admin1CodesASCII.txt").write_text(
        "IQ.10\tDiyala\tDiyala\t98228\nIQ.18\tSalah ad Din\tSalah ad Din\t91695\n", encoding="utf-8"
    )
    return folder / "IQ.txt"


# -- names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        ("Baqubah", "Ba'qubah", "Baquba", "Ba‘qūbah"),
        ("Jalawla", "Jalawlah"),
        ("Saadiya", "As Sa‘dīyah", "Sadiyah", "al-Sa'adiya"),
        ("al-Azim", "Al ‘Aẓīm", "Azim"),
        ("Hamreen", "Ḩamrīn", "Hamrin"),
        ("Fallujah", "Falluja", "al-Fallujah"),
        ("Diyala", "Diyālá", "Diyālā"),
    ],
)
def test_transliteration_variants_share_a_key(variants: tuple[str, ...]) -> None:
    keys = {name_key(v) for v in variants}
    assert len(keys) == 1, keys


def test_vowel_variants_share_a_skeleton_not_a_key() -> None:
    assert name_key("Muqdadiya") != name_key("Al Miqdādīyah")
    assert skeleton(name_key("Muqdadiya")) == skeleton(name_key("Al Miqdādīyah"))
    assert name_key("Baghdad") != name_key("Basra")


def test_generic_words_and_admin_affixes() -> None:
    assert strip_generic("the Hamreen basin") == ("Hamreen", "T")
    assert strip_generic("Nareen River") == ("Nareen", "H")
    # Local words for districts: "Gombi LGA" (Nigeria), "Ulipur Upazila" (Bangladesh), "Poso Regency".
    assert strip_generic("Gombi LGA") == ("Gombi", "A")
    assert strip_generic("Ulipur Upazila") == ("Ulipur", "A")
    assert strip_generic("Poso Regency") == ("Poso", "A")
    assert strip_generic("Diyala province") == ("Diyala", "A")
    assert strip_generic("Baqubah") == ("Baqubah", None)
    assert clean_admin_name("Muhafazat Kirkuk") == "Kirkuk"
    assert clean_admin_name("Basra Governorate") == "Basra"
    assert clean_admin_name("Mayorality of Baghdad") == "Baghdad"


# -- default build ----------------------------------------------------------------------------------


def test_default_build_resolves_iraqi_towns_provinces_and_the_country(iq_gazetteer_path: Path) -> None:
    gaz = Gazetteer.open(iq_gazetteer_path)
    stats = gaz.stats()
    assert stats["countries"] == 1 and stats["admin1"] >= 18 and stats["places"] > 100
    ids = {gaz.lookup(v, limit=1)[0].gazetteer_id for v in ("Baqubah", "Ba'qubah", "Baquba")}
    assert len(ids) == 1
    baqubah = gaz.lookup("Baqubah", country="IQ")[0]
    assert (baqubah.country, baqubah.admin1, baqubah.feature_class) == ("IQ", "Diyala", "P")
    assert (baqubah.iso3, baqubah.country_name) == ("IRQ", "Iraq")
    assert abs(baqubah.latitude - 33.75) < 0.1 and abs(baqubah.longitude - 44.6) < 0.1  # type: ignore[operator]
    muqdadiya = gaz.lookup("Muqdadiya", country="IQ")[0]
    assert muqdadiya.name == "Al Miqdādīyah" and muqdadiya.admin1 == "Diyala"
    diyala = gaz.lookup("Diyala")[0]
    assert diyala.feature_class == "A" and diyala.geo_precision == 3
    assert gaz.lookup("Iraq")[0].gazetteer_id == "marsad:country:IQ"
    assert gaz.country_of("Iraq") == "IQ" and gaz.country_of("Baqubah") is None


def test_admin1_and_country_centroids_lie_in_the_area(iq_gazetteer_path: Path) -> None:
    gaz = Gazetteer.open(iq_gazetteer_path)
    diyala = gaz.admin1("Diyala", "IQ")
    assert diyala is not None and diyala.geo_precision == 3 and diyala.feature_class == "A"
    assert 33.0 < diyala.latitude < 35.2 and 44.3 < diyala.longitude < 46.0  # type: ignore[operator]
    assert gaz.admin1("Diyala Governorate", "IQ") == diyala
    assert gaz.admin1("Kirkuk", "IQ") is not None and gaz.admin1("Nowhere", "IQ") is None
    iraq = gaz.country("IQ")
    assert iraq is not None and iraq.geo_precision == 3
    assert 29 < iraq.latitude < 37.5 and 38.8 < iraq.longitude < 48.6  # type: ignore[operator]
    assert gaz.country("SY") is None  # not in this build


def test_big_town_beats_its_province_of_the_same_name(iq_gazetteer_path: Path) -> None:
    gaz = Gazetteer.open(iq_gazetteer_path)
    assert gaz.lookup("Kirkuk", country="IQ")[0].feature_class == "P"
    assert gaz.lookup("Kirkuk province", country="IQ")[0].feature_class == "A"


def test_missing_gazetteer_is_E040(tmp_path: Path) -> None:
    with pytest.raises(MarsadError) as err:
        Gazetteer.open(tmp_path / "none.sqlite")
    assert err.value.code == "E040"
    (tmp_path / "junk.sqlite").write_text("not a database")
    with pytest.raises(MarsadError):
        Gazetteer.open(tmp_path / "junk.sqlite")


def test_toponym_record_fields(iq_gazetteer_path: Path) -> None:
    gaz = Gazetteer.open(iq_gazetteer_path)
    place = gaz.lookup("Baqubah")[0]
    rec = toponym_record(Toponym("Baqubah", 10, 17, place))
    assert tuple(rec) == TOPONYM_FIELDS
    assert rec["name"] == "Baqubah" and rec["admin1"] == "Diyala" and rec["latitude"] == place.latitude
    empty = toponym_record(Toponym("Nowhere", 0, 7))
    assert empty["latitude"] is None and empty["name"] == ""


# -- imports --------------------------------------------------------------------------------------


def test_geonames_import_adds_terrain_water_and_ranks_by_context(iq_copy: Path, tmp_path: Path) -> None:
    dump = _write_dump(tmp_path / "dl")
    stats = import_path(iq_copy, dump)
    assert stats["geonames"] == 5  # the class L row is skipped
    gaz = Gazetteer.open(iq_copy)
    basin = gaz.lookup("Hamreen basin", country="IQ")[0]
    assert (basin.name, basin.feature_class, basin.admin1) == ("Jabal Ḩamrīn", "T", "Diyala")
    river = gaz.lookup("Nareen River", country="IQ")[0]
    assert river.feature_class == "H" and river.geo_precision == 2
    # Two towns of one name: the populous one without context, the Diyala one in a Diyala article.
    assert gaz.lookup("Saadiya", country="IQ")[0].admin1 == "Salah ad Din"
    assert gaz.lookup("Saadiya", country="IQ", admin1="Diyala")[0].admin1 == "Diyala"
    assert gaz.lookup("Some Oil Field") == []
    assert gaz.stats()["sources"]["geonames"] == 5


def test_import_of_an_unknown_file_is_E041(iq_copy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\n")
    with pytest.raises(MarsadError) as err:
        import_path(iq_copy, bad)
    assert err.value.code == "E041"


@pytest.fixture()
def dump_server(tmp_path: Path) -> Iterator[str]:
    """A local HTTP server with IQ.zip (GeoNames format, rows written here)."""
    root = tmp_path / "www"
    root.mkdir()
    with zipfile.ZipFile(root / "IQ.zip", "w") as zf:
        zf.writestr("IQ.txt", "\n".join(GEONAMES_ROWS) + "\n")
        zf.writestr("readme.txt", "test dump\n")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_downloads_and_imports_a_country_file(iq_copy: Path, dump_server: str) -> None:
    stats = fetch("iq", iq_copy, base_url=dump_server)
    assert stats["geonames"] == 5
    gaz = Gazetteer.open(iq_copy)
    assert gaz.lookup("Nahr Narin", country="IQ")[0].feature_class == "H"
    # Without admin1CodesASCII.txt the province names come from the default build's codes.
    assert gaz.lookup("Jebel Hamrin", country="IQ")[0].admin1 == "Diyala"
    with pytest.raises(MarsadError) as err:
        fetch("SY", iq_copy, base_url=dump_server)
    assert err.value.code == "E042"


@pytest.mark.shared
def test_import_of_the_iraq_folder(iq_copy: Path, shared_dir: Path) -> None:
    folder = shared_dir / "data" / "gazetteer" / "iraq"
    if not folder.is_dir():
        pytest.skip("no Iraq gazetteer data in ../shared")
    stats = import_path(iq_copy, folder)
    assert stats["wof"] > 10_000 and stats["polygons"] > 100
    gaz = Gazetteer.open(iq_copy)
    azim = gaz.lookup("al-Azim", country="IQ", admin1="Diyala")[0]
    assert azim.admin1 == "Diyala" and azim.feature_class == "P"
    baqubah = gaz.lookup("Baqubah", country="IQ")[0]
    assert baqubah.admin1 == "Diyala" and baqubah.admin2 == "Baquba"  # by COD-AB polygons
    assert gaz.lookup("Jalawla", country="IQ")[0].admin1 == "Diyala"
    assert gaz.lookup("Saadiya", country="IQ", admin1="Diyala")[0].admin1 == "Diyala"
    diyala = gaz.admin1("Diyala", "IQ")
    assert diyala is not None and 33.2 < diyala.latitude < 35.1  # type: ignore[operator]
    # A border town the report writes in the neighbouring province: COD-AB puts At Tarmiyah in
    # Baghdad governorate, a few km from Saladin's boundary; the report's province is its admin1, at
    # the town's own point.
    from marsad.pipeline import Pipeline
    from marsad.resources import Resources
    from marsad.stages import build_pipeline  # noqa: F401  (registers the stages)

    text = "A bomb went off near a bakery in Tarmiyah, Saladin, Iraq, killing a shopkeeper."
    analysis = Pipeline(("nlp", "geoparse", "extract", "geocode"), Resources(gazetteer=gaz)).run_one(
        Document(id="t", text=text, published=date(2015, 10, 15)))
    town = next(t.place for t in analysis.toponyms if t.text == "Tarmiyah")
    saladin = gaz.admin1("Saladin", "IQ")
    assert town is not None and saladin is not None and gaz.lookup("Tarmiyah", country="IQ")[0].admin1 == "Baghdad"
    assert town.admin1 == saladin.name and town.feature_class == "P" and town.admin2 is None
    event = analysis.mentions[0].place
    assert event is not None and event.admin1 == saladin.name and event.geo_precision == 1


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Wilayat-e Baghlan", "Baghlan"),
        ("Province de la Comoe", "Comoe"),
        ("Province d'Oubritenga", "Oubritenga"),
        ("Rewari District", "Rewari"),
        ("Provincia de Buenos Aires", "Buenos Aires"),
    ],
)
def test_admin_names_lose_their_administrative_affixes(raw: str, clean: str) -> None:
    assert clean_admin_name(raw) == clean


@pytest.fixture(scope="session")
def bf_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "bf.sqlite"
    stats = build_default(path, countries={"BF"})
    assert stats["admin2"] > 10
    return Gazetteer.open(path)


def test_default_build_has_districts_with_their_province(bf_gazetteer: Gazetteer) -> None:
    """Districts (ADM2) are places of their own, so "in a village (Tapoa, Est)" resolves the district."""
    hits = [p for p in bf_gazetteer.lookup("Tapoa", exact=True) if (p.gazetteer_id or "").startswith("marsad:admin2:")]
    assert hits, "the Tapoa district should be in the default gazetteer"
    tapoa = hits[0]
    assert tapoa.feature_class == "A" and tapoa.admin1 == "Est" and tapoa.country == "BF"
    assert tapoa.latitude is not None and 10.5 < tapoa.latitude < 13.5 and 0.0 < (tapoa.longitude or 0) < 2.5
    # "Province de la Comoe" is indexed both as written and as its plain name.
    assert bf_gazetteer.lookup("Comoe", exact=True) and bf_gazetteer.lookup("Province de la Comoe", exact=True)


# -- English province names and country centre points -------------------------------------------------


def _cluster(lat: float, lon: float, n: int = 12) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(int(abs(lat * 100 + lon)))
    return lat + rng.uniform(-0.3, 0.3, n), lon + rng.uniform(-0.3, 0.3, n), rng.integers(500, 50_000, n)


def test_english_admin1_renames_by_place_and_keeps_same_word_names() -> None:
    from marsad.gazetteer.english import english_admin1

    groups = {
        "01": ("Shamal Kharif", *_cluster(31.0, 33.8)),  # a local spelling; the English point lies among its towns
        "02": ("Idleb", *_cluster(35.9, 36.6)),  # the same word as "Idlib": keeps its own name
        "03": ("Wide Country", *_cluster(28.0, 30.0, 20)),  # towns nearest several points: no rename
    }
    lower = _cluster(26.0, 32.0, 20)
    wide = groups["03"]
    groups["03"] = ("Wide Country", np.concatenate([wide[1], lower[0]]), np.concatenate([wide[2], lower[1]]),
                    np.concatenate([wide[3], lower[2]]))
    states = [
        {"name": "North Kharif", "lat": 31.05, "lon": 33.75, "iso": "XX-NK"},
        {"name": "Idlib", "lat": 35.9, "lon": 36.6, "iso": "XX-ID"},
        {"name": "Upper Part", "lat": 28.0, "lon": 30.0, "iso": "XX-UP"},
        {"name": "Lower Part", "lat": 26.0, "lon": 32.0, "iso": "XX-LP"},
    ]
    names = english_admin1("XX", groups, states)
    assert names["01"][0] == "North Kharif" and "Shamal Kharif" in names["01"][1]
    # The same word spelt otherwise only in vowels keeps the own name and both are kept as names.
    assert names["02"][0] == "Idleb" and "Idlib" in names["02"][1]
    assert "03" not in names


def test_default_build_uses_english_province_names_and_country_centre_points(tmp_path: Path) -> None:
    pytest.importorskip("countrystatecity_countries")
    path = tmp_path / "lb.sqlite"
    build_default(path, countries={"LB", "EG"})
    gaz = Gazetteer.open(path)
    beirut = gaz.lookup("Beirut", country="LB")[0]
    assert beirut.admin1 == "Beirut"
    rafah = gaz.lookup("Rafah", country="EG")[0]
    assert rafah.admin1 == "North Sinai"
    # The local spelling still finds the province.
    assert gaz.admin1("Shamal Sina'", "EG") == gaz.admin1("North Sinai", "EG") is not None
    egypt = gaz.country("EG")
    assert egypt is not None and abs(egypt.latitude - 27) < 0.5 and abs(egypt.longitude - 30) < 0.5  # type: ignore[operator]


def test_fuzzy_fallback_reads_the_country_keys(iq_gazetteer_path: Path) -> None:
    """A misspelling that neither the key nor the skeleton catches is matched within the country,
    from the per-country key table the build writes."""
    import sqlite3

    with sqlite3.connect(iq_gazetteer_path) as conn:
        assert conn.execute("SELECT count(*) FROM country_keys WHERE country = 'IQ'").fetchone()[0] > 100
    gaz = Gazetteer.open(iq_gazetteer_path)
    hits = gaz.lookup("Fallujha", country="IQ")
    assert hits and hits[0].gazetteer_id == "geonames:99454" and hits[0].admin1 == "Anbar"  # Al Fallujah
    assert gaz.lookup("Fallujha", country="IQ", exact=True) == []


def test_country_points_follow_geonames_where_the_package_differs() -> None:
    from marsad.gazetteer.english import country_points

    points = country_points()
    if not points:
        pytest.skip("countrystatecity-countries is not installed")
    lat, lon = points["US"]
    assert abs(lat - 39.76) < 0.1 and abs(lon + 98.5) < 0.1
    # Canada's GeoNames point lies in northern Alberta, a thousand km west of the package's.
    lat, lon = points["CA"]
    assert 59 < lat < 61 and -115 < lon < -112
    assert abs(points["IQ"][0] - 33) < 1.5  # others keep the package's point
