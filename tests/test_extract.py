"""The extract stage on texts written for these tests (and, when ../shared is there, the seed)."""

from datetime import date
from pathlib import Path

import pytest

from marsad.model import Document
from marsad.pipeline import Resources
from marsad.stages import build_pipeline

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "examples" / "diyala-2020-10-05.txt"


@pytest.fixture(scope="module")
def pipe():
    return build_pipeline(Resources())


def run(pipe, text, published=date(2021, 3, 8)):
    return pipe.run_one(Document(id="t", text=text, published=published)).mentions


def primary(mentions):
    return max(mentions, key=lambda m: m.confidence)


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("On Saturday, an air strike by government warplanes killed five militants in the valley.", "Air/drone strike"),
        ("Rebels fired mortar shells at the army barracks on Sunday.", "Shelling/artillery/missile attack"),
        ("A roadside bomb exploded near a police patrol on Friday, wounding two officers.", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up at a checkpoint on Thursday.", "Suicide bomb"),
        ("Unknown men threw a grenade at a shop on Friday.", "Grenade"),
        ("Troops clashed with insurgents in the hills on Saturday, killing three fighters.", "Armed clash"),
        ("Gunmen shot dead a farmer in his field on Sunday.", "Attack"),
        ("Armed men kidnapped a teacher on the road to the town on Friday.", "Abduction/forced disappearance"),
        ("Militiamen raped two women in the camp on Saturday.", "Sexual violence"),
        ("Hundreds of workers held a peaceful protest outside the ministry on Sunday.", "Peaceful protest"),
        ("Police dispersed protesters with tear gas on Saturday.", "Protest with intervention"),
        ("Rioters burned tires and threw stones at shops on Friday.", "Violent demonstration"),
        ("Police arrested four suspected militants in a raid on Saturday.", "Arrests"),
        ("On Sunday, soldiers seized a weapons cache and defused two IEDs in the village.", "Disrupted weapons use"),
        ("On Friday, the army recaptured the town from the rebels.", "Government regains territory"),
        ("The two factions signed a ceasefire agreement on Saturday.", "Agreement"),
    ],
)
def test_sub_event_types(pipe, text, sub):
    mentions = run(pipe, text)
    assert mentions, text
    assert primary(mentions).sub_event_type == sub


@pytest.mark.parametrize(
    "text",
    [
        "The militants did not attack the town.",
        "The group threatened to attack the capital.",
        "The army plans to launch an offensive next month.",
        "The rebels denied killing the villagers.",
        "Officials warned that insurgents could strike again.",
        "Security forces are carrying out operations to track down the cells.",
    ],
)
def test_non_factual_statements_give_no_event(pipe, text):
    assert run(pipe, text) == []


def test_counts_actors_dates_and_claim(pipe):
    text = (
        "Iraqi soldiers killed two ISIS militants in a raid near Tikrit on Saturday, "
        "the army spokesman said.\nThree suspects were also arrested."
    )
    ms = run(pipe, text, date(2021, 3, 8))
    assert [m.sub_event_type for m in ms] == ["Armed clash", "Arrests"]
    first, second = ms
    assert first.event_date == date(2021, 3, 6) and second.event_date == date(2021, 3, 6)
    assert first.fatalities == 2 and first.inter1 == 1
    assert first.actor2 == "Islamic State (Iraq)"
    assert second.arrests == 3
    assert "spokesman" in (first.claim or "")
    assert "Tikrit" in first.place_hints
    assert first.evidence[0].text.startswith("Iraqi soldiers")
    assert first.confidence > second.confidence


def test_summary_sentences_give_no_event(pipe):
    text = "Insurgents have carried out many attacks in recent weeks. These attacks have weakened the state."
    assert run(pipe, text) == []


@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason="../shared is not here")
def test_seed_article_four_events(pipe):
    ms = run(pipe, SEED.read_text(encoding="utf-8"), date(2020, 10, 5))
    got = [(m.sub_event_type, m.event_date.isoformat()) for m in ms]
    assert len(ms) <= 5
    assert got[0][1] == "2020-10-03" and ms[0].fatalities == 2
    assert got[0][0] in {"Armed clash", "Air/drone strike", "Disrupted weapons use", "Looting/property destruction"}
    assert ("Arrests", "2020-10-03") in got and ("Arrests", "2020-09-30") in got
    assert any(s in {"Disrupted weapons use", "Other", "Headquarters or base established"} and d == "2020-09-30"
               for s, d in got)
    assert all(m.arrests >= 1 for m in ms if m.sub_event_type == "Arrests")
