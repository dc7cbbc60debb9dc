"""Places as the gazetteer gives them: shown by a Latin-script name whatever the imported file calls
them (names in other scripts stay findable), and typed by ``Place.level``. The places and names here
are invented."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from marsad.gazetteer import Gazetteer, build_default, import_path
from marsad.gazetteer.names import display_name, is_latin, native_key
from marsad.gazetteer.service import level_of
from marsad.model import Document

WOF_HEADER = ("wof_id name placetype lat lon is_current deprecated gn_id gn_name gn_feature_code gn_admin1 "
              "gn_admin2 region_id county_id names_eng names_ara names_kur src_geom geom_type").split()


def _wof(**values: str) -> str:
    return "\t".join(values.get(c, "") for c in WOF_HEADER)


# Invented places: an Arabic-named town with an English name, an Arabic-named hamlet with none, a
# Latin-named village whose Arabic name is another column, a neighbourhood with an airport code.
WOF_ROWS = [
    _wof(wof_id="900001", name="Iraq", placetype="country", lat="33.0", lon="43.7", is_current="1",
         names_eng="IQ|Iraq"),
    _wof(wof_id="900002", name="تل زمرد", placetype="locality", lat="34.05", lon="44.95", is_current="1",
         names_eng="ZMR|Tell Zumurrud|Tal Zamrud", names_ara="تل زمرد"),
    _wof(wof_id="900003", name="كفر النارنج", placetype="locality", lat="33.95", lon="44.85", is_current="1"),
    _wof(wof_id="900004", name="Umm al Qawarib", placetype="locality", lat="34.10", lon="45.05", is_current="1",
         names_eng="Umm al Qawarib", names_ara="أم القوارب"),
]


@pytest.fixture(scope="module")
def iq_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "iq.sqlite"
    build_default(path, countries={"IQ"})
    return path


@pytest.fixture()
def iq_copy(iq_base: Path, tmp_path: Path) -> Path:
    target = tmp_path / "gaz.sqlite"
    shutil.copy(iq_base, target)
    return target


def test_display_name_prefers_latin_then_english_then_transliteration() -> None:
    assert display_name("Tikrīt", ["Tikrit"]) == "Tikrīt"  # a Latin-script name is kept as written
    assert display_name("تل زمرد", ["ZMR", " Tell Zumurrud", "Tal Zamrud"]) == "Tell Zumurrud"
    assert display_name("تل زمرد", [], ["", "Tel Zimrid"]) == "Tel Zimrid"
    shown = display_name("كفر النارنج")
    assert is_latin(shown) and shown.strip() and shown != "كفر النارنج"
    assert native_key("أم القوارب") == native_key("ام القوارب") != native_key("Umm al Qawarib")
    assert native_key("Umm al Qawarib") is None


def test_wof_import_shows_latin_names_and_finds_arabic_ones(iq_copy: Path, tmp_path: Path) -> None:
    tsv = tmp_path / "wof_places.tsv"
    tsv.write_text("\n".join(["\t".join(WOF_HEADER), *WOF_ROWS]) + "\n", encoding="utf-8")
    assert import_path(iq_copy, tsv)["wof"] == 3
    gaz = Gazetteer.open(iq_copy)
    town = gaz.lookup("Tell Zumurrud", country="IQ")[0]
    assert town.name == "Tell Zumurrud" and town.gazetteer_id == "wof:900002" and town.level == "town"
    assert gaz.lookup("Tal Zamrud", country="IQ")[0].gazetteer_id == "wof:900002"
    # The Arabic name is still a name of the place: a lookup in Arabic finds it, shown in English.
    by_arabic = gaz.lookup("تل زمرد")
    assert [p.gazetteer_id for p in by_arabic] == ["wof:900002"] and by_arabic[0].name == "Tell Zumurrud"
    # Only an Arabic name: shown transliterated, found by the Arabic one.
    hamlet = gaz.lookup("كفر النارنج")[0]
    assert hamlet.gazetteer_id == "wof:900003" and is_latin(hamlet.name) and hamlet.name.strip()
    # An Arabic name from the names_ara column, written with another form of alef, finds its village.
    assert gaz.lookup("ام القوارب")[0].name == "Umm al Qawarib"
    names = [n for (n,) in gaz._conn.execute("SELECT name FROM places WHERE source = 'wof'")]
    assert names and all(is_latin(n) for n in names)
    assert gaz.stats()["meta"]["import_version"] == "2"


def test_geonames_import_shows_the_ascii_name_of_a_non_latin_one(iq_copy: Path, tmp_path: Path) -> None:
    cols = ["9100001", "قلعة الحمام", "Qal'at al Hamam", "Qalat al-Hamam,قلعة الحمام", "34.2", "44.7", "P", "PPL",
            "IQ", "", "10", "", "", "", "1200", "", "100", "Asia/Baghdad", "2020-01-01"]
    (tmp_path / "IQ.txt").write_text("\t".join(cols) + "\n", encoding="utf-8")
    assert import_path(iq_copy, tmp_path / "IQ.txt")["geonames"] == 1
    gaz = Gazetteer.open(iq_copy)
    place = gaz.lookup("Qalat al-Hamam", country="IQ")[0]
    assert place.name == "Qal'at al Hamam" and place.level == "town"
    assert gaz.lookup("قلعة الحمام")[0].gazetteer_id == "geonames:9100001"


def test_boundary_import_keeps_the_arabic_name_of_a_district(iq_copy: Path, tmp_path: Path) -> None:
    square = [[[44.90, 33.90], [45.00, 33.90], [45.00, 34.00], [44.90, 34.00], [44.90, 33.90]]]
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": square},
               "properties": {"ADM2_EN": "Wadi Zumurrud", "ADM2_AR": "وادي زمرد", "ADM1_EN": "Diyala",
                              "ADM1_AR": "ديالى", "ADM0_EN": "Iraq", "ADM0_PCODE": "IQ"}}
    path = tmp_path / "invented_admbnda_adm2.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    assert import_path(iq_copy, path)["polygons"] == 1
    gaz = Gazetteer.open(iq_copy)
    district = gaz.lookup("وادي زمرد")[0]
    assert district.name == "Wadi Zumurrud" and district.level == "admin2" and district.admin1 == "Diyala"
    assert gaz.lookup("Wadi Zumurrud district", country="IQ")[0].gazetteer_id == district.gazetteer_id


def test_levels_of_the_default_build(iq_base: Path) -> None:
    gaz = Gazetteer.open(iq_base)
    assert gaz.lookup("Iraq", exact=True)[0].level == "country"
    country = gaz.country("IQ")
    assert country is not None and country.level == "country"
    diyala = gaz.admin1("Diyala", "IQ")
    assert diyala is not None and diyala.level == "admin1"
    town = gaz.lookup("Baqubah", country="IQ")[0]
    assert town.level == "town" and town.feature_class == "P"
    assert gaz.lookup("Nineveh Plains", exact=True)[0].level == "feature"
    districts = [p for p in gaz.lookup("Abu Ghraib district", country="IQ") if p.feature_class == "A"]
    assert districts and districts[0].level == "admin2"


@pytest.mark.parametrize(
    ("gid", "fclass", "level"),
    [
        ("marsad:country:IQ", "A", "country"),
        ("marsad:continent:AS", "L", "continent"),
        ("marsad:admin1:IQ.10", "A", "admin1"),
        ("marsad:admin2:IQ.10.khanakin", "A", "admin2"),
        ("marsad:adm2:IQ:wadizumurud", "A", "admin2"),
        ("marsad:adm3:IQ:someplace", "A", "admin3"),
        ("marsad:feature:middleeast", "L", "feature"),
        ("geonames:9100001", "P", "town"),
        ("wof:102542465", "S", "site"),
        ("geonames:9000002", "H", "natural"),
        ("wof:421169765", "A", "area"),
    ],
)
def test_level_of_a_gazetteer_id(gid: str, fclass: str, level: str) -> None:
    assert level_of(gid, fclass) == level


@pytest.mark.shared
def test_iraq_import_geoparses_and_extracts_in_latin_script(iq_copy: Path, shared_dir: Path) -> None:
    folder = shared_dir / "data" / "gazetteer" / "iraq"
    if not folder.is_dir():
        pytest.skip("no Iraq gazetteer data in ../shared")
    import_path(iq_copy, folder)
    gaz = Gazetteer.open(iq_copy)
    assert all(is_latin(n) for (n,) in gaz._conn.execute("SELECT name FROM places"))
    from marsad.pipeline import Pipeline
    from marsad.resources import Resources
    from marsad.stages import build_pipeline  # noqa: F401  (registers the stages)

    text = ("Gunmen attacked a police checkpoint in Fallujah on Sunday, killing two officers. On the same "
            "day a roadside bomb exploded near a market in Basra, wounding four people.")
    analysis = Pipeline(("nlp", "geoparse", "extract", "geocode"), Resources(gazetteer=gaz)).run_one(
        Document(id="t", text=text, published=date(2019, 3, 10)))
    places = [t.place for t in analysis.toponyms if t.place is not None]
    assert {"Fallujah", "Basra"} <= {t.text for t in analysis.toponyms if t.place is not None}
    located = [m.place for m in analysis.mentions if m.place is not None]
    assert located
    for p in [*places, *located]:
        assert all(is_latin(v) for v in (p.name, p.admin1 or "", p.admin2 or "")), p
