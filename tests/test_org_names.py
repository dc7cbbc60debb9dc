"""The place heading an organisation's or a site's name that the gazetteer does not know whole."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from marsad.gazetteer import Gazetteer
from marsad.toponyms.recognise.entities import Candidate
from marsad.toponyms.recognise.org_names import (
    in_named_state,
    known_head,
    known_tail,
    local_name,
)
from marsad.toponyms.recognise.text_places import TextPlaces, as_tagged, known_town


@pytest.fixture(scope="module")
def gazetteer(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("US")


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("Henderson County Jail", "Henderson County"),
        ("Alachua County Sheriff's Office", "Alachua County"),
        ("Honolulu Star-Advertiser", "Honolulu"),
        ("Columbia Metropolitan Airport", "Columbia"),
        ("Gainesville City Elections", "Gainesville"),
        ("Richmond Street", None),  # a street is the street's
        ("Zion National Park", None),  # a park named otherwise than the town
        ("North Central Regional Jail", None),  # compass words are no town
        ("Cincinnati", None),  # one word: nothing to cut
        # A town's name that is also an English word, written with its generic word, is the place.
        ("Anderson County Courthouse", "Anderson County"),
        ("Laurel County High School", "Laurel County"),
        ("Mount Pleasant Civic Center", "Mount Pleasant"),
        ("Augusta Herald", None),  # "augusta" is a word too: not without the text's say-so
    ],
)
def test_known_head(gazetteer: Gazetteer, name: str, head: str | None) -> None:
    text = f"A report came from the {name} on Friday."
    start = text.index(name)
    end = known_head(text, start, start + len(name), gazetteer)
    assert (text[start:end] if end is not None else None) == head


def test_a_town_the_text_vouches_for_heads_a_name(gazetteer: Gazetteer) -> None:
    text = "She began her career at the Augusta Herald."
    start = text.index("Augusta")
    end = known_head(text, start, len(text) - 1, gazetteer, placed=lambda name: name == "Augusta")
    assert end is not None and text[start:end] == "Augusta"


def test_local_name(gazetteer: Gazetteer) -> None:
    assert local_name(gazetteer, "Cincinnati")
    assert local_name(gazetteer, "Laurel County")  # a word, but with its generic word
    assert not local_name(gazetteer, "Lombard")  # a word, and the text says nothing of it
    assert local_name(gazetteer, "Lombard", TextPlaces(gazetteer, set(), ["Glen Ellyn"]))


def test_text_places_vouch_for_names_and_neighbours(gazetteer: Gazetteer) -> None:
    places = TextPlaces(gazetteer, {"augusta"}, ["Glen Ellyn", "Illinois"])
    assert places("Augusta")  # named as a place in the text
    assert places("Lombard")  # a town beside Glen Ellyn, Illinois
    assert not TextPlaces(gazetteer, set(), ["Houston", "Illinois"])("Lombard")  # a state is no neighbour
    assert not TextPlaces(gazetteer, set(), [])("Lombard")


def test_a_persons_name_is_no_head(gazetteer: Gazetteer) -> None:
    text = "Marion County Sheriff"
    assert known_head(text, 0, len(text), gazetteer, {"marioncunty"}) is None


@pytest.mark.parametrize(
    ("name", "tail"),
    [("Metro Nashville", "Nashville"), ("Historic Dublin", "Dublin"), ("Greater Cincinnati", "Cincinnati"),
     ("Metro Mall", None), ("Nashville", None)],
)
def test_known_tail(gazetteer: Gazetteer, name: str, tail: str | None) -> None:
    text = f"Records from {name} show it."
    start = text.index(name)
    begin = known_tail(text, start, start + len(name), gazetteer)
    assert (text[begin : start + len(name)] if begin is not None else None) == tail


def test_in_named_state(gazetteer: Gazetteer) -> None:
    text = "A manager at a firm in Post Falls, Idaho, said so; Post Falls, Texas, is no town."
    start = text.index("Post Falls")
    assert in_named_state(text, start + len("Post Falls"), "Post Falls", gazetteer)
    later = text.index("Post Falls", start + 1)
    assert not in_named_state(text, later + len("Post Falls"), "Post Falls", gazetteer)
    assert not in_named_state("Post Falls said", len("Post Falls"), "Post Falls", gazetteer)


def test_known_town(gazetteer: Gazetteer) -> None:
    assert known_town(gazetteer, "Nashville") and known_town(gazetteer, "Nashville’s")  # a city of 200,000
    assert not known_town(gazetteer, "Lombard")  # a smaller town


def test_a_name_tagged_elsewhere_is_as_sure_here(gazetteer: Gazetteer) -> None:
    text = "Nashville police said Nashville’s mayor met the Nashville board and Dayton officials."
    cands = [Candidate("Nashville", m.start(), m.end(), "gazetteer") for m in re.finditer("Nashville", text)]
    cands[0].source = "ner"
    cands.append(Candidate("Dayton", text.index("Dayton"), text.index("Dayton") + 6, "gazetteer"))
    as_tagged(text, cands, gazetteer)
    # tagged elsewhere, but not after "the" ("the Centre"), and not a name tagged nowhere
    assert [c.source for c in cands] == ["ner", "ner", "gazetteer", "gazetteer"]
