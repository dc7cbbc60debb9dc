"""The extract stage on texts written for these tests (and, when ../shared is there, the seed)."""

from datetime import date
from pathlib import Path

import pytest

from marsad.model import Document
from marsad.resources import Resources
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


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # Small arms mean the sides met: a clash, even with mortars in the same volley.
        ("On Tuesday, army units fired mortars and small arms at rebel positions near the ridge.", "Armed clash"),
        # A named remote weapon outranks the generic verbs around it.
        ("On Monday, a roadside bomb targeting pilgrims exploded on the highway, killing four people.",
         "Remote explosive/landmine/IED"),
        # Ambushes take their type from the target.
        ("On Sunday, gunmen ambushed and killed three farmers on their way to the market.", "Attack"),
        ("On Sunday, insurgents ambushed an army convoy near the pass.", "Armed clash"),
        # Violence by residents or a crowd, not by an armed group.
        ("On Friday, villagers beat a suspected cattle thief to death in the square.", "Mob violence"),
        ("On Friday, supporters of two rival candidates clashed outside the polling station.", "Mob violence"),
        # Protesters blocking a road are the protest itself, not an intervention.
        ("On Monday, hundreds of traders blocked the main road to protest against new taxes.", "Peaceful protest"),
        ("On Monday, police blocked the march and detained ten protesters.", "Protest with intervention"),
        # A date phrase is not the target: the victim is the object.
        ("On 3 March 2021, a policeman killed a woman at the market.", "Attack"),
    ],
)  # fmt: skip
def test_sub_event_type_rules(pipe, text, sub):
    mentions = run(pipe, text)
    assert mentions, text
    assert primary(mentions).sub_event_type == sub


def test_toll_sentence_joins_the_event_it_follows(pipe):
    text = (
        "On Saturday, a car bomb exploded near a bus station in the city centre. "
        "Six people were killed and 14 others wounded in the blast. "
        "It was the second attack in the province that week."
    )
    mentions = run(pipe, text)
    assert len(mentions) == 1
    assert mentions[0].sub_event_type == "Remote explosive/landmine/IED"
    assert mentions[0].fatalities == 6


def test_killed_soldiers_make_an_attack_a_clash(pipe):
    text = "On Saturday, militants attacked a village near the border. Four soldiers were killed."
    m = primary(run(pipe, text))
    assert m.sub_event_type == "Armed clash"
    assert m.fatalities == 4


def test_riot_sentence_escalates_the_protest_it_follows(pipe):
    text = (
        "On Sunday, hundreds of students demonstrated outside the university against fee rises. "
        "Some demonstrators threw stones at passing cars and burned tyres."
    )
    mentions = run(pipe, text)
    assert [m.sub_event_type for m in mentions] == ["Violent demonstration"]


def test_responsibility_claim_is_no_new_event(pipe):
    text = (
        "On Thursday, gunmen opened fire on a checkpoint north of the town, killing two guards. "
        "A militant group claimed responsibility for the attack."
    )
    assert len(run(pipe, text)) == 1


def test_present_tense_headline_is_an_event(pipe):
    text = "Gunmen kill five villagers in night raid\n\nThe attack took place in a remote district, officials said."
    mentions = run(pipe, text)
    assert mentions
    assert primary(mentions).sub_event_type == "Attack"
    assert primary(mentions).fatalities == 5


def test_present_tense_in_body_text_stays_habitual(pipe):
    assert run(pipe, "Gunmen kill villagers in the district almost every week, residents say.") == []


def test_toll_in_next_sentence_without_cue(pipe):
    text = "On Monday, unknown men shot a shopkeeper outside his store. The death toll rose to 3."
    assert primary(run(pipe, text)).fatalities == 3


# --- background, elaboration and headlines: one event per incident, none for commentary ---------


def test_background_commentary_yields_no_event(pipe):
    text = (
        "Army artillery shelled the hamlet of Dorvala on Tuesday, killing a shepherd.\n"
        "The district has seen repeated breaches of the truce agreed last year.\n"
        "Raids on the valley have been frequent since 2019."
    )
    mentions = run(pipe, text)
    assert [m.sub_event_type for m in mentions] == ["Shelling/artillery/missile attack"]


def test_refer_back_sentence_merges_into_the_event(pipe):
    text = (
        "Government troops shelled the village of Tel Nawra on Wednesday, killing three civilians, "
        "a local monitor reported. Witnesses said the bombardment went on for two hours and destroyed a school."
    )
    mentions = run(pipe, text)
    assert len(mentions) == 1
    assert len(mentions[0].evidence) == 2
    assert mentions[0].fatalities == 3


def test_repelled_assault_is_the_same_clash(pipe):
    text = "Insurgents attacked an army outpost near Kamdesh on Monday. Soldiers repelled the assault."
    mentions = run(pipe, text)
    assert len(mentions) == 1
    assert mentions[0].sub_event_type == "Armed clash"


def test_headline_joins_the_body_event(pipe):
    text = (
        "Shelling hits farms in the north\n"
        "Artillery fire struck farms outside Qarabeh on Friday, wounding two farmers, officials said."
    )
    mentions = run(pipe, text)
    assert len(mentions) == 1
    assert mentions[0].event_date == date(2021, 3, 5)
    assert mentions[0].time_precision == 1


def test_according_to_is_no_agreement(pipe):
    mentions = run(pipe, "According to the regional health office, the clinic reopened on Monday.")
    assert mentions == []


def test_tally_over_a_period_is_no_event(pipe):
    assert run(pipe, "About 60 people have died in four months of unrest across the province.") == []


# --- front-line conventions ---------------------------------------------------------------------


def test_fire_in_both_directions_is_a_clash(pipe):
    text = "On 4 March 2021, monitors recorded 30 explosions and shots in both directions of the frontline near Dolynka."
    assert primary(run(pipe, text)).sub_event_type == "Armed clash"


def test_blasts_counted_by_monitors_are_shelling(pipe):
    text = "On 4 March 2021, the monitoring mission observed 14 explosions near Dolynka."
    assert primary(run(pipe, text)).sub_event_type == "Shelling/artillery/missile attack"


def test_single_blast_in_a_market_is_an_ied(pipe):
    text = "An explosion tore through a crowded market in the town on Sunday, killing four people."
    assert primary(run(pipe, text)).sub_event_type == "Remote explosive/landmine/IED"


def test_unattributed_front_line_fire_gets_the_war_dyad(pipe):
    text = "On 4 March 2021, mortar shells hit positions near the frontline village of Dolynka in eastern Ukraine."
    m = primary(run(pipe, text))
    assert m.actor1 == "Military Forces of Ukraine (2019-)" and m.inter1 == 1
    assert m.actor2 == "NAF: United Armed Forces of Novorossiya" and m.inter2 == 2


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # the subject of a demand is real: "protesters demanded" reports a protest
        ("On Monday, hundreds of nurses in the capital demanded the payment of late wages.", "Peaceful protest"),
        # subject parsed as an appositive of the place, still the doer
        ("On Monday, in Santa Rosa, Norte, a group of taxi drivers blocked the main road.", "Peaceful protest"),
        # unarmed people fighting police riot; they are no armed side
        ("On Friday, shopkeepers clashed with police officers at the market.", "Mob violence"),
        ("On Friday, a group of twenty youths attacked a police patrol near the bus stand.", "Mob violence"),
        ("On Tuesday, two groups clashed over a land dispute in the village, injuring six people.", "Mob violence"),
        # armed men who shoot are no mob, whatever they are called
        ("On Tuesday, three men shot dead a shopkeeper in his store.", "Attack"),
        # captives executed are defenceless: violence against civilians, even soldiers
        ("On Sunday, militants executed six captured soldiers in the main square.", "Attack"),
        # off-duty and former soldiers are civilians
        ("On Sunday, gunmen shot dead an off-duty soldier outside his house.", "Attack"),
        # state forces beating people named by a demonym or a trade
        ("On Wednesday, soldiers beat two Ruritanians near the border fence.", "Attack"),
        # heavy weapons' fire counted from afar is shelling, not contact
        ("On Monday, monitors recorded 20 bursts of fire from heavy machine guns near the village.",
         "Shelling/artillery/missile attack"),
        # crowd-control weapons imply a gathering met with force
        ("On Monday, police lathi-charged and fired tear gas shells at the gathering near the temple.",
         "Protest with intervention"),
        # Indian-English arrest wording
        ("On Monday, police nabbed two men with stolen rifles near the bridge.", "Arrests"),
        ("On Monday, four suspects were taken into custody by the police after the raid.", "Arrests"),
        # passive killings
        ("On Monday, a trader was hacked to death by unidentified assailants in the village.", "Attack"),
    ],
)
def test_round4_sub_event_types(pipe, text, sub):
    mentions = run(pipe, text)
    assert mentions, text
    assert primary(mentions).sub_event_type == sub, [m.sub_event_type for m in mentions]


def test_armed_clash_side_that_fell_is_second(pipe):
    """"X were killed after exchanging fire with police": the police did the killing and come first."""
    m = primary(run(pipe, "On Monday, two gang members were killed after exchanging fire with police officers."))
    assert m.sub_event_type == "Armed clash"
    assert m.inter1 == 1


def test_toll_does_not_join_an_arrest(pipe):
    """A killing told after an arrest is its own event, not the arrest's toll."""
    text = "On Monday, police arrested two men at the market. On Tuesday, the body of a farmer was found in a field."
    subs = [m.sub_event_type for m in run(pipe, text)]
    assert "Arrests" in subs
    assert "Attack" in subs
