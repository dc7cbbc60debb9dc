"""Town names read together: the readings of a story's ambiguous names that lie in one small area."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from marsad.gazetteer import Gazetteer
from marsad.model import Place
from marsad.toponyms.resolve.clusters import cluster_readings
from tests.geoparsed import places as _places


def _town(name: str, lat: float, lon: float, admin1: str, country: str = "US", population: int = 5_000) -> Place:
    return Place(name, lat, lon, country=country, admin1=admin1, feature_class="P", population=population)


# Three names, each with a reading in one valley and a bigger namesake far away.
VALLEY = {
    "elmford": [_town("Elmford", 41.00, -80.00, "Ohio"), _town("Elmford", 52.0, -1.0, "England", "GB", 90_000)],
    "pinecrest": [_town("Pinecrest", 41.10, -80.20, "Ohio"), _town("Pinecrest", 35.0, -90.0, "Tennessee", population=60_000)],
    "millbrook": [_town("Millbrook", 40.85, -80.10, "Ohio"), _town("Millbrook", 45.0, -75.0, "Ontario", "CA")],
}


def test_three_names_with_readings_close_together_are_read_there() -> None:
    chosen = cluster_readings(VALLEY)
    assert set(chosen) == {"elmford", "pinecrest", "millbrook"}
    assert all(p.admin1 == "Ohio" for p in chosen.values())


def test_two_names_are_not_enough() -> None:
    assert cluster_readings({k: VALLEY[k] for k in ("elmford", "pinecrest")}) == {}


def test_readings_further_apart_than_a_county_are_no_cluster() -> None:
    spread = {**VALLEY, "millbrook": [_town("Millbrook", 42.5, -80.1, "Ohio")]}  # 170 km north
    assert cluster_readings(spread) == {}


def test_a_cluster_outside_every_province_the_text_names_is_ignored() -> None:
    # The text names Texas, a US state: a US cluster must lie in it.
    assert cluster_readings(VALLEY, frozenset({("US", "texas")})) == {}
    assert len(cluster_readings(VALLEY, frozenset({("US", "ohio")}))) == 3
    # A province named in another country says nothing of where US towns lie.
    assert len(cluster_readings(VALLEY, frozenset({("CA", "ontario")}))) == 3


def test_of_two_clusters_the_one_with_more_names_wins() -> None:
    readings = {**VALLEY, "oakdale": [_town("Oakdale", 41.05, -80.05, "Ohio"), _town("Oakdale", 30.0, -95.0, "Texas")],
                "pinecrest": [*VALLEY["pinecrest"], _town("Pinecrest", 30.1, -95.1, "Texas")],
                "millbrook": [*VALLEY["millbrook"], _town("Millbrook", 30.05, -95.05, "Texas")]}
    chosen = cluster_readings(readings)
    assert len(chosen) == 4 and {p.admin1 for p in chosen.values()} == {"Ohio"}


@pytest.fixture(scope="session")
def north_america(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("CA", "GB", "US")




def test_a_local_story_reads_its_towns_in_the_county_they_share(nlp: Any, north_america: Gazetteer) -> None:
    """Each name has bigger namesakes (Hamilton in Ontario, Oxford in England, a Middletown and a
    Trenton in New Jersey); only in south-west Ohio do all four lie within a few miles of each other."""
    text = ("Volunteers from Hamilton, Oxford and Middletown cleaned the river banks on Saturday, and the "
            "fire chief of Trenton thanked them.")
    places = _places(text, nlp, north_america)
    for name in ("Hamilton", "Oxford", "Middletown", "Trenton"):
        place = places[name]
        assert place is not None and place.country == "US" and place.admin1 == "Ohio", name


def test_a_named_state_outweighs_villages_that_happen_to_lie_together(nlp: Any, north_america: Gazetteer) -> None:
    text = ("Ohio lawmakers argued on Tuesday over a study of a passenger rail line that would link Cleveland, "
            "Columbus, Dayton and Cincinnati.")
    places = _places(text, nlp, north_america)
    for name in ("Columbus", "Dayton"):
        place = places[name]
        assert place is not None and place.admin1 == "Ohio", name


def test_world_cities_listed_together_stay_world_cities(nlp: Any, north_america: Gazetteer) -> None:
    text = "Flights between London, Manchester and Birmingham were cancelled on Monday because of the fog."
    places = _places(text, nlp, north_america)
    for name in ("London", "Manchester", "Birmingham"):
        place = places[name]
        assert place is not None and place.country == "GB", name


@pytest.fixture(scope="session")
def us_egypt(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("EG", "US")


def test_a_world_city_stays_when_its_namesakes_lie_far_from_the_storys_places(nlp: Any, us_egypt: Gazetteer) -> None:
    text = ("A tour company in Washington, D.C., said on Monday that it would resume its trips to Cairo and "
            "Alexandria next spring.")
    places = _places(text, nlp, us_egypt)
    for name in ("Cairo", "Alexandria"):
        place = places[name]
        assert place is not None and place.country == "EG", name


@pytest.fixture(scope="session")
def us_russia(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("RU", "US")


def test_st_is_saint_when_names_are_compared(nlp: Any, us_russia: Gazetteer) -> None:
    """"St. Petersburg" is the world city the gazetteer calls Saint Petersburg, not the Florida town
    whose own name is written so; but beside Tampa it is the Florida one."""
    abroad = _places("A new airline will fly between New York and St. Petersburg from June, its founders said in "
                     "Brooklyn.", nlp, us_russia)["St. Petersburg"]
    assert abroad is not None and abroad.country == "RU"
    local = _places("Fans lined the waterfront in St. Petersburg on Sunday, a few miles across the bay from Tampa.",
                    nlp, us_russia)["St. Petersburg"]
    assert local is not None and local.country == "US" and local.admin1 == "Florida"


def test_distance_km_is_the_great_circle_distance() -> None:
    from marsad.model import distance_km

    assert distance_km(33.3, 44.4, 33.3, 44.4) == 0.0
    # Baghdad to Basra, about 450 km; one degree of latitude, about 111 km, anywhere.
    assert 440 < distance_km(33.31, 44.36, 30.51, 47.78) < 460
    assert 110 < distance_km(10.0, 20.0, 11.0, 20.0) < 112
    assert abs(distance_km(0.0, 179.5, 0.0, -179.5) - distance_km(0.0, 0.0, 0.0, 1.0)) < 1e-6  # across the date line


def test_a_province_that_only_some_names_lie_in_does_not_pull_the_others(nlp: Any, north_america: Gazetteer) -> None:
    """Kane County, Ill. outweighs the other states in the vote but holds a minority of the names: the
    Manhattan beside Wamego and St. George is the Kansas city, not the Illinois village."""
    text = ("Pottawatomie County will gain the most from the highway project, consultants told a meeting in "
            "Wamego on Wednesday. New jobs in the Manhattan area drove the study, which looked at research "
            "centres such as the ones in Kane County, Ill., and Jefferson County, Colo. Another meeting was "
            "held in St. George.")
    manhattan = _places(text, nlp, north_america)["Manhattan"]
    assert manhattan is not None and manhattan.admin1 == "Kansas"


def test_a_village_a_county_away_is_no_match_for_a_capital_fifty_times_its_size(
        nlp: Any, north_america: Gazetteer) -> None:
    """Washington, New Jersey lies within 150 km of New York; the dateline is still the capital."""
    text = ("WASHINGTON - Shares of oil companies fell on Monday in New York, and analysts in Boston and "
            "Houston said Saudi Arabia would cut output.")
    washington = _places(text, nlp, north_america)["WASHINGTON"]
    assert washington is not None and washington.admin1 == "District of Columbia"
