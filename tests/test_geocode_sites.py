"""Events placed near the town a site or a road is named after: real spaCy, a real default gazetteer
of Ukraine, Syria and Lebanon."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from marsad.gazetteer import Gazetteer
from marsad.geocode.anchors import site_towns
from marsad.model import Document, Evidence, Mention
from marsad.pipeline import Pipeline
from marsad.resources import Resources
from marsad.stages import build_pipeline  # noqa: F401  (registers the stages)


def _mention(text: str) -> Mention:
    return Mention(doc_id="t", index=0, event_type="Protests", sub_event_type="Peaceful protest",
                   event_date=date(2021, 3, 1), evidence=[Evidence(text, 0, len(text))])


def test_site_towns_reads_the_town_out_of_a_site_or_road_name() -> None:
    # The longest leading words first, down to the town itself.
    assert site_towns(_mention("Shells landed close to the Kramatorsk Water Pumping Station.")) == [
        "Kramatorsk Water Pumping", "Kramatorsk Water", "Kramatorsk"]
    assert site_towns(_mention("A drone hit Latakia Airbase overnight.")) == ["Latakia"]
    # A road between two towns: both, in the order written.
    assert site_towns(_mention("Farmers closed the Tyre-Nabatieh road for an hour.")) == ["Tyre", "Nabatieh"]
    # An article joined by a hyphen is part of the name, not a second town.
    assert site_towns(_mention("Gunmen stopped cars on the Al-Bab road at dawn.")) == ["Al-Bab"]
    assert site_towns(_mention("Youths burned tyres at the Kfar Zabad-el Mansoura junction.")) == [
        "Kfar Zabad", "Kfar", "el Mansoura"]
    assert site_towns(_mention("Residents marched to the town hall.")) == []


@pytest.fixture(scope="module")
def gazetteer(small_gazetteer: Callable[..., Gazetteer]) -> Gazetteer:
    return small_gazetteer("LB", "SY", "UA")



def _place(text: str, nlp: Any, gazetteer: Gazetteer, published: date = date(2021, 3, 10)) -> Any:
    resources = Resources(nlp=nlp, gazetteer=gazetteer)
    analysis = Pipeline(("nlp", "geoparse", "extract", "geocode"), resources).run_one(
        Document(id="t", text=text, published=published))
    assert analysis.mentions
    return analysis.mentions[0].place


def test_event_at_a_site_named_after_a_town_is_near_that_town(nlp: Any, gazetteer: Gazetteer) -> None:
    text = ("On 4 March 2021, monitors recorded 20 explosions of undetermined origin close to the "
            "Donetsk Filtration Station.")
    place = _place(text, nlp, gazetteer)
    assert place is not None and place.name == "Donetsk" and place.country == "UA" and place.geo_precision == 2


def test_event_on_a_road_is_near_the_first_known_town_of_the_road(nlp: Any, gazetteer: Gazetteer) -> None:
    # The village where the road was blocked is unknown; no country is named; a town of the road is.
    text = ("On 2 March 2021, dozens of demonstrators closed the Sidon-Beirut highway at Khirbet Qanafar "
            "with burning tyres to protest rising prices.")
    place = _place(text, nlp, gazetteer)
    assert place is not None and place.name == "Sidon" and place.country == "LB"


def test_first_word_of_a_longer_name_is_no_small_town(nlp: Any, gazetteer: Gazetteer) -> None:
    # "Kfar Zabad" is unknown; its first word alone must not become some hamlet called "Kfar".
    text = "On 6 March 2021, youths burned tyres at the Kfar Zabad junction to protest power cuts."
    place = _place(text, nlp, gazetteer)
    assert place is None or place.latitude is None or place.population >= 100_000


def test_town_the_event_names_outright_beats_a_site_town(nlp: Any, gazetteer: Gazetteer) -> None:
    text = ("On 5 March 2021, a roadside bomb wounded two soldiers in Homs, a week after drones "
            "struck Hama Airbase.")
    place = _place(text, nlp, gazetteer)
    assert place is not None and place.name == "Homs" and place.geo_precision == 1


def test_a_province_written_around_the_village_still_decides(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "On 7 March 2021, monitors counted 14 explosions near Vesele, Zaporizhzhia oblast."
    place = _place(text, nlp, gazetteer)
    assert place is not None and place.admin1 not in {"Donetsk", "Luhansk"}


def test_a_name_before_countryside_is_a_place_whatever_the_model_calls_it(nlp: Any, gazetteer: Gazetteer) -> None:
    from marsad.toponyms.recognise.entities import _mislabelled_place

    text = "A shepherd was wounded by a mine in Homs countryside on Tuesday."
    doc = nlp(text)
    s = text.index("Homs")
    nxt = next(t for t in doc if t.idx > s)
    assert nxt.text == "countryside"
    assert _mislabelled_place(text, s, s + 4, gazetteer, nxt)
    # but a name before another noun is an adjective ("in Sunni areas" is no place).
    other = "Gunmen attacked a bus in Homs traffic on Tuesday."
    doc2 = nlp(other)
    s2 = other.index("Homs")
    assert not _mislabelled_place(other, s2, s2 + 4, gazetteer, next(t for t in doc2 if t.idx > s2))


def test_town_after_countryside_of_is_a_place_hint(nlp: Any, gazetteer: Gazetteer) -> None:
    # "Tell Abiad" is no exact gazetteer name (it spells "Tall Abyad"); written after "countryside of"
    # in a country the text names, it is still where the event is, not the province's capital.
    text = ("On 9 March 2021, Turkish artillery shelled a farm of Khirbet Sallum in the southern "
            "countryside of Tell Abiad in Ar-Raqqa, wounding a shepherd.")
    place = _place(text, nlp, gazetteer)
    assert place is not None and place.country == "SY" and place.admin1 == "Ar-Raqqah"
    assert place.latitude is not None and place.latitude > 36.5  # Tall Abyad, by the border; not Raqqa city
