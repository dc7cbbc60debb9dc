"""Streets, buildings and venues placed at the town the text names with them: real spaCy, a real
small default gazetteer of the United States."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from marsad.gazetteer import Gazetteer
from marsad.model import Document
from marsad.pipeline import Pipeline
from marsad.resources import Resources
from marsad.stages import build_pipeline  # noqa: F401  (registers the stages)
from marsad.toponyms.recognise.facilities import site_spans


def _names(text: str) -> list[str]:
    return [text[s:e] for s, e in site_spans(text, None)]


def test_site_spans_are_capitalised_names_before_a_site_word() -> None:
    text = "Crowds left the Barclays Center and walked to Third Presbyterian Church on Sunday."
    assert _names(text) == ["Barclays Center", "Third Presbyterian Church"]
    # A sentence's first word is not part of the name; a bare site word is no site.
    assert _names("The Riverside Hospital reopened. The hospital had closed in May.") == ["Riverside Hospital"]
    assert _names("Officials met at City Hall.") == ["City Hall"]
    assert _names("officials met at the city hall near the church.") == []
    assert _names("The capitol was closed.") == [] and _names("Senators left the Capitol.") == ["Capitol"]


@pytest.fixture(scope="module")
def gazetteer(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("US")



def _toponyms(text: str, nlp: Any, gazetteer: Gazetteer) -> list[Any]:
    analysis = Pipeline(("nlp", "geoparse"), Resources(nlp=nlp, gazetteer=gazetteer)).run_one(
        Document(id="t", text=text))
    return analysis.toponyms


def test_a_site_is_placed_at_the_town_named_with_it(nlp: Any, gazetteer: Gazetteer) -> None:
    text = ("Thousands watched the parade in Cleveland, Ohio on Saturday. Later, a man was treated at "
            "MetroHealth Medical Center, and another at a clinic in Chicago.")
    tops = _toponyms(text, nlp, gazetteer)
    site = next(t for t in tops if t.text == "MetroHealth Medical Center")
    cleveland = next(t for t in tops if t.text == "Cleveland")
    assert site.kind == "site" and site.qualifier == "near"
    assert site.place is not None and cleveland.place is not None
    assert (site.place.name, site.place.admin1) == ("Cleveland", "Ohio")
    assert (site.place.latitude, site.place.longitude) == (cleveland.place.latitude, cleveland.place.longitude)
    assert site.place.score < cleveland.place.score


def test_no_site_without_a_town_to_place_it(nlp: Any, gazetteer: Gazetteer) -> None:
    tops = _toponyms("Fans queued outside Barclays Center for hours.", nlp, gazetteer)
    assert all(t.kind != "site" for t in tops)


def test_a_site_does_not_place_an_event(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "On 3 May 2020, protesters gathered outside Mercy Hospital in Springfield, Illinois."
    analysis = Pipeline(("nlp", "geoparse", "extract", "geocode"), Resources(nlp=nlp, gazetteer=gazetteer)).run_one(
        Document(id="t", text=text))
    assert any(t.kind == "site" for t in analysis.toponyms)
    place = analysis.mentions[0].place
    assert place is not None and (place.name, place.admin1) == ("Springfield", "Illinois")


def test_the_white_house_is_in_washington_not_the_tennessee_town(nlp: Any, gazetteer: Gazetteer) -> None:
    tops = _toponyms("Reporters waited outside the White House on Monday.", nlp, gazetteer)
    house = next(t for t in tops if t.text == "White House")
    assert house.place is not None and house.place.feature_class == "S"
    assert abs(house.place.latitude - 38.9) < 0.1 and abs(house.place.longitude + 77.04) < 0.1
