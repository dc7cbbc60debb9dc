"""Demonyms of nations and regions within countries, provinces' abbreviations before a route's number,
and names written with a comma ("Washington, D.C."), on
invented news sentences with the real spaCy model and a small real gazetteer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import marsad.stages  # noqa: F401  (registers the stages)
from marsad.gazetteer import Gazetteer
from marsad.gazetteer.demonyms import demonym_code, demonym_country
from marsad.model import Document
from marsad.pipeline import Pipeline
from marsad.resources import Resources
from marsad.toponyms.recognise.abbreviations import route_states
from marsad.toponyms.recognise.demonym_names import adjectival


@pytest.fixture(scope="session")
def gazetteer(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("CA", "GB", "GE", "TT", "US", "ZA")



def _toponyms(text: str, nlp: Any, gazetteer: Gazetteer) -> dict[str, Any]:
    analysis = Pipeline(("nlp", "geoparse"), Resources(nlp=nlp, gazetteer=gazetteer)).run_one(Document(id="t", text=text))
    return {t.text: t for t in analysis.toponyms}


def test_demonyms_of_places_within_countries() -> None:
    assert demonym_code("English") == "place:England" and demonym_country("English") == "GB"
    assert demonym_code("South Ossetian") == "place:South Ossetia" and demonym_country("South Ossetian") == "GE"
    assert demonym_code("Kurdish") == "place:Kurdistan" and demonym_country("Kurdish") is None
    assert demonym_country("Korean") == "KR" and demonym_country("European") is None


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("the English city of Salisbury", "English", True),
        ("a star of the English Premier League", "English", True),
        ("an English teacher", "English", False),
        ("Georgian, Russian, North Ossetian and South Ossetian delegates", "Russian", True),
        ("Georgian, Russian, North Ossetian and South Ossetian delegates", "North Ossetian", True),
        ("German, Italian and other immigrant communities", "German", True),
        ("she spoke Russian and English.", "Russian", False),
        ("Russian, he said, was hard", "Russian", False),
    ],
)
def test_adjectival_demonyms_in_lists_and_english(text: str, word: str, expected: bool) -> None:
    start = text.index(word)
    assert adjectival(text, start, start + len(word)) is expected


def test_a_state_before_a_route_number(gazetteer: Gazetteer) -> None:
    text = "He was stopped on S.C. 6 near U.S. 321 on March 16."
    assert [text[s:e] for s, e in route_states(text, gazetteer)] == ["S.C."]


def test_regions_and_nations_by_their_demonyms(nlp: Any, gazetteer: Gazetteer) -> None:
    text = ("Georgian and South Ossetian negotiators met in Tbilisi. The poisoning took place in the English "
            "city of Salisbury, and the report was published in English.")
    by_text = _toponyms(text, nlp, gazetteer)
    ossetian = by_text["South Ossetian"].place
    assert ossetian is not None and ossetian.name == "South Ossetia" and ossetian.country == "GE"
    english = [t for t in by_text.values() if t.text == "English"]
    assert len(english) == 1 and english[0].place is not None and english[0].place.admin1 == "England"
    assert english[0].start == text.index("English city")


def test_a_name_written_with_a_comma_is_one_place(nlp: Any, gazetteer: Gazetteer) -> None:
    """"Washington, D.C." in a New Jersey story is the capital, not a New Jersey Washington."""
    text = ("The New Jersey Lottery said the game is played in 45 states, Washington, D.C., and Puerto "
            "Rico. Players in Newark and Trenton lined up.")
    by_text = _toponyms(text, nlp, gazetteer)
    for name in ("Washington", "D.C."):
        place = by_text[name].place
        assert place is not None and place.admin1 == "District of Columbia"


def test_a_dateline_cut_at_a_period_and_an_acronym_before_based(nlp: Any, gazetteer: Gazetteer) -> None:
    """The small model tags "ST" of "ST. LOUIS"; "US" in "US-based" is the country."""
    by_text = _toponyms("ST. LOUIS (AP) — Police arrested two people suspected of robbery.", nlp, gazetteer)
    place = by_text["ST. LOUIS"].place
    assert place is not None and place.name == "St. Louis" and place.admin1 == "Missouri"
    by_text = _toponyms("The US-based aluminium producer signed agreements with the US-Mexico border towns.", nlp, gazetteer)
    us = [t for t in by_text.values() if t.text == "US"]
    assert us and us[0].place is not None and us[0].place.country == "US"


def test_a_town_written_in_another_state_is_the_namesake_there(nlp: Any, gazetteer: Gazetteer) -> None:
    """A Missouri story's "Kansas City, Kan." is the Kansas City in Kansas, not no place."""
    text = ("Police in Independence, Mo., Blue Springs and Lee's Summit searched Jackson County for the driver. "
            "A 31-year-old man from Kansas City, Kan., was charged Tuesday.")
    place = _toponyms(text, nlp, gazetteer)["Kansas City"].place
    assert place is not None and place.admin1 == "Kansas"
