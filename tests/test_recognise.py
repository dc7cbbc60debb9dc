"""Toponym recognition on invented news sentences, with the real spaCy model and a real gazetteer."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.gazetteer import Gazetteer, build_default
from marsad.model import Document
from marsad.pipeline import Pipeline, Resources
from marsad.stages.recognise import Candidate, _adjectival, _propagate, recognise


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "us-iq-eg-ae.sqlite"
    build_default(path, countries={"US", "IQ", "EG", "AE"})
    return Gazetteer.open(path)


@pytest.fixture(scope="session")
def nlp() -> Any:
    return Resources().get_nlp()


def _toponyms(text: str, nlp: Any, gazetteer: Gazetteer) -> dict[str, Any]:
    analysis = Pipeline(("nlp", "geoparse"), Resources(nlp=nlp, gazetteer=gazetteer)).run_one(Document(id="t", text=text))
    for t in analysis.toponyms:
        assert text[t.start : t.end] == t.text
    return {t.text: t for t in analysis.toponyms}


def test_a_dateline_in_capitals_is_a_place(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "COLUMBUS, Ohio (AP) — Firefighters put out a blaze at a warehouse on Tuesday, officials said."
    by_text = _toponyms(text, nlp, gazetteer)
    assert "COLUMBUS" in by_text
    place = by_text["COLUMBUS"].place
    assert place is not None and place.country == "US" and place.admin1 == "Ohio"


def test_a_countrys_acronym_is_a_place_but_other_acronyms_are_not(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Officials from NATO and the CIA met envoys of the UAE in Baghdad on Monday."
    by_text = _toponyms(text, nlp, gazetteer)
    uae = by_text["UAE"].place
    assert uae is not None and uae.country == "AE"
    assert not {"NATO", "CIA"} & set(by_text)


def test_places_named_in_local_institutions(nlp: Any, gazetteer: Gazetteer) -> None:
    text = ("The Columbus City Council voted on Monday to fund a study by researchers at the University of "
            "Cincinnati, while a spokesman for Bell Helicopter declined to comment.")
    by_text = _toponyms(text, nlp, gazetteer)
    columbus = next((t for k, t in by_text.items() if k.startswith("Columbus")), None)
    assert columbus is not None and columbus.place is not None and columbus.place.admin1 == "Ohio"
    cincinnati = by_text["Cincinnati"].place
    assert cincinnati is not None and cincinnati.admin1 == "Ohio"
    assert "Bell" not in by_text  # a company's first word, not the town


def test_a_movements_name_names_no_place(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "The Islamic State of Iraq and Syria claimed the bombing of a market in Baqubah."
    by_text = _toponyms(text, nlp, gazetteer)
    assert "Baqubah" in by_text
    assert not {"Iraq", "Syria"} & set(by_text)


def test_adjectival_demonyms_but_not_people_or_languages(nlp: Any, gazetteer: Gazetteer) -> None:
    text = ("The Egyptian Foreign Ministry said on Sunday that Americans living in Cairo should stay home. "
            "The statement was issued in English and Arabic.")
    by_text = _toponyms(text, nlp, gazetteer)
    egyptian = by_text["Egyptian"].place
    assert egyptian is not None and egyptian.country == "EG"
    assert "Americans" not in by_text and "English" not in by_text


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("the Russian embassy", "Russian", True),
        ("an anti-Russian protest", "Russian", True),
        ("she spoke in Russian.", "Russian", False),
        ("English language learners", "English", False),
        ("Native American artifacts", "American", False),
        ("African-American history", "American", False),
        ("Nigerians voted", "Nigerians", False),
    ],
)
def test_adjectival(text: str, word: str, expected: bool) -> None:
    start = text.index(word)
    assert _adjectival(text, start, start + len(word)) is expected


def test_a_headline_person_does_not_hide_a_country(nlp: Any, gazetteer: Gazetteer) -> None:
    """The small model calls "Rethinking Egypt" a person; "Egypt" later in the text is still Egypt."""
    text = "Rethinking Egypt. Since the election, Egypt has hoped for better relations with its neighbours."
    by_text = _toponyms(text, nlp, gazetteer)
    egypt = by_text["Egypt"].place
    assert egypt is not None and egypt.country == "EG"


def test_a_surname_stays_a_person(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Henry Farrin was arrested on Friday. Farrin told police in Columbus that he was innocent."
    by_text = _toponyms(text, nlp, gazetteer)
    assert "Columbus" in by_text
    assert "Farrin" not in by_text and "Henry Farrin" not in by_text


def test_common_words_that_are_also_towns_are_not_places(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Secretary Pompeo met the Leader of the opposition and the Council in Washington on Monday."
    by_text = _toponyms(text, nlp, gazetteer)
    assert "Washington" in by_text
    assert not {"Secretary", "Leader", "Council"} & set(by_text)


def test_one_sense_per_discourse(gazetteer: Gazetteer) -> None:
    """A name recognised as a place is the place at its other mentions, except inside a full name."""
    text = "Schools in Gainesville reopened. Gainesville said no. Mayor Tom Gainesville Smith disagreed."
    first = text.index("Gainesville")
    found = [Candidate("Gainesville", first, first + len("Gainesville"), "ner")]
    person = text.index("Tom Gainesville Smith")
    people = [(person, person + len("Tom Gainesville Smith"))]
    extra = _propagate(text, found, [(found[0].start, found[0].end)], people, set(), gazetteer)
    assert [c.start for c in extra] == [text.index("Gainesville said")]
    assert extra[0].source == "ner"


def test_recognise_without_a_gazetteer_keeps_spacys_places(nlp: Any) -> None:
    text = "Gunmen attacked a checkpoint near Baqubah, and the Egyptian envoy left Cairo."
    analysis = Pipeline(("nlp",), Resources(nlp=nlp)).run_one(Document(id="t", text=text))
    names = {c.text for c in recognise(analysis, None)}
    assert {"Baqubah", "Cairo"} <= names
