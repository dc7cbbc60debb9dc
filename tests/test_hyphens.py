"""Places joined by hyphens: a legislator's home, a pair of towns, a place before "-based"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marsad.gazetteer import Gazetteer
from marsad.toponyms.recognise.hyphens import hyphen_places


@pytest.fixture(scope="module")
def gazetteer(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("RU", "US")


def _names(text: str, gazetteer: Gazetteer, people: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    spans = [(text.index(p), text.index(p) + len(p)) for p in people]
    return [text[s:e] for s, e in hyphen_places(text, gazetteer, spans, set())]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The bill's sponsor, state Sen. Jane Roe, R-Fairfax, said it would pass.", ["Fairfax"]),
        ("Rep. John Doe (D-Iowa City) voted against it.", ["Iowa City"]),
        ("The vote was praised by Rep. Joe Bloggs, D-S.C., on Monday.", ["S.C."]),
        ("The river is expected to crest in Fargo-Moorhead on Friday.", ["Fargo", "Moorhead"]),
        ("The airline dropped its Washington-Moscow route last year.", ["Washington", "Moscow"]),
        ("A Northbrook-based retailer closed two stores.", ["Northbrook"]),
        ("Officials visited the Paris-Henry County Arts Council on Monday.", ["Paris", "Henry County"]),
    ],
)
def test_places_in_hyphenated_words(gazetteer: Gazetteer, text: str, names: list[str]) -> None:
    assert _names(text, gazetteer) == names


@pytest.mark.parametrize(
    "text",
    [
        "Shoppers lined up outside a Wal-Mart store in the morning.",  # "Wal" is no Wall
        "Troops landed in Normandy during the D-Day invasion.",  # no legislator's party
        "A man jumped on King's Mercedes-Benz and smashed a window.",  # a name runs on before it
        "Wilkes-Barre police made an arrest.",  # one town, known whole
        "Grants reached $220,000, Webb-Lawton said.",  # a person
    ],
)
def test_no_places_in_other_hyphenated_words(gazetteer: Gazetteer, text: str) -> None:
    assert _names(text, gazetteer) == []


def test_a_hyphenated_persons_name(gazetteer: Gazetteer) -> None:
    text = "The mayor, Karen Lindqvist-Ortega, said the memorial would open in Dublin."
    assert _names(text, gazetteer, ["Karen Lindqvist-Ortega"]) == []
