"""The place heading an organisation's or a site's name that the gazetteer does not know whole."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marsad.gazetteer import Gazetteer
from marsad.stages.org_names import known_head, known_tail, office_head


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
    ],
)
def test_known_head(gazetteer: Gazetteer, name: str, head: str | None) -> None:
    text = f"A report came from the {name} on Friday."
    start = text.index(name)
    end = known_head(text, start, start + len(name), gazetteer)
    assert (text[start:end] if end is not None else None) == head


def test_a_persons_name_is_no_head(gazetteer: Gazetteer) -> None:
    text = "Marion County Sheriff"
    assert known_head(text, 0, len(text), gazetteer, {"marioncunty"}) is None


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("Avondale Mayor Ed Rieker", "Avondale"),
        ("Laurel County Clerk Dean Johnson", "Laurel County"),
        ("Mayor Ed Rieker", None),  # no town before the office
        ("Ed Rieker", None),
    ],
)
def test_office_head(gazetteer: Gazetteer, name: str, head: str | None) -> None:
    text = f"said {name} on Monday."
    start = text.index(name)
    end = office_head(text, start, start + len(name), gazetteer)
    assert (text[start:end] if end is not None else None) == head


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
