"""Toponym recognition on invented news sentences, with the real spaCy model and a real gazetteer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from marsad.gazetteer import Gazetteer
from marsad.model import Document
from marsad.pipeline import Pipeline
from marsad.resources import Resources
from marsad.toponyms.place_context import listed_areas
from marsad.toponyms.place_names import world_place
from marsad.toponyms.recognise.entities import (
    Candidate,
    _adjectival,
    _entity_places,
    _mislabelled,
    _parts,
    _place_keys,
    _propagate,
    recognise,
)


@pytest.fixture(scope="session")
def gazetteer(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("AE", "EG", "IQ", "US")



def _toponyms(text: str, nlp: Any, gazetteer: Gazetteer) -> dict[str, Any]:
    analysis = Pipeline(("nlp", "geoparse"), Resources(nlp=nlp, gazetteer=gazetteer)).run_one(Document(id="t", text=text))
    for t in analysis.toponyms:
        assert text[t.start : t.end] == t.text
    return {t.text: t for t in analysis.toponyms}


def test_a_dateline_in_capitals_is_a_place(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "COLUMBUS, Ohio (AP) — Firefighters put out a blaze at a warehouse on Tuesday, officials said."
    by_text = _toponyms(text, nlp, gazetteer)
    assert "COLUMBUS" in by_text
    place = by_text["COLUMBUS"].place
    assert place is not None and place.country == "US" and place.admin1 == "Ohio"


def test_a_countrys_acronym_is_a_place_but_other_acronyms_are_not(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Officials from NATO and the CIA met envoys of the UAE in Baghdad on Monday."
    by_text = _toponyms(text, nlp, gazetteer)
    uae = by_text["UAE"].place
    assert uae is not None and uae.country == "AE"
    assert not {"NATO", "CIA"} & set(by_text)


def test_places_named_in_local_institutions(nlp: Any, gazetteer: Gazetteer) -> None:
    text = ("The Columbus City Council voted on Monday to fund a study by researchers at the University of "
            "Cincinnati, while a spokesman for Bell Helicopter declined to comment.")
    by_text = _toponyms(text, nlp, gazetteer)
    columbus = next((t for k, t in by_text.items() if k.startswith("Columbus")), None)
    assert columbus is not None and columbus.place is not None and columbus.place.admin1 == "Ohio"
    cincinnati = by_text["Cincinnati"].place
    assert cincinnati is not None and cincinnati.admin1 == "Ohio"
    assert "Bell" not in by_text  # a company's first word, not the town


def test_a_movements_name_names_no_place(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "The Islamic State of Iraq and Syria claimed the bombing of a market in Baqubah."
    by_text = _toponyms(text, nlp, gazetteer)
    assert "Baqubah" in by_text
    assert not {"Iraq", "Syria"} & set(by_text)


def test_demonyms_and_peoples_but_not_languages(nlp: Any, gazetteer: Gazetteer) -> None:
    # A people's name refers to its country as the adjective does (news geoparsing corpora such as
    # LGL annotate both); a language does not. Neither locates an event (kind "demonym").
    text = ("The Egyptian Foreign Ministry said on Sunday that Americans living in Cairo should stay home. "
            "The statement was issued in English and Arabic.")
    by_text = _toponyms(text, nlp, gazetteer)
    egyptian, americans = by_text["Egyptian"], by_text["Americans"]
    assert egyptian.place is not None and egyptian.place.country == "EG" and egyptian.kind == "demonym"
    assert americans.place is not None and americans.place.country == "US" and americans.kind == "demonym"
    assert "English" not in by_text and "Arabic" not in by_text


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("the Russian embassy", "Russian", True),
        ("an anti-Russian protest", "Russian", True),
        ("she spoke in Russian.", "Russian", False),
        ("English language learners", "English", False),
        ("Native American artifacts", "American", False),
        ("African-American history", "American", False),
        ("a convoy of Central American families", "American", False),
        ("Nigerians voted", "Nigerians", False),
    ],
)
def test_adjectival(text: str, word: str, expected: bool) -> None:
    start = text.index(word)
    assert _adjectival(text, start, start + len(word)) is expected


def test_a_headline_person_does_not_hide_a_country(nlp: Any, gazetteer: Gazetteer) -> None:
    """The small model calls "Rethinking Egypt" a person; "Egypt" later in the text is still Egypt."""
    text = "Rethinking Egypt. Since the election, Egypt has hoped for better relations with its neighbours."
    by_text = _toponyms(text, nlp, gazetteer)
    egypt = by_text["Egypt"].place
    assert egypt is not None and egypt.country == "EG"


def test_a_surname_stays_a_person(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Henry Farrin was arrested on Friday. Farrin told police in Columbus that he was innocent."
    by_text = _toponyms(text, nlp, gazetteer)
    assert "Columbus" in by_text
    assert "Farrin" not in by_text and "Henry Farrin" not in by_text


def test_common_words_that_are_also_towns_are_not_places(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Secretary Pompeo met the Leader of the opposition and the Council in Washington on Monday."
    by_text = _toponyms(text, nlp, gazetteer)
    assert "Washington" in by_text
    assert not {"Secretary", "Leader", "Council"} & set(by_text)


def test_one_sense_per_discourse(gazetteer: Gazetteer) -> None:
    """A name recognised as a place is the place at its other mentions, except inside a full name."""
    text = "Schools in Gainesville reopened. Gainesville said no. Mayor Tom Gainesville Smith disagreed."
    first = text.index("Gainesville")
    found = [Candidate("Gainesville", first, first + len("Gainesville"), "ner")]
    person = text.index("Tom Gainesville Smith")
    people = [(person, person + len("Tom Gainesville Smith"))]
    extra = _propagate(text, found, [(found[0].start, found[0].end)], people, set(), gazetteer)
    assert [c.start for c in extra] == [text.index("Gainesville said")]
    assert extra[0].source == "ner"


def test_recognise_without_a_gazetteer_keeps_spacys_places(nlp: Any) -> None:
    text = "Gunmen attacked a checkpoint near Baqubah, and the Egyptian envoy left Cairo."
    analysis = Pipeline(("nlp",), Resources(nlp=nlp)).run_one(Document(id="t", text=text))
    names = {c.text for c in recognise(analysis, None)}
    assert {"Baqubah", "Cairo"} <= names


@pytest.fixture(scope="session")
def world(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    """A second small gazetteer for names outside the first one's countries."""
    return small_gazetteer("BR", "ET", "GB", "IL", "KP", "LB", "NL", "PY", "SY")


def test_a_town_the_model_calls_a_group_is_a_place_where_places_stand(nlp: Any, gazetteer: Gazetteer) -> None:
    """The small model calls unfamiliar towns NORP ("Mandali"); before "town" or after "in" they are places."""
    text = "A mortar round landed in Mandali town, Diyala governorate, hurting a farmer."
    by_text = _toponyms(text, nlp, gazetteer)
    mandali = next(t for k, t in by_text.items() if k.startswith("Mandali")).place
    assert mandali is not None and mandali.country == "IQ" and mandali.admin1 == "Diyala"


def test_towns_the_model_calls_products_or_groups(nlp: Any, world: Gazetteer) -> None:
    text = "Fighting broke out in the town of Manbij in Aleppo province overnight."
    by_text = _toponyms(text, nlp, world)
    manbij = by_text["Manbij"].place
    assert manbij is not None and manbij.country == "SY" and manbij.admin1 == "Aleppo"
    assert any(k.startswith("Aleppo") for k in by_text)


@pytest.mark.parametrize(("text", "expected"), [("Aid reached families in Manbij.", True),
                                                ("Aid reached families in Manbij town.", True),
                                                ("Aid reached families in Baloch camps.", False),
                                                ("Aid reached families who speak Manbij.", False)])
def test_a_mislabelled_name_is_a_place_only_in_a_place_context(
        nlp: Any, world: Gazetteer, text: str, expected: bool) -> None:
    """An adjective before a noun ("Baloch camps") is a group, even where the gazetteer knows the word."""
    from spacy.tokens import Span

    doc = nlp(text)
    word = "Manbij" if "Manbij" in text else "Baloch"
    i = next(t.i for t in doc if t.text == word)
    doc.ents = [Span(doc, i, i + 1, label="NORP")]
    ent = doc.ents[0]
    assert bool(_mislabelled(ent, text, ent.start_char, world)) is expected


def test_names_with_lowercase_connectors(nlp: Any, world: Gazetteer) -> None:
    text = "Truckers blocked roads in Campo Grande, Mato Grosso do Sul, on Monday morning."
    by_text = _toponyms(text, nlp, world)
    state = by_text["Mato Grosso do Sul"].place
    assert state is not None and state.country == "BR" and state.admin1 == "Mato Grosso do Sul"
    assert "Mato Grosso" not in by_text and not any("Monday" in k for k in by_text)


def test_a_province_after_a_town_the_model_calls_a_person(nlp: Any, gazetteer: Gazetteer) -> None:
    """"in Makhmur, Arbil, Iraq": the small model calls Arbil a person; listed after a town it is the province."""
    text = "Militants attacked a police post in Makhmur, Arbil, Iraq."
    by_text = _toponyms(text, nlp, gazetteer)
    arbil = by_text["Arbil"].place
    assert arbil is not None and arbil.country == "IQ" and arbil.feature_class == "A"


def test_a_possessive_is_not_part_of_the_name(nlp: Any, world: Gazetteer) -> None:
    text = "Rockets fell on Tel Aviv's suburbs overnight."
    by_text = _toponyms(text, nlp, world)
    assert "Tel Aviv" in by_text and by_text["Tel Aviv"].place is not None


@pytest.mark.parametrize(
    ("span", "names"),
    [
        ("Tizi Ouzou (Tizi Ouzou", ["Tizi Ouzou", "Tizi Ouzou"]),
        ("Penas Blancas (Alajuela)", ["Penas Blancas", "Alajuela"]),
        ("Tel Aviv's", ["Tel Aviv"]),
        ("Kansas'", ["Kansas"]),
        ("St. John's", ["St. John's"]),
        ("Baghdad", ["Baghdad"]),
    ],
)
def test_entity_parts(span: str, names: list[str]) -> None:
    text = f"in {span} on Monday"
    parts = _parts(text, 3, 3 + len(span))
    assert [text[s:e] for s, e in parts] == names


def test_country_aliases_and_major_places_the_model_calls_organisations(nlp: Any, world: Gazetteer) -> None:
    text = "Envoys of the DPRK met officials from the Netherlands and London in Jerusalem."
    by_text = _toponyms(text, nlp, world)
    dprk = by_text["DPRK"].place
    assert dprk is not None and dprk.country == "KP"
    netherlands = by_text["Netherlands"].place
    assert netherlands is not None and netherlands.country == "NL"
    assert world_place(world, "London") and not world_place(world, "Manchester United")


def test_a_province_named_like_its_people(nlp: Any, world: Gazetteer) -> None:
    """"Somali region" is Ethiopia's province, though "Somali" alone refers to Somalia."""
    text = "Clan clashes left five people dead in Afdere zone (Somali region) on Sunday."
    by_text = _toponyms(text, nlp, world)
    region = by_text["Somali region"].place
    assert region is not None and region.country == "ET" and region.feature_class == "A"


def test_a_town_naming_a_road(nlp: Any, world: Gazetteer) -> None:
    text = "Rioters blocked the Halba highway with burning tyres on Saturday."
    by_text = _toponyms(text, nlp, world)
    halba = by_text["Halba"].place
    assert halba is not None and halba.country == "LB"


def test_an_organisation_span_across_a_parenthesis(nlp: Any, world: Gazetteer) -> None:
    text = "Farmers protested in Asuncion (Asuncion) on Tuesday."
    toponyms = [t for t in _toponyms_list(text, nlp, world) if t.text == "Asuncion"]
    assert len(toponyms) == 2 and all(t.place is not None and t.place.country == "PY" for t in toponyms)


def test_a_states_formal_name(nlp: Any, world: Gazetteer) -> None:
    text = "Envoys of the Kingdom of the Netherlands arrived in Beirut on Monday."
    by_text = _toponyms(text, nlp, world)
    netherlands = next(t for k, t in by_text.items() if k.endswith("Netherlands"))
    assert netherlands.place is not None and netherlands.place.country == "NL"


def _toponyms_list(text: str, nlp: Any, gazetteer: Gazetteer) -> list[Any]:
    analysis = Pipeline(("nlp", "geoparse"), Resources(nlp=nlp, gazetteer=gazetteer)).run_one(Document(id="t", text=text))
    return list(analysis.toponyms)


def test_a_province_the_model_calls_a_person_before_its_generic_word(nlp: Any, gazetteer: Gazetteer) -> None:
    """"Amarliya town, Saladin governorate": after a comma, the generic word says Saladin is the province."""
    text = "A sniper shot a farmer in Amarliya town, Saladin governorate, Iraq."
    by_text = _toponyms(text, nlp, gazetteer)
    province = next((t for k, t in by_text.items() if k.startswith("Saladin")), None)
    assert province is not None and province.place is not None
    assert province.place.country == "IQ" and province.place.feature_class == "A"


def test_sheikh_after_a_locative_begins_a_place_name(nlp: Any, gazetteer: Gazetteer) -> None:
    """"in Sheikh Zuweid (Rafah, North Sinai)" is a town named after a shrine; "Sheikh Ahmed said"
    is a man."""
    found = _toponyms("On Sunday, airstrikes hit militants in Sheikh Zuweid (Rafah, North Sinai).", nlp, gazetteer)
    town = found.get("Sheikh Zuweid")
    assert town is not None and town.place is not None and town.place.admin1 == "North Sinai"
    other = _toponyms("On Sunday, Sheikh Ahmed said the talks in Cairo will go on.", nlp, gazetteer)
    assert not any(k.startswith("Sheikh") for k in other) and "Cairo" in other


def test_a_country_run_into_a_towns_entity_is_split_off(nlp: Any, small_gazetteer: Callable[..., Gazetteer]) -> None:
    """The small model tags "Nis, Serbia" as one entity: two names, the second the area around the
    first."""
    built = small_gazetteer("RS")
    text = "On 12 May, residents banged pots on their balconies in Nis, Serbia, to protest the curfew."
    assert any(e.text == "Nis, Serbia" for e in nlp(text).ents)  # what the model does
    by_text = _toponyms(text, nlp, built)
    assert "Nis, Serbia" not in by_text
    nis, serbia = by_text["Nis"].place, by_text["Serbia"].place
    assert nis is not None and nis.country == "RS" and nis.feature_class == "P"
    assert serbia is not None and serbia.feature_class == "A"


def test_a_directional_adjective_written_in_a_name_is_a_qualifier(nlp: Any, gazetteer: Gazetteer) -> None:
    """"Northern Iraq" is Iraq, qualified; a name the gazetteer knows whole keeps its direction."""
    text = "Turkish jets struck PKK positions in Northern Iraq on Friday, officials in North Carolina said."
    by_text = _toponyms(text, nlp, gazetteer)
    iraq = by_text.get("Iraq")
    assert iraq is not None and iraq.place is not None and iraq.place.country == "IQ"
    assert iraq.qualifier == "northern"
    assert "North Carolina" in by_text


def test_parts_of_an_unknown_two_word_name_are_not_places(nlp: Any, small_gazetteer: Callable[..., Gazetteer]) -> None:
    """"Bar Elias" (a Lebanese town the default gazetteer lacks) is not Bar in Montenegro plus a
    village called Elias; a one-word gloss in parentheses ("Madares (School) street") is not Schull
    in Ireland, which has "School" among its names."""
    gazetteer = small_gazetteer("IE", "LB", "ME")
    assert gazetteer.lookup("Bar", exact=True) and gazetteer.lookup("School", exact=True)  # the traps exist
    text = ("On 2 June 2021, demonstrators threw paint at the front of the Credit Libanais in Bar Elias. They "
            "also blocked the Madares (School) street in Tripoli.")
    analysis = Pipeline(("nlp",), Resources(nlp=nlp)).run_one(Document(id="t", text=text))
    names = {c.text for c in recognise(analysis, gazetteer)}
    assert "Tripoli" in names and not {"Bar", "Elias", "School"} & names


def test_a_compass_word_before_a_major_place_is_a_qualifier(nlp: Any, gazetteer: Gazetteer) -> None:
    """"North Texas" is Texas, qualified; a name the gazetteer knows whole ("North Carolina") stays."""
    by_text = _toponyms("Storms hit North Texas and North Carolina on Monday, and Western Massachusetts too.",
                        nlp, gazetteer)
    assert {"Texas", "North Carolina", "Massachusetts"} <= set(by_text)
    texas = by_text["Texas"]
    assert texas.qualifier == "north" and texas.place is not None and texas.place.admin1 == "Texas"
    assert by_text["Massachusetts"].qualifier == "western"
    assert by_text["North Carolina"].place is not None and by_text["North Carolina"].place.admin1 == "North Carolina"


def test_datelines_after_a_bylines_date_or_before_two_dashes(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "By JOHN DOE Gazette Staff Writer April 2, 2011 NEWARK -- Sales of new homes fell again in March."
    assert "NEWARK" in _toponyms(text, nlp, gazetteer)
    assert "COLUMBUS" in _toponyms("Fiscal skills top priority. COLUMBUS -- The board of education met.", nlp, gazetteer)


def test_a_city_the_model_calls_a_person_is_the_city(nlp: Any, gazetteer: Gazetteer) -> None:
    """The small model calls "Alexandria" a person (a first name); alone, not speaking and no part of a
    full name in the text, a major city's name is the city. "Austin said" is a person."""
    text = "Alexandria man fined over fireworks. Dana Brooks, 34, of 210 Elm St., Alexandria, was cited."
    found = [t for t in _toponyms_list(text, nlp, gazetteer) if t.text == "Alexandria"]
    assert len(found) == 2 and all(t.place is not None and t.place.name == "Alexandria" for t in found)
    assert "Austin" not in _toponyms("Austin Smith went home. Later Austin said nothing.", nlp, gazetteer)


def test_a_states_dotted_abbreviation_heading_an_institution(nlp: Any, gazetteer: Gazetteer) -> None:
    """"The S.C. Highway Patrol": a state written as its abbreviation names the place; "U.N." is none."""
    by_text = _toponyms("The S.C. Highway Patrol closed the road for hours. The U.N. Security Council met.", nlp, gazetteer)
    sc = by_text["S.C."].place
    assert sc is not None and sc.admin1 == "South Carolina"
    assert "U.N." not in by_text


def test_a_town_after_in_at_the_end_of_an_organisation(nlp: Any, gazetteer: Gazetteer) -> None:
    """The small model runs "Lutheran School in Lombard" into one organisation; the town after "in"
    is a place, as it is after "of"."""
    text = "Pupils at St. Mark's Lutheran School in Lombard took home three prizes at the science fair."
    place = _toponyms(text, nlp, gazetteer)["Lombard"].place
    assert place is not None and place.admin1 == "Illinois"


def test_a_name_written_where_places_stand_is_a_place_at_its_other_mentions(nlp: Any, gazetteer: Gazetteer) -> None:
    """"in Greer" (the model calls it a nationality there, a person elsewhere) makes Greer a place
    throughout the text."""
    text = ("Greer, South Carolina. Volunteers hold a farmers' market every Saturday in Greer, near the old "
            "depot. Greer also has a growing number of factories.")
    found = [t for t in _toponyms_list(text, nlp, gazetteer) if t.text == "Greer"]
    assert len(found) >= 2 and all(t.place is not None and t.place.admin1 == "South Carolina" for t in found)


def test_generic_words_of_other_languages_and_molotov_are_no_places(
    nlp: Any, small_gazetteer: Callable[..., Gazetteer]
) -> None:
    """"Colonia" (a Mexican neighbourhood, also a village's name) and "Molotov" (cocktails; also Perm's
    old name) are no places on their own; the town after them is."""
    gazetteer = small_gazetteer("MX", "RU")
    assert gazetteer.lookup("Colonia", exact=True) and gazetteer.lookup("Molotov", exact=True)  # the traps exist
    text = ("On 6 June 2021, in Colonia Deportiva, Tijuana, youths threw Molotov cocktails at a patrol car "
            "in Colonia.")
    analysis = Pipeline(("nlp",), Resources(nlp=nlp)).run_one(Document(id="t", text=text))
    names = {c.text for c in recognise(analysis, gazetteer)}
    assert "Tijuana" in names and not {"Colonia", "Molotov"} & names


def test_a_place_a_group_is_based_in_is_no_part_of_its_name(nlp: Any, gazetteer: Gazetteer) -> None:
    """"The Abu Dhabi-based ... Agency": the whole city, not the Indian town Abu."""
    text = ("Wind farms grew again last year, the Abu Dhabi-based energy agency said in its annual "
            "review on Monday.")
    by_text = _toponyms(text, nlp, gazetteer)
    assert "Abu" not in by_text
    place = by_text["Abu Dhabi"].place
    assert place is not None and place.country == "AE"


def test_a_town_opening_a_sentence_after_in(nlp: Any, gazetteer: Gazetteer) -> None:
    """"In Youngstown, ...": a capitalised preposition still says where; the town is also an English
    lexicon word (WordNet lists it), which alone would keep it out."""
    text = ("Cities across Ohio are cutting budgets. In Youngstown, the mayor asked city workers to take "
            "unpaid days off this spring.")
    place = _toponyms(text, nlp, gazetteer)["Youngstown"].place
    assert place is not None and place.admin1 == "Ohio"


def test_a_towns_police_and_residents_name_the_town(nlp: Any, gazetteer: Gazetteer) -> None:
    """"Roselle police", "Roselle residents": a word that is also a plant's name is the town when its
    police or its people follow it."""
    text = ("Roselle police issued dozens of parking tickets near the train station this week with money "
            "from the Illinois Department of Transportation, and Roselle residents welcomed it.")
    found = [t for t in _toponyms_list(text, nlp, gazetteer) if t.text == "Roselle"]
    assert found and all(t.place is not None and t.place.country == "US" for t in found)


def test_a_name_written_where_places_stand_outvotes_the_models_person(nlp: Any) -> None:
    """The small model calls "Alexandria" a person at most mentions; "in Alexandria" and "Alexandria
    detectives" say it is the city at each of them."""
    text = ("After Alexandria police discovered a stolen car in a parking garage, investigators had little "
            "to go on. Weeks later an Alexandria judge signed a warrant. The tip came from a caller in "
            "Alexandria, according to police, and Alexandria detectives said more charges may follow. The "
            "trial will be held in Alexandria.")
    doc = nlp(text)
    assert sum(e.label_ == "PERSON" for e in doc.ents if e.text == "Alexandria") >= 3  # the model's mistake
    assert "alexandria" in _place_keys(doc)


def test_the_county_heading_an_offices_name_is_the_place(nlp: Any, gazetteer: Gazetteer) -> None:
    """"the Henderson County Sheriff's Office": the gazetteer knows the county, not the office."""
    text = ("A man was booked into the Henderson County Jail on Friday, and the Henderson County "
            "Sheriff's Office said deputies in Athens, Texas, recovered the stolen trailer.")
    heads = [t for t in _toponyms_list(text, nlp, gazetteer) if t.text.startswith("Henderson")]
    assert heads and all(t.text == "Henderson County" for t in heads)
    assert all(t.place is not None and t.place.admin1 == "Texas" for t in heads)


def test_names_listed_before_a_plural_generic_word(nlp: Any, gazetteer: Gazetteer) -> None:
    """"Sedgwick, Harper and Kingman counties": each listed name is a county, whatever the model calls it."""
    text = "Hail damaged barns in Sedgwick, Harper and Kingman counties on Tuesday, the Kansas weather office said."
    assert [text[s:e] for s, e in listed_areas(text)] == ["Sedgwick", "Harper", "Kingman"]
    by_text = _toponyms(text, nlp, gazetteer)
    for name in ("Harper", "Kingman"):
        place = by_text[name].place
        assert place is not None and place.admin1 == "Kansas"


def test_a_state_in_an_institutions_name(nlp: Any, gazetteer: Gazetteer) -> None:
    """"Kansas State University", "the Western Pennsylvania Rowing Club": the state (written with
    "State" or after a compass word); "Wright State University" names no place."""
    text = ("A climatologist at Kansas State University spoke to the Western Pennsylvania Rowing Club "
            "on Monday, and a professor from Wright State University joined them.")
    by_text = _toponyms(text, nlp, gazetteer)
    kansas, penn = by_text["Kansas"].place, by_text["Pennsylvania"].place
    assert kansas is not None and kansas.admin1 == "Kansas" and kansas.feature_class == "A"
    assert penn is not None and penn.admin1 == "Pennsylvania"
    assert not any(k.startswith("Wright") for k in by_text)


@pytest.mark.parametrize(
    "text",
    [
        "Budget fight goes on. DAYTON --- The city commission voted on Tuesday to close two pools.",
        "Budget fight goes on. DAYTON \x97 The city commission voted on Tuesday to close two pools.",
        "By Jane Roe, Associated Press DAYTON (AP) — The city commission voted on Tuesday to close two pools.",
    ],
)
def test_datelines_before_other_dashes_or_after_the_agency(nlp: Any, gazetteer: Gazetteer, text: str) -> None:
    """Three dashes, an em dash garbled to U+0097 by a wrong decoding, or the agency's name before it."""
    place = _toponyms(text, nlp, gazetteer)["DAYTON"].place
    assert place is not None and place.admin1 == "Ohio"


def test_a_countrys_possessive_the_model_calls_a_person(nlp: Any, world: Gazetteer) -> None:
    """"Paraguay's former president", which the small model may call a person: the country, without "'s"."""
    from spacy.tokens import Span

    text = "Veterans of realpolitik like Paraguay's former president will not forget the vote."
    doc = nlp(text)
    i = next(t.i for t in doc if t.text == "Paraguay")
    doc.ents = [Span(doc, i, i + 2, label="PERSON")]  # "Paraguay 's"
    found = [(c.text, c.start) for c in _entity_places(doc, text, world)]
    assert found == [("Paraguay", text.index("Paraguay"))]


def test_a_town_heading_a_local_institution_is_vouched_for_by_its_neighbours(nlp: Any, gazetteer: Gazetteer) -> None:
    text = ("Schools in Naperville and Downers Grove, Illinois, took part. Their essays will appear in a "
            "Lombard Historical Society bulletin, and the Nashville Film Festival Director judged them.")
    analysis = Pipeline(("nlp",), Resources(nlp=nlp)).run_one(Document(id="t", text=text))
    found = {c.text for c in recognise(analysis, gazetteer)}
    assert "Lombard" in found  # an English word too, but beside the towns the text names
    assert "Nashville" in found  # a festival's name names its town
    text = "Students in Houston, Texas, wrote essays for a Lombard Historical Society bulletin."
    analysis = Pipeline(("nlp",), Resources(nlp=nlp)).run_one(Document(id="t", text=text))
    assert "Lombard" not in {c.text for c in recognise(analysis, gazetteer)}  # nothing vouches for it here


@pytest.mark.parametrize(
    ("org", "place"),
    [
        ("the Friends of Madison County Animal Shelter", "Madison County"),  # a county anywhere in it
        ("Metro Nashville", "Nashville"),  # a town after a word for its area
        ("Youngstown State University", "Youngstown"),  # a town's own university
        ("Wright State University", None),  # a university named after people
    ],
)
def test_places_in_organisations_names(gazetteer: Gazetteer, org: str, place: str | None) -> None:
    from marsad.toponyms.recognise.entities import _org_places

    text = f"A grant came from {org} on Friday."
    start = text.index(org)
    found = _org_places(text, [(start, start + len(org))], gazetteer, set(), lambda name: name == "Youngstown")
    assert [c.text for c in found] == ([place] if place else [])


def test_an_organisation_tagged_town_in_the_possessive_is_the_town(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "A new clinic has opened at Dayton’s Miami Valley Hospital. It is the only one in the region."
    analysis = Pipeline(("nlp",), Resources(nlp=nlp)).run_one(Document(id="t", text=text))
    assert "Dayton" in {c.text for c in recognise(analysis, gazetteer)}  # not "Dayton’s", a name no place has
