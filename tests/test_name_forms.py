"""A name as written against a place's name: words added to it make another place ("New Knoxville" is
not "Knoxville"), and a capitalised town word can be part of the name ("Falls Village", "Union City")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from marsad.gazetteer import Gazetteer
from marsad.model import Place
from marsad.toponyms.resolve.name_forms import adds_words, whole_name
from tests.geoparsed import places as _places


def _town(name: str) -> Place:
    return Place(name, 40.0, -80.0, country="US", admin1="Ohio", feature_class="P", population=1_000)


def test_a_name_with_words_added_is_another_place() -> None:
    assert adds_words("New Knoxville", "Knoxville")
    assert adds_words("Springfield Gardens", "Springfield")
    assert adds_words("North Richmond", "Richmond")
    assert not adds_words("Knoxville", "Knoxville")
    assert not adds_words("Saint Petersburg", "St. Petersburg")  # the same name written short
    assert not adds_words("Beeville", "Maryville")  # a different name altogether is not this test's
    assert not adds_words("Knoxville", "New Knoxville")


def test_a_capitalised_town_word_is_part_of_a_towns_own_name() -> None:
    assert whole_name("Falls Village", [_town("Falls Village")])
    assert whole_name("UNION CITY", [_town("Union City")])
    assert not whole_name("Hays city", [_town("Hays City")])  # lowercase: "Hays, the city"
    assert not whole_name("Union City", [_town("Union")])  # no town of the whole name
    assert not whole_name("Kane County", [_town("Kane County")])  # a county word is the kind of area
    assert not whole_name("Knoxville", [_town("Knoxville")])


@pytest.fixture(scope="session")
def united_states(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("US")




def test_a_town_named_with_a_town_word_is_read_by_its_whole_name(nlp: Any, united_states: Gazetteer) -> None:
    text = "UNION CITY - Police arrested a man on Tuesday after a chase that ended in Fremont."
    union = _places(text, nlp, united_states)["UNION CITY"]
    assert union is not None and union.name == "Union City" and union.admin1 == "California"


def test_a_village_named_with_a_town_word_counts_among_its_neighbours(nlp: Any, united_states: Gazetteer) -> None:
    """Sharon, Kent and Falls Village lie together only in north-west Connecticut; read as "Falls", the
    village would not count toward that cluster, and each name went to its biggest namesake."""
    text = ("Town officials from Sharon, Kent and Falls Village met on Tuesday to discuss the regional "
            "school budget.")
    places = _places(text, nlp, united_states)
    for name in ("Sharon", "Kent", "Falls Village"):
        place = places[name]
        assert place is not None and place.admin1 == "Connecticut", name
