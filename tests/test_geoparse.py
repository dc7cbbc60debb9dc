"""Geoparsing and geocoding with the real spaCy model and a real (Iraq-only) default gazetteer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from marsad.gazetteer import Gazetteer, build_default, import_path
from marsad.geocode.stage import geocode, precision_for
from marsad.model import Document, Evidence, Mention
from marsad.pipeline import Pipeline
from marsad.resources import Resources

TEXT = (
    "Gunmen attacked an army checkpoint near Baqubah on Tuesday, killing two soldiers, police said. "
    "Hours later a roadside bomb struck a police patrol in Muqdadiya, wounding three officers. "
    "Security forces then launched a search operation in northern Diyala, "
    "the officials of the Islamic State of Iraq and Syria said nothing. "
    "Colonel Ahmed Karim told reporters on Saturday that ISIS cells still hide in the Hamreen basin."
)


@pytest.fixture(scope="session")
def gazetteer(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("IQ")



def _parse(text: str, nlp: Any, gazetteer: Gazetteer | None) -> tuple[Any, Resources]:
    resources = Resources(nlp=nlp, gazetteer=gazetteer)
    analysis = Pipeline(("nlp", "geoparse"), resources).run_one(Document(id="t", text=text))
    return analysis, resources


def _mention(index: int, hints: list[str], qualifier: str | None = None, evidence: list[Evidence] | None = None) -> Mention:
    return Mention("t", index, "Battles", "Armed clash", date(2020, 10, 3), place_hints=hints,
                   place_qualifier=qualifier, evidence=evidence or [])


def test_toponyms_have_offsets_places_and_qualifiers(nlp: Any, gazetteer: Gazetteer) -> None:
    analysis, _ = _parse(TEXT, nlp, gazetteer)
    by_text = {t.text: t for t in analysis.toponyms}
    for t in analysis.toponyms:
        assert TEXT[t.start : t.end] == t.text
    assert {"Baqubah", "Muqdadiya", "Diyala", "Hamreen basin"} <= set(by_text)
    baqubah = by_text["Baqubah"]
    assert baqubah.place is not None and baqubah.place.admin1 == "Diyala" and baqubah.qualifier == "near"
    assert by_text["Muqdadiya"].place is not None and by_text["Muqdadiya"].place.name == "Al Miqdādīyah"
    diyala = by_text["Diyala"]
    assert diyala.qualifier == "northern" and diyala.place is not None and diyala.place.feature_class == "A"
    assert by_text["Hamreen basin"].place is None  # not in the default gazetteer: recognised, unresolved
    # Organisations, people, days and acronyms are not places.
    assert not {"Syria", "Iraq", "ISIS", "Saturday", "Ahmed Karim", "Karim"} & set(by_text)
    assert (analysis.country, analysis.admin1) == ("IQ", "Diyala")


def test_geocode_precision_and_fallbacks(nlp: Any, gazetteer: Gazetteer) -> None:
    analysis, resources = _parse(TEXT, nlp, gazetteer)
    analysis.mentions = [
        _mention(0, ["Baqubah"], "near"),
        _mention(1, ["Muqdadiya"]),
        _mention(2, ["Diyala"], "northern"),
        _mention(3, ["Hamreen basin"]),
        _mention(4, []),
        _mention(5, ["Iraq", "Baquba"]),  # the specific hint wins over the country
    ]
    geocode(analysis, resources)
    places = [m.place for m in analysis.mentions]
    assert all(p is not None for p in places)
    diyala = gazetteer.admin1("Diyala", "IQ")
    assert diyala is not None
    p0, p1, p2, p3, p4, p5 = places
    assert p0 and p0.name == "Baqubah" and p0.geo_precision == 2
    assert p1 and p1.name == "Al Miqdādīyah" and p1.geo_precision == 1
    assert p2 and (p2.name, p2.geo_precision, p2.latitude) == ("Diyala", 3, diyala.latitude)
    for p in (p3, p4):  # nothing specific: the document's province centroid
        assert p and (p.name, p.admin1, p.geo_precision, p.latitude) == ("Diyala", "Diyala", 3, diyala.latitude)
    assert p5 and p5.name == "Baqubah" and p5.geo_precision == 1


def test_hint_prefers_the_toponym_resolved_in_the_event_text(nlp: Any, gazetteer: Gazetteer) -> None:
    analysis, resources = _parse(TEXT, nlp, gazetteer)
    start = TEXT.index("Hours later")
    end = TEXT.index("officers.") + len("officers.")
    analysis.mentions = [_mention(0, ["Muqdadiya"], evidence=[Evidence(TEXT[start:end], start, end)])]
    geocode(analysis, resources)
    place = analysis.mentions[0].place
    assert place is not None and place.admin1 == "Diyala" and place.latitude is not None


def test_without_a_gazetteer_nothing_is_dropped_and_nothing_invented(nlp: Any) -> None:
    analysis, resources = _parse(TEXT, nlp, None)
    assert analysis.toponyms and all(t.place is None for t in analysis.toponyms)
    analysis.mentions = [_mention(0, ["Baqubah"]), _mention(1, [])]
    geocode(analysis, resources)
    named, unnamed = analysis.mentions
    assert named.place is not None and named.place.name == "Baqubah" and named.place.latitude is None
    assert unnamed.place is None


def test_country_hint_applies_when_the_text_names_no_country(nlp: Any, gazetteer: Gazetteer) -> None:
    resources = Resources(nlp=nlp, gazetteer=gazetteer, country_hint="IQ")
    analysis = Pipeline(("nlp", "geoparse"), resources).run_one(
        Document(id="h", text="A bomb went off in a crowded market on Sunday.")
    )
    assert analysis.country == "IQ" and analysis.admin1 is None
    analysis.mentions = [_mention(0, [])]
    geocode(analysis, resources)
    place = analysis.mentions[0].place
    assert place is not None and place.gazetteer_id == "marsad:country:IQ" and place.geo_precision == 3


def test_precision_rules() -> None:
    from marsad.model import Place

    town = Place("X", 1.0, 2.0, feature_class="P")
    area = Place("Y", 1.0, 2.0, feature_class="A")
    river = Place("Z", 1.0, 2.0, feature_class="H")
    assert precision_for(town, None) == 1
    assert precision_for(town, "outskirts of") == 2
    assert precision_for(town, "northern") == 2
    assert precision_for(area, "northern") == 3
    assert precision_for(river, None) == 2


@pytest.mark.shared
def test_canonical_article_geocodes_to_diyala(nlp: Any, gazetteer: Gazetteer, shared_dir: Path) -> None:
    text = (shared_dir / "data" / "examples" / "diyala-2020-10-05.txt").read_text("utf-8")
    analysis, resources = _parse(text, nlp, gazetteer)
    assert (analysis.country, analysis.admin1) == ("IQ", "Diyala")
    texts = {t.text for t in analysis.toponyms}
    assert {"Diyala", "Nareen River", "Hamreen basin"} <= texts and "Syria" not in texts
    analysis.mentions = [_mention(0, ["al-Azim", "Hamreen basin"]), _mention(1, ["Nareen River"], "near")]
    geocode(analysis, resources)
    for m in analysis.mentions:
        assert m.place is not None and m.place.admin1 == "Diyala" and m.place.latitude is not None
        assert m.place.geo_precision == 3


@pytest.mark.shared
def test_canonical_article_with_the_iraq_data(nlp: Any, gazetteer: Gazetteer, shared_dir: Path, tmp_path: Path) -> None:
    folder = shared_dir / "data" / "gazetteer" / "iraq"
    if not folder.is_dir():
        pytest.skip("no Iraq gazetteer data in ../shared")
    path = tmp_path / "gaz.sqlite"
    shutil.copy(gazetteer.path, path)
    import_path(path, folder)
    gaz = Gazetteer.open(path)
    text = (shared_dir / "data" / "examples" / "diyala-2020-10-05.txt").read_text("utf-8")
    analysis, resources = _parse(text, nlp, gaz)
    azim = next(t for t in analysis.toponyms if t.text == "al-Azim")
    assert azim.place is not None and azim.place.admin1 == "Diyala"
    analysis.mentions = [_mention(0, ["al-Azim", "Hamreen basin"])]
    geocode(analysis, resources)
    place = analysis.mentions[0].place
    assert place is not None and place.geo_precision == 1 and place.admin1 == "Diyala"


@pytest.fixture(scope="session")
def world(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    """A gazetteer of a few countries, enough for ambiguity across and within countries."""
    return small_gazetteer("BF", "BR", "BY", "PT", "RU", "US")


def test_a_province_named_beside_a_town_picks_the_town(nlp: Any, world: Gazetteer) -> None:
    """Several Brazilian towns share a name; the state written after it decides which one."""
    text = "Police used tear gas against a crowd of shop owners in Campinas, Sao Paulo, on Monday."
    analysis, _ = _parse(text, nlp, world)
    by_text = {t.text: t for t in analysis.toponyms}
    place = by_text["Campinas"].place
    assert analysis.country == "BR"
    assert place is not None and place.admin1 == "Sao Paulo" and place.feature_class == "P"


def test_unknown_village_falls_back_to_its_district_not_to_another_town(nlp: Any, world: Gazetteer) -> None:
    text = "On Friday, armed men burned a school in Kpembaga village (Tapoa, Est), residents said."
    analysis, resources = _parse(text, nlp, world)
    assert analysis.country == "BF"
    analysis.mentions = [_mention(0, ["Kpembaga", "Tapoa", "Est"], evidence=[Evidence(text, 0, len(text))])]
    geocode(analysis, resources)
    place = analysis.mentions[0].place
    assert place is not None and place.name == "Tapoa" and place.admin1 == "Est"
    assert place.geo_precision == 2  # a district's centroid


def test_an_area_named_after_an_unknown_town_beats_a_town_elsewhere(nlp: Any, world: Gazetteer) -> None:
    text = "A rally was held in Zavodskoye of the Gomel region in support of the striking workers in Brest."
    analysis, resources = _parse(text, nlp, world)
    analysis.mentions = [_mention(0, ["Zavodskoye", "Gomel region", "Brest"], evidence=[Evidence(text, 0, len(text))])]
    geocode(analysis, resources)
    place = analysis.mentions[0].place
    assert place is not None and place.admin1 == "Gomel" and place.feature_class == "A"


def test_demonyms_refer_to_their_country(nlp: Any, world: Gazetteer) -> None:
    text = "The Russian embassy said that two American diplomats had left Moscow on Sunday."
    analysis, _ = _parse(text, nlp, world)
    by_text = {t.text: t for t in analysis.toponyms}
    assert by_text["Russian"].place is not None and by_text["Russian"].place.country == "RU"
    assert by_text["American"].place is not None and by_text["American"].place.country == "US"
    assert by_text["Moscow"].place is not None and by_text["Moscow"].place.country == "RU"
    assert analysis.country == "RU"


@pytest.fixture(scope="session")
def yemen_zambia(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    """Two countries that share town names (Qa'tabah in Yemen, Kataba in Zambia)."""
    return small_gazetteer("YE", "ZM")


def test_the_areas_in_parentheses_decide_the_country_and_the_reading(nlp: Any, yemen_zambia: Gazetteer) -> None:
    """"(District, Province)": the district is read as the one in that province, even where a bigger
    town of the same key lies in another country, and the province (tagged as a person by the small
    model, its article left out) is still found."""
    text = "On Friday, gunmen shelled houses in Bayt Hamid village (Qaatabah, Ad Dali), killing a farmer."
    analysis, resources = _parse(text, nlp, yemen_zambia)
    by_text = {t.text: t for t in analysis.toponyms}
    assert analysis.country == "YE"
    assert "Ad Dali" in by_text
    qaatabah = by_text["Qaatabah"].place
    assert qaatabah is not None and qaatabah.country == "YE" and qaatabah.admin1 == "Ad Dali'"
    analysis.mentions = [_mention(0, ["Bayt Hamid", "Qaatabah", "Ad Dali"], evidence=[Evidence(text, 0, len(text))])]
    geocode(analysis, resources)
    place = analysis.mentions[0].place
    assert place is not None and place.country == "YE"


def test_a_country_used_as_a_modifier_does_not_decide_the_country(nlp: Any, world: Gazetteer) -> None:
    text = "Shop owners in Minsk protested on Monday against the rising US dollar exchange rate."
    analysis, resources = _parse(text, nlp, world)
    assert analysis.country == "BY"
    analysis.mentions = [_mention(0, ["US", "Minsk"], evidence=[Evidence(text, 0, len(text))])]
    geocode(analysis, resources)
    place = analysis.mentions[0].place
    assert place is not None and place.country == "BY"  # the place abroad is not the event's


def test_a_known_name_inside_an_organisation_is_not_a_place(nlp: Any, world: Gazetteer) -> None:
    text = "A spokesman for Bell Helicopter said the company would buy land near Boston."
    analysis, _ = _parse(text, nlp, world)
    texts = {t.text for t in analysis.toponyms}
    assert "Boston" in texts
    assert "Bell" not in texts  # a town's name, but here the first word of a company's



@pytest.fixture(scope="session")
def wider(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    """Countries whose names, demonyms and shared village names mislead: Turkey and Syria, the US and
    Britain, El Salvador and Brazil, Ukraine."""
    return small_gazetteer("BR", "GB", "SV", "SY", "TR", "UA", "US")

def _event_place(text: str, hints: list[str], nlp: Any, wider: Gazetteer) -> Any:
    analysis, resources = _parse(text, nlp, wider)
    analysis.mentions = [_mention(0, hints, evidence=[Evidence(text, 0, len(text))])]
    geocode(analysis, resources)
    return analysis, analysis.mentions[0].place


def test_an_actors_demonym_neither_places_the_event_nor_sets_the_country(nlp: Any, wider: Gazetteer) -> None:
    """"Turkish forces shelled ..." happens wherever the shelled place is, not in Turkey."""
    text = "On Sunday, Turkish forces shelled Qwertzabad and surrounding areas, residents said."
    analysis, place = _event_place(text, ["Qwertzabad", "Turkish"], nlp, wider)
    kinds = {t.text: t.kind for t in analysis.toponyms}
    assert kinds.get("Turkish") == "demonym"
    assert analysis.country != "TR"
    assert place is not None and place.country != "TR" and place.latitude is None  # known by name only
    # With the shelled town known, it is the event's place and its country the document's.
    text2 = "On Sunday, Turkish forces shelled Idlib and surrounding areas, residents said."
    analysis2, place2 = _event_place(text2, ["Idlib", "Turkish"], nlp, wider)
    assert analysis2.country == "SY" and place2 is not None and place2.country == "SY"


def test_a_country_used_as_a_modifier_is_not_where_the_event_is(nlp: Any, wider: Gazetteer) -> None:
    text = "Protesters angry at the high US dollar exchange rate blocked the road in Qwertzabad."
    analysis, place = _event_place(text, ["Qwertzabad", "US"], nlp, wider)
    assert {t.text: t.kind for t in analysis.toponyms}.get("US") == "modifier"
    assert analysis.country is None
    assert place is not None and place.country != "US" and place.latitude is None


def test_a_town_written_inside_a_state_is_not_the_country_of_its_name(nlp: Any, wider: Gazetteer) -> None:
    """"Salvador, Bahia" is the Brazilian city, not El Salvador; "Bahia" written around it is the state."""
    text = "On Friday, in Salvador, Bahia, about 200 drivers staged a protest."
    analysis, place = _event_place(text, ["Salvador", "Bahia"], nlp, wider)
    by_text = {t.text: t for t in analysis.toponyms}
    assert analysis.country == "BR"
    assert place is not None and place.country == "BR" and place.feature_class == "P"
    bahia = by_text["Bahia"].place
    assert bahia is not None and bahia.feature_class == "A"


def test_a_village_resolved_outside_the_written_province_falls_back_to_the_province(
    nlp: Any, wider: Gazetteer
) -> None:
    """The default gazetteer knows an Orikhove only outside Luhansk: "near Orikhove, Luhansk" must not
    put the event on that other Orikhove, but on the area the text writes."""
    others = [p for p in wider.lookup("Orikhove", country="UA", limit=25) if p.name == "Orikhove"]
    assert others and all("Luhansk" not in (p.admin1 or "") for p in others)
    text = "On Sunday, observers recorded 16 explosions near Orikhove, Luhansk."
    analysis, place = _event_place(text, ["Orikhove", "Luhansk"], nlp, wider)
    by_text = {t.text: t for t in analysis.toponyms}
    assert by_text["Orikhove"].place is None
    assert place is not None and place.country == "UA" and place.admin1 == "Luhansk"
    assert place.geo_precision >= 2


def test_a_world_city_beats_small_namesakes_in_the_documents_country(nlp: Any, wider: Gazetteer) -> None:
    """In a US story, "London" and "Washington" are the capitals, not villages in Ohio or the state."""
    text = "Officials in London and Washington condemned the attack on Tuesday, a statement said."
    analysis, _ = _parse(text, nlp, wider)
    by_text = {t.text: t.place for t in analysis.toponyms}
    london, washington = by_text.get("London"), by_text.get("Washington")
    assert washington is not None and washington.feature_class == "P" and washington.population >= 500_000
    assert london is not None and london.country == "GB"


def test_a_name_repeated_bare_keeps_the_reading_settled_where_its_area_was_written(
    nlp: Any, wider: Gazetteer
) -> None:
    text = ("On Sunday, rebels fired mortars at positions near Orikhove, Luhansk. Observers later "
            "recorded 3 explosions near Orikhove.")
    analysis, place = _event_place(text, ["Orikhove", "Luhansk"], nlp, wider)
    orikhoves = [t for t in analysis.toponyms if t.text == "Orikhove"]
    assert len(orikhoves) == 2
    assert all(t.place is None and t.kind == "outside" for t in orikhoves)
    assert place is not None and place.admin1 == "Luhansk"


def test_a_generic_word_that_is_part_of_the_name_is_kept(wider: Gazetteer) -> None:
    """"Kansas City" is a city's name, not "Kansas" with a hint; "Anbar province"-style hints still work."""
    top = wider.lookup("Kansas City", country="US", limit=3)
    assert top and top[0].name == "Kansas City" and top[0].feature_class == "P"
    state = wider.lookup("Kansas state", country="US", limit=1)
    assert state and state[0].name == "Kansas" and state[0].feature_class == "A"


def test_parts_are_linked_to_the_wholes_written_after_them() -> None:
    from marsad.toponyms.recognise.entities import Candidate
    from marsad.toponyms.stage import link_areas

    def cands(text: str, names: list[str]) -> list[Candidate]:
        out, at = [], 0
        for n in names:
            s = text.index(n, at)
            out.append(Candidate(n, s, s + len(n), "ner"))
            at = s + len(n)
        return out

    text = "A bomb hit the Allawi area of Baghdad city and Zahra neighborhood, Mosul, on Sunday."
    allawi, baghdad, zahra, mosul = cands(text, ["Allawi", "Baghdad", "Zahra", "Mosul"])
    link_areas([allawi, baghdad, zahra, mosul], text)
    assert allawi.within == {"bghd"} and baghdad.container
    assert zahra.within == {"msl"} and mosul.container
    # "X of Y" links only a part written as such: "the people of Kirkuk" is not a place in Kirkuk.
    text2 = "Leaders of Basra met Kirkuk officials."
    a, b = cands(text2, ["Basra", "Kirkuk"])
    link_areas([a, b], text2)
    assert not a.within


def test_a_group_that_fights_in_one_country_tells_the_country(nlp: Any, wider: Gazetteer) -> None:
    """An analyst reads Yemen from "pro-Houthi fighters" when no known place is named; a place the
    text names still outweighs the group."""
    analysis, _ = _parse("On Sunday, pro-Houthi snipers opened fire on a civilian in Qwertzabad.", nlp, wider)
    assert analysis.country == "YE"
    named, _ = _parse("On Sunday, pro-Houthi activists rallied in Aleppo city, Syria.", nlp, wider)
    assert named.country == "SY"



def test_a_country_adjective_before_the_kind_of_place_puts_the_name_in_that_country(
    nlp: Any, wider: Gazetteer
) -> None:
    """"the English city of Salisbury" is not Salisbury, the old name of Harare (nor a US Salisbury),
    even in a story whose other places are in Russia and Syria; "the Syrian town of X" is in Syria."""
    text = ("A Russian envoy dismissed the inquiry into the poisoning in the English city of Salisbury. "
            "The Syrian town of Kafranbel was shelled on Monday, Turkish officials in Ankara said.")
    analysis, _ = _parse(text, nlp, wider)
    by_text = {t.text: t.place for t in analysis.toponyms}
    salisbury, kafr = by_text.get("Salisbury"), by_text.get("Kafranbel")
    assert salisbury is not None and salisbury.country == "GB"
    assert kafr is not None and kafr.country == "SY"
    # Without the adjective the same name has no such constraint.
    bare, _ = _parse("The attack in Salisbury was condemned.", nlp, wider)
    assert all(t.place is None or t.place.country == "US" or t.place.country == "GB" for t in bare.toponyms)


def test_a_list_of_cities_is_not_a_town_in_the_next_ones_state(nlp: Any, wider: Gazetteer) -> None:
    """"Washington, New York and Boston" lists three cities: not a Washington in New York state, and
    Boston is Massachusetts' city, not the New York village of that name."""
    text = "The delegation visited Washington, New York and Boston before it returned to Riyadh."
    analysis, _ = _parse(text, nlp, wider)
    by_text = {t.text: t.place for t in analysis.toponyms}
    washington, boston = by_text.get("Washington"), by_text.get("Boston")
    assert washington is not None and washington.population >= 500_000
    assert boston is not None and boston.admin1 == "Massachusetts"
    # Written as a town in a state, the comma still means "in": Syracuse, New York.
    analysis2, _ = _parse("A man was arrested in Syracuse, New York, on Friday.", nlp, wider)
    syracuse = {t.text: t.place for t in analysis2.toponyms}.get("Syracuse")
    assert syracuse is not None and syracuse.country == "US" and syracuse.admin1 == "New York"


def test_a_countrys_name_in_a_us_story_is_the_country_not_a_town_named_after_it(
    nlp: Any, wider: Gazetteer
) -> None:
    """"Brazil" in a story about Texas is the country, though Indiana has a Brazil; written in a state
    ("Brazil, Indiana") it is the town."""
    text = "Police in Houston, Texas said the suspect had flown in from Brazil on Friday."
    analysis, _ = _parse(text, nlp, wider)
    brazil = {t.text: t.place for t in analysis.toponyms}.get("Brazil")
    assert brazil is not None and brazil.country == "BR"
    analysis2, _ = _parse("The fire in Brazil, Indiana destroyed two barns on Friday.", nlp, wider)
    town = {t.text: t.place for t in analysis2.toponyms}.get("Brazil")
    assert town is not None and town.country == "US" and town.admin1 == "Indiana"


def test_a_state_written_in_its_short_form_places_the_town(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """"Zamora, Michoacan": the model calls the state a group, and the gazetteer's state is "Michoacán
    de Ocampo"; still the state written after the town is the area around it, so the town is
    Zamora de Hidalgo in Michoacán, not the larger-named Zamora in Spain."""
    path = tmp_path_factory.mktemp("gaz") / "mx-es.sqlite"
    build_default(path, countries={"MX", "ES"})
    text = "Police in Zamora, Michoacan, exchanged fire with a gang on Tuesday, local media said."
    analysis, _ = _parse(text, nlp, Gazetteer.open(path))
    by_text = {t.text: t.place for t in analysis.toponyms}
    zamora, state = by_text.get("Zamora"), by_text.get("Michoacan")
    assert state is not None and state.feature_class == "A" and state.country == "MX"
    assert zamora is not None and zamora.country == "MX" and zamora.admin1 == state.admin1


def test_a_square_named_like_a_town_abroad_is_no_place_abroad(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """"the Fouad Chehab (al Nour) square in Tripoli" (Lebanon): Nour is also a town in Iran,
    but a square is in the story's town, and its other name in parentheses is no area it lies in."""
    path = tmp_path_factory.mktemp("gaz") / "lb-ir-ly.sqlite"
    build_default(path, countries={"LB", "IR", "LY"})
    gazetteer = Gazetteer.open(path)
    assert any(p.country == "IR" for p in gazetteer.lookup("Nour", exact=True))  # the trap exists
    text = ("On 9 June 2021, teachers rallied at the Fouad Chehab (al Nour) square in Tripoli to demand "
            "their unpaid wages.")
    analysis, _ = _parse(text, nlp, gazetteer)
    assert analysis.country != "IR"
    assert all(t.place is None or t.place.country != "IR" for t in analysis.toponyms)
    tripoli = {t.text: t.place for t in analysis.toponyms}.get("Tripoli")
    assert tripoli is not None and tripoli.name == "Tripoli"


def test_a_country_that_acts_does_not_make_the_story_its_own(nlp: Any, wider: Gazetteer) -> None:
    """"Turkey fired on Qamishli": the state acts; the place is in Syria, however often Turkey acts."""
    text = ("Turkey fired on Qamishli and several nearby villages on Monday. Turkey says it targets "
            "the YPG. Turkey denies that civilians were hit in Qamishli.")
    analysis, _ = _parse(text, nlp, wider)
    assert analysis.country == "SY"
    qamishli = {t.text: t.place for t in analysis.toponyms}.get("Qamishli")
    assert qamishli is not None and qamishli.country == "SY"


def test_a_small_town_in_another_country_the_text_names_is_read_there(nlp: Any, wider: Gazetteer) -> None:
    """A Syrian story that names Britain: "held in Dover" is the English port (a town too small to be
    taken abroad on its own), not one of the American Dovers, and not left unplaced."""
    text = ("Refugees from Idlib and Aleppo in Syria have crossed to Britain this year. Many of them are "
            "held in Dover for weeks, their families in Idlib said.")
    analysis, _ = _parse(text, nlp, wider)
    assert analysis.country == "SY"
    dover = {t.text: t.place for t in analysis.toponyms}.get("Dover")
    assert dover is not None and dover.country == "GB"

def test_a_countrys_name_tied_to_the_storys_towns_is_the_namesake_there(nlp: Any, wider: Gazetteer) -> None:
    """"Brazil" beside Terre Haute (25 km away) or beside Clay County (which holds Brazil, Indiana) is
    the Indiana town; beside a Texas city that holds no Brazil it stays the country."""
    text = "Firefighters from Brazil and Terre Haute put out a barn fire on Friday. Brazil Mayor Ann Smith thanked them."
    analysis, _ = _parse(text, nlp, wider)
    places = [t.place for t in analysis.toponyms if t.text == "Brazil"]
    assert analysis.country == "US" and places
    assert all(p is not None and p.country == "US" and p.admin1 == "Indiana" for p in places)
    analysis, _ = _parse("Clay County commissioners said Brazil would get a new road.", nlp, wider)
    by_text = {t.text: t.place for t in analysis.toponyms}
    assert by_text["Brazil"] is not None and by_text["Brazil"].admin1 == "Indiana"
    analysis, _ = _parse("Police in Houston said the suspect had flown in from Brazil on Friday.", nlp, wider)
    brazil = {t.text: t.place for t in analysis.toponyms}["Brazil"]
    assert brazil is not None and brazil.country == "BR"


def test_a_district_and_the_town_it_holds_are_read_together(nlp: Any, wider: Gazetteer) -> None:
    """Of the Lebanons and the Boone Counties, Lebanon, Indiana is the seat of Boone County, Indiana:
    beside each other they are those two, not the bigger Boone County in Missouri and its Lebanon."""
    text = "Jolly was arrested in Lebanon and held in the Boone County Jail. Boone County deputies found the files."
    analysis, _ = _parse(text, nlp, wider)
    by_text = {t.text: t.place for t in analysis.toponyms}
    assert by_text["Lebanon"] is not None and by_text["Lebanon"].admin1 == "Indiana"
    assert by_text["Boone County"] is not None and by_text["Boone County"].admin1 == "Indiana"


def test_a_bare_state_is_not_read_as_the_city_named_after_it(nlp: Any, wider: Gazetteer) -> None:
    """"Kansas" after "KANSAS CITY, Mo." is the state, not the city settled for the dateline."""
    text = "KANSAS CITY, Mo. - Storms cut power to farms across Kansas on Saturday, officials said."
    analysis, _ = _parse(text, nlp, wider)
    kansas = [t.place for t in analysis.toponyms if t.text == "Kansas"]
    assert kansas and kansas[0] is not None and kansas[0].feature_class == "A" and kansas[0].admin1 == "Kansas"


@pytest.fixture(scope="session")
def gaza(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    """Israel, the Palestinian territories, and Mozambique, which has a province called Gaza."""
    return small_gazetteer("IL", "MZ", "PS")


def test_a_bare_name_is_the_city_bigger_than_a_province_of_that_name_abroad(nlp: Any, gaza: Gazetteer) -> None:
    """"Gaza" in an Israel story is the city, not Mozambique's province; "Gaza province" is the province."""
    analysis, _ = _parse("Activists travelled to Gaza. Clinton came to Israel and met officials in Jerusalem.", nlp, gaza)
    place = {t.text: t.place for t in analysis.toponyms}["Gaza"]
    assert place is not None and place.country == "PS" and place.feature_class == "P"
    analysis, _ = _parse("Fighting in Gaza province, Mozambique, displaced families.", nlp, gaza)
    place = {t.text: t.place for t in analysis.toponyms}["Gaza province"]
    assert place is not None and place.country == "MZ" and place.feature_class == "A"


def test_countries_that_act_are_actors_not_the_events_place(nlp: Any, wider: Gazetteer) -> None:
    """"Turkey and the United States ran a joint patrol in Qwertzabad countryside in al-Hasakeh":
    the two states act; the patrol is in al-Hasakeh (the village unknown), not in Turkey or the US.
    So too for the agent of a passive and a group's backer ("attacked by Turkey backed factions")."""
    text = ("On 6 June 2021, Turkey and the United States ran a joint patrol of nine armoured vehicles "
            "in Qwertzabad countryside in al-Hasakeh.")
    analysis, place = _event_place(text, ["Qwertzabad", "Turkey", "United States", "al-Hasakeh"], nlp, wider)
    kinds = {t.text: t.kind for t in analysis.toponyms}
    assert kinds.get("Turkey") == "actor" and kinds.get("United States") == "actor"
    assert analysis.country == "SY"
    assert place is not None and place.country == "SY"
    text2 = ("On 7 June 2021, Syrian army units were attacked by Turkey backed factions near "
             "Qwertzabad area in Al-Hasakeh countryside.")
    analysis2, place2 = _event_place(text2, ["Qwertzabad", "Turkey", "Al-Hasakeh"], nlp, wider)
    assert {t.text: t.kind for t in analysis2.toponyms}.get("Turkey") == "actor"
    assert place2 is not None and place2.country == "SY"


def test_a_city_written_as_a_city_and_a_name_longer_than_its_entity(nlp: Any, gaza: Gazetteer) -> None:
    """"in Zeitoun neighbourhood of Gaza city": the area written around the neighbourhood is the
    city, not Mozambique's Gaza province; "in Kafr Qaddum", where the small model tags only "Kafr",
    is the village the gazetteer knows by the whole name."""
    text = ("On 14 March 2021, an Israeli tank fired at a Hamas lookout in Zeitoun neighbourhood of "
            "Gaza city. Nobody was hurt, medics said.")
    analysis, _ = _parse(text, nlp, gaza)
    gaza_city = {t.text: t.place for t in analysis.toponyms}.get("Gaza")
    assert gaza_city is not None and gaza_city.country == "PS" and gaza_city.feature_class == "P"
    text2 = ("On 8 May 2021, Israeli troops used tear gas to break up a protest march in Kafr Qaddum "
             "against the nearby settlement.")
    assert [e.text for e in nlp(text2).ents if e.text.startswith("Kafr")] == ["Kafr"]  # what the model does
    analysis2, _ = _parse(text2, nlp, gaza)
    village = {t.text: t.place for t in analysis2.toponyms}.get("Kafr Qaddum")
    assert village is not None and village.country == "PS"
# -- Iraq with imported villages and boundaries ----------------------------------------------------------


def _wof(path: Path, rows: list[tuple[str, str, float, float, str]]) -> None:
    """A Who's On First table: (name, placetype, lat, lon, region id) rows, with Iraq and its regions."""
    header = ("wof_id\tname\tplacetype\tlat\tlon\tis_current\tdeprecated\tgn_id\tgn_name\tgn_feature_code\t"
              "gn_admin1\tgn_admin2\tregion_id\tcounty_id\tnames_eng\tnames_ara\tnames_kur\tsrc_geom\tgeom_type")
    lines = [header, "85632441\tIraq\tcountry\t33.0\t44.0\t1\t\t\t\t\t\t\t\t\t\t\t\t\tPoint"]
    for i, (name, kind, lat, lon, region) in enumerate(rows):
        lines.append(f"{900001 + i}\t{name}\t{kind}\t{lat}\t{lon}\t-1\t\t\t\t\t\t\t{region}\t\t\t\t\t\tPoint")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _square(lat: float, lon: float, r: float) -> dict[str, Any]:
    ring = [[lon - r, lat - r], [lon + r, lat - r], [lon + r, lat + r], [lon - r, lat + r], [lon - r, lat - r]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture(scope="session")
def iraq_import(gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The Iraq gazetteer with a few villages as Who's On First spells them, Tikrit's district, and a
    COD-AB style governorate and district around Mosul."""
    import json

    folder = tmp_path_factory.mktemp("iqimport")
    saladin, mosul = gazetteer.admin1("Saladin", "IQ"), gazetteer.lookup("Mosul", country="IQ")[0]
    tikrit = gazetteer.lookup("Tikrit", country="IQ")[0]
    assert saladin and saladin.latitude and saladin.longitude and mosul.latitude and mosul.longitude
    assert tikrit.latitude and tikrit.longitude
    la, lo = saladin.latitude, saladin.longitude
    _wof(folder / "wof.tsv", [
        (saladin.name, "region", la, lo, ""),
        ("Dholuiya", "locality", la - 0.5, lo + 0.6, "900001"),
        ("Amirli", "locality", la + 0.2, lo + 0.9, "900001"),
        ("Tikrit", "county", tikrit.latitude + 0.1, tikrit.longitude + 0.1, "900001"),
        # 0.4 degrees east of the governorate below (~36 km out), 0.05 degrees (~5 km) out.
        ("Qaryat Testiya", "locality", mosul.latitude, mosul.longitude + 1.6, ""),
        ("Qaryat Hadudiya", "locality", mosul.latitude, mosul.longitude + 1.25, ""),
    ])
    common = {"ADM0_EN": "Iraq", "ADM0_PCODE": "IQ"}
    for level, props, r, dlat in (
        (1, {"ADM1_EN": "Neynawaa"}, 1.2, 0.0),
        (2, {"ADM1_EN": "Neynawaa", "ADM2_EN": "Qada Test"}, 0.3, -0.8),  # a district south of Mosul
    ):
        feature = {"type": "Feature", "properties": {**common, **props},
                   "geometry": _square(mosul.latitude + dlat, mosul.longitude, r)}
        (folder / f"irq_admbnda_adm{level}_test.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    path = folder / "iq.sqlite"
    shutil.copy(gazetteer.path, path)
    import_path(path, folder)
    return Gazetteer.open(path)


def test_a_village_spelt_otherwise_in_its_province_is_found_there(nlp: Any, iraq_import: Gazetteer) -> None:
    text = "A roadside bomb went off in Al Dhuluiyah area, Saladin governorate, Iraq, wounding two soldiers."
    analysis, place = _event_place(text, ["Al Dhuluiyah", "Saladin governorate"], nlp, iraq_import)
    by_text = {t.text: t for t in analysis.toponyms}
    assert by_text["Al Dhuluiyah"].place is not None and by_text["Al Dhuluiyah"].place.name == "Dholuiya"
    assert place is not None and place.name == "Dholuiya" and place.admin1 == analysis.admin1
    # The small model calls "Amarliya" an organisation; written as a town of a province, it is a place.
    text = "Militants ambushed two shepherds in Amarliya town, Saladin governorate, Iraq."
    analysis, place = _event_place(text, ["Amarliya town", "Saladin governorate"], nlp, iraq_import)
    assert any(t.text.startswith("Amarliya") and t.place and t.place.name == "Amirli" for t in analysis.toponyms)
    assert place is not None and place.name == "Amirli"


def test_a_name_written_as_a_city_is_the_city_and_no_province_lies_in_a_city(
    nlp: Any, iraq_import: Gazetteer
) -> None:
    text = ("Unknown attackers shot at a police captain's car in Al-Qadisiyah area, Tikrit city, Saladin "
            "governorate, Iraq. The captain died of his wounds.")
    analysis, place = _event_place(text, ["Al-Qadisiyah", "Tikrit city", "Saladin governorate"], nlp, iraq_import)
    by_text = {t.text: t for t in analysis.toponyms}
    tikrit = by_text["Tikrit"].place
    assert tikrit is not None and tikrit.feature_class == "P"  # not the imported district of that name
    qadisiyah = by_text.get("Al-Qadisiyah")
    assert qadisiyah is None or qadisiyah.place is None  # not the province of Al Qadisiyah, 300 km south
    assert place is not None and place.name == tikrit.name


def test_a_namesake_well_outside_the_written_provinces_boundary_is_not_meant(
    nlp: Any, iraq_import: Gazetteer
) -> None:
    """Within 150 km of the province's point but 36 km outside its boundary: another place; 5 km
    outside: a border village the text puts in the neighbouring province, kept."""
    far = "Gunmen attacked Qaryat Testiya village, Nineveh governorate, Iraq, on Monday."
    analysis, place = _event_place(far, ["Qaryat Testiya village", "Nineveh governorate"], nlp, iraq_import)
    assert all(t.place is None for t in analysis.toponyms if t.text.startswith("Qaryat Testiya"))
    assert place is not None and place.geo_precision == 3 and place.admin1 == "Nineveh"
    near = "Gunmen attacked Qaryat Hadudiya village, Nineveh governorate, Iraq, on Monday."
    _, place = _event_place(near, ["Qaryat Hadudiya village", "Nineveh governorate"], nlp, iraq_import)
    assert place is not None and place.name == "Qaryat Hadudiya"


def test_a_district_written_first_is_where_the_event_is_not_the_town_after_it(
    nlp: Any, iraq_import: Gazetteer
) -> None:
    text = "Assailants kidnapped three men from a checkpoint in Qada Test district, Mosul, Iraq."
    _, place = _event_place(text, ["Qada Test district", "Mosul"], nlp, iraq_import)
    assert place is not None and place.name == "Qada Test" and place.geo_precision == 2


def test_a_name_inside_a_written_area_votes_only_for_that_areas_countries(
    nlp: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """"As Sabaa (Tripoli)": the name is inside Tripoli, in Libya or Lebanon, so its reading as
    Malaysia's Sabah province does not make the story Malaysian."""
    path = tmp_path_factory.mktemp("gaz") / "ly-lb-my.sqlite"
    build_default(path, countries={"LY", "LB", "MY"})
    gazetteer = Gazetteer.open(path)
    assert any(p.country == "MY" for p in gazetteer.lookup("As Sabaa", exact=True))  # the trap exists
    text = "On 9 June 2020, residents reported shelling from an unidentified side in As Sabaa (Tripoli)."
    analysis, _ = _parse(text, nlp, gazetteer)
    assert analysis.country in {"LY", "LB"}
    tripoli = {t.text: t.place for t in analysis.toponyms}.get("Tripoli")
    assert tripoli is not None and tripoli.country == analysis.country


@pytest.fixture(scope="session")
def americas(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    """The US, Canada, Trinidad and Tobago, and Bolivia (which has a town called Trinidad)."""
    return small_gazetteer("BO", "CA", "TT", "US")


def test_a_town_known_by_the_name_only_as_an_alternate_one_does_not_beat_its_owner(
        nlp: Any, americas: Gazetteer) -> None:
    """"Florida" beside Californian towns is the state, not a Californian town that has the name
    among its alternate ones."""
    text = ("He has been accepted to universities in San Marcos, California, and in Parkland, Florida. "
            "California and Florida schools cheered.")
    analysis, _ = _parse(text, nlp, americas)
    florida = [t.place for t in analysis.toponyms if t.text == "Florida"]
    assert florida and all(p is not None and p.feature_class == "A" and p.admin1 == "Florida" for p in florida)


def test_a_country_named_with_and_is_one_name(nlp: Any, americas: Gazetteer) -> None:
    """"Trinidad and Tobago" is the country, not Trinidad in Bolivia beside Tobago."""
    text = "Officials confirmed that Trinidad and Tobago would send no delegation to the summit in Roseau."
    analysis, _ = _parse(text, nlp, americas)
    by_text = {t.text: t.place for t in analysis.toponyms}
    assert "Tobago" not in by_text
    tt = by_text.get("Trinidad and Tobago")
    assert tt is not None and tt.country == "TT"


def test_a_state_written_around_its_town_is_the_state_not_the_capital(nlp: Any, americas: Gazetteer) -> None:
    """"Tacoma, Washington" is the state the town lies in, not the capital called Washington."""
    text = "Maria Lopez of Sunrise Bakery in Tacoma, Washington offers advice on baking holiday pies."
    analysis, _ = _parse(text, nlp, americas)
    by_text = {t.text: t.place for t in analysis.toponyms}
    wa = by_text.get("Washington")
    assert wa is not None and wa.feature_class == "A" and wa.admin1 == "Washington"


def test_a_village_the_text_names_is_not_read_again_by_its_old_name() -> None:
    """"Millbrook" is placed; "Oakford" later in the text is the town of that name, not Millbrook,
    which has "Oakford" as an old alternate name (the nearness bonus would otherwise pick it)."""
    from marsad.model import Place
    from marsad.toponyms.recognise.entities import Candidate
    from marsad.toponyms.stage import _resolve

    village = Place("Millbrook", 40.5, -82.8, country="US", admin1="Ohio", feature_class="P",
                    gazetteer_id="g:1", population=3_000, score=0.78)
    town = Place("Oakford", 41.1, -80.6, country="US", admin1="Ohio", feature_class="P",
                 gazetteer_id="g:2", population=60_000, score=0.8)

    class Gaz:
        def lookup(self, name: str, **_: Any) -> list[Place]:
            return [village, town]

    cand = Candidate("Oakford", 0, 7, "ner", first_pass=[village, town])
    place = _resolve(cand, Gaz(), "US", "Ohio", set(), anchors=[(40.5, -82.8)])
    assert place is not None and place.name == "Oakford"
