"""The gazetteer service's caches and fast paths: the same answers whatever was asked before."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from marsad.gazetteer import Gazetteer, build_default, name_key
from marsad.model import Place


@pytest.fixture(scope="session")
def iq_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default gazetteer restricted to Iraq."""
    path = tmp_path_factory.mktemp("gaz-service") / "iq.sqlite"
    build_default(path, countries={"IQ"})
    return path


# Names that take each path of a lookup: exact keys with one or several places, a vowel variant found
# only through the consonant skeleton ("Mukdadeya" for Muqdadiya), a long misspelling found only by
# the fuzzy fallback within the country ("Khanaqinz"), and misses.
NAMES = ["Baqubah", "Kirkuk", "Diyala", "Iraq", "Mukdadeya", "Khanaqinz", "Baaqubahh", "Reuters", "Zzyzx", "al-"]


def _calls(gaz: Gazetteer, name: str) -> list[list[Place]]:
    return [
        gaz.lookup(name, exact=True),
        gaz.lookup(name),
        gaz.lookup(name, country="IQ"),
        gaz.lookup(name, country="IQ", exact=True, limit=1),
        gaz.lookup(name, country="IQ", admin1="Diyala", limit=25),
        gaz.lookup(name, country="SY", feature="A"),
    ]


def test_answers_do_not_depend_on_what_was_asked_before(iq_path: Path) -> None:
    """Exact rows are shared by ``has_key`` and by exact and fallback lookups: asking in another order,
    or asking ``has_key`` first, must not change any answer (nor let a fallback leak into exact=True)."""
    first = Gazetteer.open(iq_path)
    alone = {name: _calls(first, name) for name in NAMES}
    first.close()

    again = Gazetteer.open(iq_path)
    keys = {name: again.has_key(name_key(name)) if name_key(name) else False for name in NAMES}
    for name in reversed(NAMES):
        calls = _calls(again, name)
        assert list(reversed(calls)) == list(reversed(_calls(again, name)))  # cached answers are equal
        assert calls == alone[name], name
    again.close()

    # The paths the names were chosen for really were taken.
    assert keys["Baqubah"] and keys["Kirkuk"] and not keys["Mukdadeya"] and not keys["Zzyzx"]
    assert alone["Mukdadeya"][0] == [] and alone["Mukdadeya"][1], "the skeleton, never with exact=True"
    assert alone["Mukdadeya"][1][0].name == alone["Mukdadeya"][2][0].name == "Al Miqdādīyah"
    fuzzy = alone["Khanaqinz"]
    assert fuzzy[0] == fuzzy[1] == fuzzy[3] == [] and fuzzy[2][0].name == "Khānaqīn", "fuzzy: only in the country"
    assert alone["Zzyzx"] == [[]] * 6 and alone["al-"] == [[]] * 6


def test_has_key_after_lookups_and_lookups_after_has_key(iq_path: Path) -> None:
    gaz = Gazetteer.open(iq_path)
    assert gaz.has_key("zzyzx") is False
    assert gaz.lookup("Zzyzx", exact=True) == [] and gaz.lookup("Zzyzx") == []
    assert gaz.lookup("Mukdadeya", country="IQ")  # a miss of the exact key still has its fallbacks
    assert gaz.has_key(name_key("Mukdadeya")) is False
    assert gaz.has_key(name_key("Khanaqinz")) is False
    assert gaz.lookup("Khanaqinz", country="IQ", exact=True) == [] and gaz.lookup("Khanaqinz", country="IQ")
    assert gaz.lookup("Baqubah", exact=True)
    assert gaz.has_key(name_key("Baqubah")) is True
    gaz.close()


def test_limits_give_prefixes_of_one_ranking(iq_path: Path) -> None:
    gaz = Gazetteer.open(iq_path)
    for name in ("Kirkuk", "Diyala", "Baqubah", "Mukdadeya", "Khanaqinz"):
        full = gaz.lookup(name, country="IQ", limit=25)
        assert len(full) >= 1
        for limit in (0, 1, 3, 10):
            assert gaz.lookup(name, country="IQ", limit=limit) == full[:limit]
    gaz.close()


def test_places_are_ordinary_frozen_places(iq_path: Path) -> None:
    """Places are built without the dataclass constructor (it was 5-10 % of a cold lookup): they must
    be indistinguishable from constructed ones, and stay frozen."""
    gaz = Gazetteer.open(iq_path)
    places = gaz.lookup("Kirkuk", limit=25) + [gaz.country("IQ"), gaz.admin1("Diyala", "IQ")]
    assert len(places) >= 3
    for p in places:
        assert p is not None
        built = Place(**dataclasses.asdict(p))
        assert p == built and hash(p) == hash(built) and repr(p) == repr(built)
        assert dataclasses.replace(p, score=0.5).score == 0.5
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.score = 1.0  # type: ignore[misc]
    gaz.close()


def test_a_lake_or_mountain_is_not_its_namesake_district_nor_a_loose_spelling(iq_path: Path) -> None:
    """"Lake X", "Mount X": not the district (ADM2) called X, nor a town found only by a near spelling;
    a town of the very name stays. "X River" is left be (a river often names its district)."""
    gaz = Gazetteer.open(iq_path)
    assert any(p.feature_class == "A" for p in gaz.lookup("Abu Ghraib", country="IQ"))
    mount = gaz.lookup("Mount Abu Ghraib", country="IQ")
    assert mount and all(p.feature_class != "A" for p in mount)
    assert gaz.lookup("Mukdadeya") and gaz.lookup("Lake Mukdadeya") == []
    assert gaz.lookup("Mount Baqubah", country="IQ")[0].name == "Baqubah"
    assert any(p.feature_class == "A" for p in gaz.lookup("Abu Ghraib River", country="IQ"))
    gaz.close()
