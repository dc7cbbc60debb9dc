"""Recall of the extract stage on less common event wordings (texts written for these tests).

Each sentence reports one event in words the core lexicon long missed: collective action without the
word "protest", beatings, seizures of goods, drones shot down, accusations, security measures, and a
label-only note. The negative cases guard the precision of the same rules.
"""

from datetime import date

import pytest

from marsad.model import Document
from marsad.resources import Resources
from marsad.stages import build_pipeline


@pytest.fixture(scope="module")
def pipe():
    return build_pipeline(Resources())


def run(pipe, text, published=date(2021, 6, 20)):
    return pipe.run_one(Document(id="t", text=text, published=published)).mentions


def primary(mentions):
    return max(mentions, key=lambda m: m.confidence)


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # collective action by people, named through a quantity or a relative clause
        ("On 14 June 2021, hundreds of factory labourers came out on the roads in the industrial zone, demanding unpaid wages.",
         "Peaceful protest"),
        ("On 14 June 2021, more than 50 parents gathered in front of the district office to demand a new school.",
         "Peaceful protest"),
        ("On 14 June 2021, teachers of the union took out a procession and formed a human chain in the town centre.",
         "Peaceful protest"),
        ("On 14 June 2021, a group of citizens who had blocked the bridge to demand new elections were dispersed by police.",
         "Protest with intervention"),
        ("On 14 June 2021, police forces prevented and detained 7 people who gathered in the square to mark the anniversary.",
         "Protest with intervention"),
        # beatings: by a crowd (mob violence) or by the police (attack)
        ("On 14 June 2021, villagers beat up a cattle trader in the market over an unpaid debt.", "Mob violence"),
        ("On 14 June 2021, the police beat up a street vendor in the capital for not wearing a mask.", "Attack"),
        # accusations and alleged acts are coded (ACLED codes alleged events)
        ("On 14 June 2021, soldiers in the northern town are accused of assaulting a bus driver at a checkpoint.", "Attack"),
        # seizures: weapons and drones are disrupted weapons use; goods are property
        ("On 14 June 2021, coastguard forces seized six hundred military munitions in an abandoned warehouse.",
         "Disrupted weapons use"),
        ("On 14 June 2021, rebel forces shot down an army surveillance drone over the valley.", "Disrupted weapons use"),
        ("On 14 June 2021, customs police seized 3 tons of cocaine hidden in a fishing boat.", "Looting/property destruction"),
        ("On 14 June 2021, settlers uprooted dozens of olive trees owned by farmers of the village.",
         "Looting/property destruction"),
        # an incursion repelled is fighting between armed sides
        ("On 14 June 2021, government forces thwarted a rebel incursion near the border post.", "Armed clash"),
        # security measures taken by an authority
        ("On 14 June 2021, the provincial governor closed border crossings and instituted a curfew across the province.",
         "Change to group/activity"),
        ("On 14 June 2021, members of the militia conducted military exercises on the outskirts of the city.",
         "Change to group/activity"),
    ],
)
def test_less_common_wordings(pipe, text, sub):
    mentions = run(pipe, text)
    assert mentions, text
    assert primary(mentions).sub_event_type == sub


def test_label_alone_makes_an_event(pipe):
    """An ACLED-style note whose label names the type ("Security measures:") and that has a date is an
    event even when no trigger word follows."""
    mentions = run(pipe, "Security measures: On 14 June 2021, the regional administration halted all traffic into the district.")
    assert [m.sub_event_type for m in mentions] == ["Change to group/activity"]
    assert mentions[0].event_date == date(2021, 6, 14)


def test_temporal_clause_under_an_attempt_happened(pipe):
    """The clause "when police fired ..." happened although the main clause is only an attempt."""
    text = ("On 14 June 2021, a crowd attempted to seize two suspected thieves when police intervened and "
            "fired at the crowd, killing one man.")
    mentions = run(pipe, text)
    assert mentions
    assert primary(mentions).fatalities == 1


@pytest.mark.parametrize(
    "text",
    [
        # commentary, not events: a curfew merely mentioned, a denied accusation, a speech act
        "Shops stayed open despite the curfew.",
        "The minister denied that soldiers had assaulted the driver.",
        "Residents were not accused of looting the shops.",
        "The committee condemned the violence and termed it a conspiracy.",
        "Volunteers delivered food packages to families in the district.",
        # a seizure is an event only when weapons or goods are seized
        "On 14 June 2021, the opposition seized the initiative in the talks.",
    ],
)
def test_not_events(pipe, text):
    assert run(pipe, text) == []
