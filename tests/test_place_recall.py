"""Place names that were found but lost on the way: a county heading a court's or a jail's name, a
town whose whole name holds its state's ("Kansas City, Kan."), a county named like a country."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from marsad.gazetteer import Gazetteer
from marsad.model import Document
from marsad.pipeline import Pipeline
from marsad.resources import Resources
from marsad.toponyms.recognise.org_names import known_head
from tests.geoparsed import places as _places


@pytest.fixture(scope="module")
def us(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("US", "GG")




@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("Titus County Jail", "Titus County"),  # an English word ("titus") with the word "County"
        ("Henry County Courthouse", "Henry County"),
        ("Wyandotte County District Court", "Wyandotte County"),
        ("Allegheny County Court", "Allegheny County"),
        ("Prince William County Circuit Court", "Prince William County"),
        ("Guernsey County Common Pleas Court", "Guernsey County"),
        ("Madison Court", None),  # a street
        ("Hope Hospital", None),  # an English word, not written as a place
    ],
)
def test_a_county_heads_its_courts_and_jails_names(us: Gazetteer, name: str, head: str | None) -> None:
    text = f"He was taken to the {name} on Friday."
    start = text.index(name)
    end = known_head(text, start, start + len(name), us)
    assert (text[start:end] if end is not None else None) == head


def test_a_town_whose_name_holds_its_states_is_read_in_the_state_written_after_it(nlp: Any, us: Gazetteer) -> None:
    """"Kansas City, Kan." in a Missouri paper's story is the Kansas town: "Kansas" in the town's name
    does not make the state written after it the town's own name."""
    text = ("Police in Blue Springs arrested two men on Sunday. Bond for Todd Kresin, 38, of Kansas City, "
            "Kan., was set at $150,000 in the Jackson County jail.")
    kc = _places(text, nlp, us).get("Kansas City")
    assert kc is not None and kc.admin1 == "Kansas"


def test_a_county_named_like_a_country_is_the_county(us: Gazetteer) -> None:
    top = us.lookup("Guernsey County", limit=3, exact=True)
    assert top and top[0].country == "US" and top[0].admin1 == "Ohio"
    assert us.lookup("Guernsey", limit=1, exact=True)[0].country == "GG"  # bare, the island


@pytest.fixture(scope="module")
def us_ge(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("US", "GE", "RU")


def test_a_town_the_model_calls_a_person_is_the_town_beside_the_texts_others(nlp: Any, us: Gazetteer) -> None:
    """The small model tags "Pataskala" and "Roswell" as people; a town of that very name lies right
    beside the text's other towns, so it is that town."""
    places = _places("Sales in Newark, Heath and Pataskala dropped sharply in March.", nlp, us)
    assert places.get("Pataskala") is not None and places["Pataskala"].admin1 == "Ohio"
    text = "Deputies arrested Mark Hufstetler, 29, of Roswell after a chase near Alpharetta and Marietta on Friday."
    roswell = _places(text, nlp, us).get("Roswell")
    assert roswell is not None and roswell.admin1 == "Georgia"


def test_a_person_stays_a_person(nlp: Any, us: Gazetteer) -> None:
    """After a title, or with nothing placed beside it, a surname that is also a town is the person's."""
    assert "Pataskala" not in _places("Ms. Pataskala visited Newark and Heath on Friday.", nlp, us)
    assert "Clinton" not in _places("The Clinton administration sent aid to Gainesville and Ocala.", nlp, us)


def test_a_capital_speaks_for_the_country_the_text_names(nlp: Any, us_ge: Gazetteer) -> None:
    """"Tbilisi says": the Georgian government; a place (its capital), though no event's place."""
    text = "Late last month Tbilisi offered talks. Tbilisi says the separatists shelled Georgian villages."
    analysis = Pipeline(("nlp", "geoparse"), Resources(nlp=nlp, gazetteer=us_ge)).run_one(Document(id="t", text=text))
    tbilisi = [t for t in analysis.toponyms if t.text == "Tbilisi"]
    assert len(tbilisi) == 2 and all(t.place is not None and t.place.country == "GE" for t in tbilisi)


@pytest.fixture(scope="module")
def us_iq(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("US", "IQ")


def test_a_small_town_abroad_in_the_state_written_around_it_is_read(nlp: Any, us_iq: Gazetteer) -> None:
    """An Iraq story's "of Huntsville, Texas": a town too small to be meant abroad on its own name, but
    written inside its state."""
    text = ("A soldier killed near Baghdad, Iraq, on Monday was Sgt. Mark Everett, 23, of Huntsville, Texas. "
            "Iraq's army said the attack near Taji killed two.")
    places = _places(text, nlp, us_iq)
    assert places.get("Huntsville") is not None and places["Huntsville"].admin1 == "Texas"


def test_a_town_called_a_person_after_of_is_the_town_in_the_storys_state(nlp: Any, us: Gazetteer) -> None:
    text = 'Columbus lawmakers in Ohio met on Friday. "Prices should hold steady," said Yoder, of Wooster.'
    wooster = _places(text, nlp, us).get("Wooster")
    assert wooster is not None and wooster.admin1 == "Ohio"


@pytest.fixture(scope="module")
def na(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("US", "CA", "MX")


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("The State of Illinois’ Web site lists the rates for Springfield.", "Illinois", "Illinois"),
        ("Families across the Province of Ontario will pay more, he said in Toronto.", "Ontario", "Ontario"),
        ("This is a sad day for our West Virginia Democratic Party and for every voter.", "West Virginia", "West Virginia"),
        ("ST. PAUL -- Lawmakers argued late into the night, and Minnesota residents waited.", "ST. PAUL", "Minnesota"),
    ],
)
def test_a_place_entitys_span_is_cut_to_the_places_name(nlp: Any, na: Gazetteer, text: str, name: str, admin1: str) -> None:
    """A formal title ("the State of"), words run on after a possessive, a party's words after the
    state, a dateline the model cut in two ("ST" and "PAUL")."""
    place = _places(text, nlp, na).get(name)
    assert place is not None and place.admin1 == admin1


def test_a_possessive_before_a_groups_name_is_the_groups_place(nlp: Any, na: Gazetteer) -> None:
    places = _places("Directors of Mexico's Club America announced a friendly in Dallas on Tuesday.", nlp, na)
    assert places.get("Mexico") is not None and places["Mexico"].country == "MX"
