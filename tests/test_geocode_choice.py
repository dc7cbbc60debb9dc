"""Which of an event's places is its place: real spaCy, a real default gazetteer of India and Brazil."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from marsad.gazetteer import Gazetteer
from marsad.model import Document
from marsad.pipeline import Pipeline
from marsad.resources import Resources
from marsad.stages import build_pipeline  # noqa: F401  (registers the stages)


@pytest.fixture(scope="module")
def gazetteer(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("BR", "IN")



def _places(text: str, nlp: Any, gazetteer: Gazetteer) -> list[Any]:
    resources = Resources(nlp=nlp, gazetteer=gazetteer)
    analysis = Pipeline(("nlp", "geoparse", "extract", "geocode"), resources).run_one(
        Document(id="t", text=text, published=date(2020, 5, 10)))
    assert analysis.mentions
    return [m.place for m in analysis.mentions]


def test_town_written_with_its_province_is_the_town(nlp: Any, gazetteer: Gazetteer) -> None:
    # "Sao Paulo" after "Ourinhos," is the state the town is in, though the gazetteer also has the city.
    text = ("On 7 May 2021, in Ourinhos, Sao Paulo, a gang blew up the cash machines of a bank. "
            "The robbers fled in four cars, firing shots in the air.")
    place = _places(text, nlp, gazetteer)[0]
    assert place is not None and place.name == "Ourinhos" and place.admin1 == "Sao Paulo"


def test_first_town_outside_the_province_the_text_is_about_is_a_namesake(nlp: Any, gazetteer: Gazetteer) -> None:
    # The gazetteer's only Ganeshpur lies in Maharashtra; the text is in Etah, Uttar Pradesh.
    text = ("On 9 May 2021, two families fought with sticks in Ganeshpur area of Jalesar town, Etah (UP) "
            "over a land dispute. 7 people injured")
    place = _places(text, nlp, gazetteer)[0]
    assert place is not None and place.name == "Jalesar" and place.admin1 == "Uttar Pradesh"


def test_first_town_in_the_province_stays_the_place(nlp: Any, gazetteer: Gazetteer) -> None:
    text = ("On 3 May 2020, a mob clashed with police in Jalesar town, Etah, Uttar Pradesh, "
            "and later marched towards Agra. 12 people injured")
    place = _places(text, nlp, gazetteer)[0]
    assert place is not None and place.name == "Jalesar"


def test_province_abbreviation_closing_a_parenthesis_is_the_province(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "On 4 May 2021, a crowd attacked a police post in Bahraich city (UP) after a custodial death."
    place = _places(text, nlp, gazetteer)[0]
    assert place is not None and place.country == "IN" and place.admin1 == "Uttar Pradesh"


def test_loosely_spelt_town_outside_the_district_written_after_it_gives_way(nlp: Any, gazetteer: Gazetteer) -> None:
    # The village is unknown; a loose spelling finds a town in the same state but another district.
    text = "On 6 May 2021, villagers threw stones at a police team in Dariyal village, Rampur district (UP), after an arrest."
    place = _places(text, nlp, gazetteer)[0]
    assert place is not None and place.name == "Rampur" and place.geo_precision == 2


def test_province_written_with_a_lowercase_state_is_the_province(nlp: Any, gazetteer: Gazetteer) -> None:
    # "state" after a name is the province's generic word, not an organisation's ("Islamic State").
    for province in ("Maharashtra", "Sergipe"):
        text = f"On 4 May 2021, in {province} state, gunmen killed two farmers and burned their houses."
        place = _places(text, nlp, gazetteer)[0]
        assert place is not None and place.admin1 == province and place.geo_precision == 3, province


def test_province_written_after_a_town_with_state_is_recognised(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "On 4 May 2021, in Sobral, Ceara state, residents protested to demand water deliveries."
    analysis = Pipeline(("nlp", "geoparse"), Resources(nlp=nlp, gazetteer=gazetteer)).run_one(
        Document(id="t", text=text, published=date(2021, 5, 10)))
    by_text = {t.text: t for t in analysis.toponyms}
    assert "Ceara" in by_text and by_text["Ceara"].place is not None
    assert by_text["Ceara"].place.feature_class == "A" and by_text["Sobral"].place.admin1 == "Ceara"
