"""Sub-event typing: factual cue matches in a sentence -> scored ACLED sub-event types.

``score_types`` is the single decision point: it maps a sentence's features (cue classes, who is
acted upon, whether people died) to a score per sub-event type. Rules follow the coding guide (an air
strike is Air/drone strike even when it kills militants; a seized cache is Disrupted weapons use;
fighting between armed sides, or a security operation killing militants, is Armed clash; an attack
on unarmed people is Violence against civilians / Attack). A trained classifier can replace it by
returning the same mapping from the same ``Features``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from marsad.events.actors import canonical_actor, load_actor_book
from marsad.events.lexicon import CueMatch, Lexicon

STRONG_AIR = frozenset(
    ("air strike", "airstrike", "air raid", "airstrikes", "air - strike", "drone strike", "drone attack",
     "aerial bombardment", "aerial attack", "air bombardment", "bomb from the air")
)  # fmt: skip
DISRUPT_VERBS = frozenset(
    "defuse dismantle disarm seize confiscate intercept foil thwart uncover discover find recover neutralize "
    "neutralise destroy clear demine defusing demining shoot".split()
)  # "shoot" only comes from the cue "shoot down" (a drone shot down is a disrupted weapon)
DISRUPT_OBJECTS = frozenset(
    "cache weapon ammunition explosive explosives ied bomb mine device missile rocket drone arms hideout "
    "tunnel cave camp rest house workshop material depot rifle gun grenade shell mortar launcher "
    "detonator vest munition munitions ordnance uav cartridge bullet".split()
)
# What state forces seize that is no weapon: drugs, contraband, goods. ACLED codes a seizure of
# property as Looting/property destruction (Strategic developments), not as an arrest or a clash.
SEIZE_VERBS = frozenset(("seize", "confiscate", "impound"))
GOODS = frozenset(
    "drug drugs narcotic narcotics marijuana cannabis cocaine heroin methamphetamine hashish opium contraband "
    "cigarette cigarettes fuel petrol diesel cargo goods merchandise money cash phone phones livestock cattle "
    "vehicle vehicles car cars truck trucks motorcycle property equipment timber gold shipment".split()
)
# Blast words that name no device: an explosion is an IED only when nothing says it was fired.
GENERIC_BLAST = frozenset(("explosion", "blast", "explode", "detonation", "boom"))
EXPLICIT_MOB = frozenset(("mob", "lynch", "lynching", "mob justice", "communal clash", "communal violence", "vigilante", "angry crowd", "brawl"))
# "hundreds of nurses", "a group of youths": the head names how many; the "of" phrase names who
_OF_HEADS = frozenset(
    "member element series group number dozen dozens unit remnant fighter hundred hundreds thousand thousands "
    "score scores crowd band".split()
)
_WITH_VERBS = frozenset(("clash", "fight", "exchange", "engage", "battle", "skirmish", "trade"))  # "clashed with X"
GENERIC_FIRE = frozenset(("bursts of fire", "burst of fire", "shots", "gunfire", "gunshot"))
EXECUTION = frozenset(("execute", "execution", "behead", "torture", "firing squad", "summarily execute", "torture to death"))
UNDERGO = frozenset(("die", "perish", "succumb", "drown"))
VIOLENT_ACTS = frozenset(
    "kill shoot attack strike hit target bomb fire wound injure die dead destroy raid explode detonate "
    "pound bombard shell blast damage".split()
)
LABELS = {  # ACLED-style note prefixes ("Looting: On 2 May ...") say the type outright
    "looting": "Looting/property destruction",
    "property destruction": "Looting/property destruction",
    "arrests": "Arrests",
    "weapons seizure": "Disrupted weapons use",
    "defusal": "Disrupted weapons use",
    "movement of forces": "Change to group/activity",
    "headquarters or base established": "Headquarters or base established",
    "non-violent activity": "Other",
    "land seizure": "Looting/property destruction",
    "security measures": "Change to group/activity",  # curfews, closures, raised alert: ACLED's tag
    "other": "Other",
    "detonation": "Disrupted weapons use",  # ACLED's tag for a controlled detonation of explosives
    "non-violent transfer of territory": "Non-violent transfer of territory",
    "change to group/activity": "Change to group/activity",
    "agreement": "Agreement",
}


@dataclass
class Features:
    """What the scorer sees about one sentence."""

    cues: dict[str, list[CueMatch]] = field(default_factory=dict)
    patient_kinds: set[str] = field(default_factory=set)  # actor kinds acted upon
    agent_kinds: set[str] = field(default_factory=set)
    deaths: int | None = None
    disrupt_object: bool = False
    seized_goods: bool = False  # "police seized 5 tons of marijuana": property taken, no weapon
    crowd_agent: bool = False  # the doer is a crowd or residents ("villagers", "a mob"), not armed men
    label: str | None = None
    two_way: bool = False  # fire "in both directions", "fired back": two armed sides engaged
    frontline: bool = False  # a front line, positions, ceasefire violations, blasts observed from afar
    strong_intervention: bool = False  # tear gas, water cannon, baton or lathi charge: force on a crowd

    def has(self, *names: str) -> bool:
        return any(self.cues.get(n) for n in names)

    def weight(self, name: str) -> float:
        return max((m.weight for m in self.cues.get(name, [])), default=0.0)


def np_text(tok: Token) -> str:
    """A noun phrase's own words: the head, its left modifiers and an appositive acronym."""
    keep = [tok]
    for c in tok.children:
        if c.i < tok.i and c.dep_ in ("compound", "amod", "nummod", "det", "poss", "nmod", "quantmod"):
            keep.extend(c.subtree)
        elif c.dep_ == "appos" and c.i - tok.i <= 3:
            keep.append(c)
        elif c.dep_ == "prep" and c.lower_ == "of" and tok.lemma_ in _OF_HEADS:
            keep.extend(c.subtree)
    lo, hi = min(t.i for t in keep), max(t.i for t in keep)
    return tok.doc[lo : hi + 1].text


def arguments(trigger: Token) -> tuple[Token | None, Token | None]:
    """(agent, patient) of a trigger from the dependency parse, passive-aware; noun triggers look
    at their governing verb ("X carried out an attack on Y") and prepositions ("clashes between")."""
    agent: Token | None = None
    patient: Token | None = None
    verb = trigger
    if trigger.pos_ in ("NOUN", "PROPN"):
        for c in trigger.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting"):
                patient = next((g for g in c.children if g.dep_ == "pobj"), patient)
            elif c.dep_ == "prep" and c.lower_ == "by":
                agent = next((g for g in c.children if g.dep_ == "pobj"), agent)
            elif c.dep_ == "prep" and c.lower_ == "between":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    agent = pobj
                    patient = next(iter(pobj.conjuncts), None)
            elif c.dep_ == "prep" and c.lower_ == "with" and agent is None:
                patient = next((g for g in c.children if g.dep_ == "pobj"), patient)
            elif c.dep_ == "compound" and c.i < trigger.i and agent is None and _names_force(c):
                agent = c  # "police firing", "army shelling": the force doing it
        verb = trigger.head
        if verb.pos_ not in ("VERB", "AUX"):
            return agent, patient
    # Objects beat prepositional targets: in "On 3 May, X killed Y" the "on" phrase is a date.
    dobj = pas = prep_target = None
    aimed = verb is trigger or trigger.dep_ in ("dobj", "conj")  # "fired mortars at X": X is the target
    for c in verb.children:
        if c.dep_ == "nsubj" and agent is None:
            if trigger.lemma_ in UNDERGO:
                pas = c  # "five people died": the subject underwent it
            else:
                agent = c
        elif c.dep_ == "dobj" and dobj is None and verb is trigger:
            dobj = c
        elif c.dep_ == "nsubjpass" and pas is None:
            pas = c
        elif c.dep_ == "agent":
            agent = next((g for g in c.children if g.dep_ == "pobj"), agent)
        elif c.dep_ == "prep" and c.lower_ in ("on", "against", "at") and prep_target is None and aimed:
            prep_target = next((g for g in c.children if g.dep_ == "pobj" and not _is_time(g)), None)
        elif c.dep_ == "prep" and c.lower_ == "with" and prep_target is None and trigger.lemma_ in _WITH_VERBS:
            prep_target = next((g for g in c.children if g.dep_ == "pobj"), None)
    patient = patient or dobj or pas or prep_target
    if agent is not None and agent.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" and verb is trigger:
        agent = verb.head  # "citizens who had blocked the road": the antecedent did it
    elif agent is not None and agent.ent_type_ in ("GPE", "LOC", "FAC"):
        # "In X, Oaxaca, a group of drivers blocked ...": the doers hang on the place as an appositive,
        # or the parse made both the place and the doers subjects of the verb
        place = agent
        agent = next((c for c in place.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None) or next(
            (c for c in verb.children if c.dep_ == "nsubj" and c.i != place.i and c.ent_type_ not in ("GPE", "LOC", "FAC")),
            place,
        )
    if agent is None and verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ == "VERB":
        agent = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if agent is None and verb.dep_ in ("acl",) and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ in ("VBG", "VBD"):
        agent = verb.head  # "students blocked the road" parsed as a reduced relative; a VBD tag says finite
    if agent is None and verb.dep_ == "ROOT" and verb.tag_ in ("VBD", "VBZ", "VBP") and not any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "auxpass", "expl") for c in verb.children
    ):
        agent = _left_subject(verb)
    return agent, patient


def _left_subject(verb: Token) -> Token | None:
    """The noun phrase written right before a finite verb that the parse gave no subject ("In X, Y
    province, a group of workers blocked ...": the group hangs on the place as an appositive)."""
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and doc[i].pos_ in ("ADV", "PART") and doc[i].sent == verb.sent:
        i -= 1
    if i < 0 or doc[i].pos_ not in ("NOUN", "PROPN") or doc[i].ent_type_ in ("DATE", "TIME"):
        return None
    tok = doc[i]
    for _ in range(6):  # "residents" -> conj of "workers" -> pobj of "of" -> "a group"
        if tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN"):
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN", "NUM"):
            tok = tok.head.head
        else:
            break
    return tok


def _names_force(tok: Token) -> bool:
    """A word that by itself names an armed force or group ("police", "army", "rebel")."""
    book = load_actor_book()
    low = tok.lower_
    return book.generic.get(low) in ("military", "police", "unknown", "gang") or low in book.groups


def _is_time(tok: Token) -> bool:
    """A date or time phrase ("On 3 May", "at night"), never an actor."""
    return tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in ("night", "dawn", "noon", "midnight", "morning", "evening")


def kind_of(tok: Token | None, lex: Lexicon, country: str | None, when: object) -> str | None:
    """The actor kind a noun phrase names (group/military/police/unknown/civilian/...)."""
    if tok is None:
        return None
    from datetime import date

    actor = canonical_actor(np_text(tok), country, when if isinstance(when, date) else date.today())
    if actor is not None:
        if actor.kind == "group":
            return "armed"
        if actor.kind in ("military", "police") and _off_duty(tok):
            return "civilian"
        return actor.kind
    low = tok.lemma_.lower()
    if low in _OF_HEADS:
        # "hundreds of migrant labourers", "a group of neighbours": the "of" phrase names who they are
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        inner = kind_of(pobj, lex, country, when) if pobj is not None else None
        if inner is not None:
            return inner
    if low == "group" and tok.tag_ == "NNS" and not any(c.dep_ in ("compound", "amod") for c in tok.children):
        return "civilian"  # "two groups clashed over a land dispute": people, no armed side named
    if low in lex.contexts["armed_victim"]:
        return "civilian" if _off_duty(tok) else "armed"
    if low in lex.contexts["civilian_victim"]:
        return "civilian"
    if tok.pos_ in ("NOUN", "PROPN") and (tok.ent_type_ == "NORP" or low in load_actor_book().country_alias):
        return "civilian"  # "fired at two Palestinians": a demonym as a noun names people, not a force
    if tok.dep_ != "conj":
        # "JNIM or ISGS militants took control": an unknown name coordinated with armed men is armed
        # too; people coordinated with a civilian are not thereby civilians ("he and the whip").
        kinds = (kind_of(c, lex, country, when) for c in tok.children if c.dep_ == "conj")
        return next((k for k in kinds if k in ("armed", "unknown", "gang")), None)
    return None


def _off_duty(tok: Token) -> bool:
    """A soldier or officer off duty, retired or former is a civilian in ACLED's coding ("a former
    military officer was shot", "the chief of police, who was off duty")."""
    words = [t.lower_ for t in tok.subtree] + [t.lower_ for t in tok.doc[tok.i + 1 : tok.i + 9]]
    if any(w in ("former", "retired", "ex", "off-duty") for w in words):
        return True
    return any(a == "off" and b in ("duty", "-") for a, b in zip(words, words[1:], strict=False))


def score_types(f: Features) -> dict[str, float]:
    """Scores per sub-event type for one sentence (0 = not this type)."""
    s: dict[str, float] = {}

    def add(sub: str, v: float) -> None:
        s[sub] = s.get(sub, 0.0) + v

    if f.label:
        add(f.label, 4.0)
    armed_patient = bool(f.patient_kinds & {"armed", "military", "police", "unknown", "gang"})
    civ_patient = "civilian" in f.patient_kinds
    violent = f.has("attack", "clash", "assault", "smallarms", "air", "shell", "ied", "suicide", "grenade")
    remote = f.has("air", "shell", "ied", "suicide", "grenade", "chemical")
    armed_agent = bool(f.agent_kinds & {"armed", "military", "police", "unknown", "gang"})
    if armed_agent and f.has("riot") and all(m.phrase.startswith("clash with") for m in f.cues["riot"]):
        # "members of a gang clashed with police": armed men fighting police is a clash, not a riot
        f.cues.setdefault("clash", []).extend(f.cues.pop("riot"))
    if f.has("sexual"):
        add("Sexual violence", 5.0)
    if f.has("suicide"):
        add("Suicide bomb", 5.0)
    if f.has("chemical"):
        add("Chemical weapon", 4.5)
    air_strong = any(m.phrase in STRONG_AIR for m in f.cues.get("air", []))
    if air_strong or (f.has("air") and f.has("attack", "ied", "shell")):
        add("Air/drone strike", 4.6)
    if f.has("grenade"):
        add("Grenade", 4.2)
    if f.has("shell"):
        add("Shelling/artillery/missile attack", 4.0)
    if f.has("ied"):
        specific = any(m.phrase not in GENERIC_BLAST for m in f.cues["ied"])
        if specific:
            add("Remote explosive/landmine/IED", 3.8)
        elif f.frontline and not f.has("shell"):
            # ACLED: explosions with no device named are shelling on a front line (monitors counting
            # blasts, positions hit), a bomb elsewhere; beside a shell word they are the shells'.
            add("Shelling/artillery/missile attack", 3.9)
        elif not f.has("shell"):
            add("Remote explosive/landmine/IED", 3.8)
    if f.has("disrupt") and f.disrupt_object:
        add("Disrupted weapons use", 4.0 if not f.deaths else 3.0)
        for k in ("Remote explosive/landmine/IED", "Shelling/artillery/missile attack", "Air/drone strike", "Grenade"):
            if k in s:
                s[k] -= 3.0  # a defused bomb or an intercepted missile is not an explosion
    if f.has("disrupt") and f.seized_goods and not f.disrupt_object:
        add("Looting/property destruction", 2.5)
    if f.has("abduct"):
        add("Abduction/forced disappearance", 4.5)
    # "Workers blocked the highway", "residents gathered to demand ...": collective action by people
    # is a protest even without the word.
    protest = f.has("protest") or (
        f.has("protest_weak") and bool(f.agent_kinds & {"civilian", "protester"}) and not violent
    )
    if protest:
        if f.has("riot") or (f.has("loot") and not f.has("intervene")) or (
            f.has("attack") and "protester" in f.agent_kinds
        ):
            add("Violent demonstration", 5.0)  # the demonstrators themselves turned violent
        elif f.deaths or (f.has("attack") and "protester" in f.patient_kinds):
            add("Excessive force against protesters", 5.0)
        elif f.has("intervene"):
            add("Protest with intervention", 4.6)
        else:
            add("Peaceful protest", 4.5)
    elif f.has("riot"):
        add("Violent demonstration", 3.5)
    elif f.strong_intervention and not f.has("mob"):
        # "Police lathi-charged the gathering", "fired tear gas shells": crowd-control weapons are
        # used on a gathering; with no word for it, a demonstration met with force.
        add("Protest with intervention", 3.6)
    if f.strong_intervention and f.has("mob") and not protest:
        add("Mob violence", 3.8)  # police dispersed a violent mob
    if f.has("mob") and (f.has("attack") or f.has("riot")) and not protest:
        add("Mob violence", 3.0 + (1.0 if "rioter" in f.agent_kinds else 0.0))
    if (
        f.has("attack", "assault", "riot", "loot")
        and (f.crowd_agent or any(m.phrase in EXPLICIT_MOB for m in f.cues.get("mob", [])))
        and not armed_agent
        and not remote
        and not protest
    ):
        # ACLED: violence by a crowd or by residents, not by an organised armed group, is Mob violence
        # ("villagers beat a suspected thief", "a mob lynched ...", "locals torched houses"); rioters
        # named as such, or demonstrators turning violent, make a violent demonstration.
        explicit = any(m.phrase in EXPLICIT_MOB for m in f.cues.get("mob", []))
        if not explicit and f.agent_kinds & {"rioter", "protester"} and f.has("riot"):
            add("Violent demonstration", 4.5)
        else:
            add("Mob violence", 4.4)
    if f.has("regain"):
        add("Government regains territory", 3.5 if "military" in f.agent_kinds or not f.agent_kinds else 1.5)
    if f.has("overtake") and (f.agent_kinds & {"armed", "unknown"}):
        add("Non-state actor overtakes territory", 3.5)
    if f.has("agreement"):
        add("Agreement", 3.5)
    if f.has("arrest") and not protest:
        add("Arrests", 3.6)
    people_only = bool((f.agent_kinds | f.patient_kinds) & {"civilian", "rioter", "protester"}) and not (
        armed_agent or armed_patient
    )
    # Unarmed people fighting police or soldiers ("vendors clashed with police", "clashes between
    # residents and the police") riot; they are no armed side.
    people_vs_state = bool(f.agent_kinds & {"civilian", "rioter", "protester"}) and not armed_agent and not (
        f.patient_kinds & {"armed", "unknown", "gang"}
    )
    if f.has("clash"):
        if (people_only or people_vs_state) and not remote and not f.has("smallarms"):
            # ACLED: a fight between unarmed, unorganised sides (villagers, party supporters) is Mob violence.
            add("Mob violence", 4.2)
        else:
            add("Armed clash", 3.4 + (0.5 if f.deaths else 0.0) + (1.0 if remote else 0.0))
    if f.two_way and (violent or f.has("smallarms")):
        # Fire "in both directions" is an exchange between armed sides, whatever the weapons.
        add("Armed clash", 4.8)
    nobody = not (f.agent_kinds or f.patient_kinds)
    # "fire from heavy machine guns": fire words that name no small arm are the heavy
    # weapons' own fire, not a sign of contact between the sides.
    contact = (
        any(m.phrase not in GENERIC_FIRE for m in f.cues.get("smallarms", [])) or not f.has("shell") or armed_patient
    )
    if f.has("smallarms") and contact and not (f.has("arrest") and not f.has("attack")) and (armed_patient or (armed_agent and not remote) or nobody) and not civ_patient:
        # Small arms mean the sides were in direct contact: a clash, even alongside mortars.
        add("Armed clash", 4.3 if remote else 3.6)
    if f.has("assault"):
        # Ambushes, raids and storming are one-sided words: their target decides the type.
        if civ_patient and not armed_patient:
            add("Attack", 3.9)
        else:
            add("Armed clash", 3.7)
    if f.has("attack") or (f.has("smallarms") and not remote and not f.has("arrest")):
        # Generic violence verbs ("attacked", "killed", "targeted") yield to a named remote weapon:
        # a roadside bomb that kills pilgrims is an IED event with civilian victims.
        damp = 1.2 if remote else 0.0
        if civ_patient and not armed_patient:
            add("Attack", 3.9 - damp)
        elif armed_patient or f.agent_kinds & {"military", "police"} or f.has("operation"):
            add("Armed clash", 3.7 - damp)
        else:
            add("Attack", 3.3 - damp)
    if any(m.phrase in EXECUTION for m in f.cues.get("attack", [])) and not f.has("clash", "smallarms", "assault", "shell", "air"):
        # ACLED: killing captives, even soldiers, is violence against defenceless people ("executed
        # 15 police officers", "beheaded soldiers"), not a battle.
        add("Attack", 4.4 + (0.8 if f.deaths else 0.0))
    if f.has("loot") and not violent:
        add("Looting/property destruction", 3.0)
    elif f.has("loot"):
        add("Looting/property destruction", 1.5)
    if f.has("base"):
        add("Headquarters or base established", 2.0)
    if f.has("transfer"):
        add("Non-violent transfer of territory", 2.5)
    if f.has("change"):
        add("Change to group/activity", 2.0)
    if f.has("aid") and armed_agent:
        # An armed group or cartel handing out food: ACLED codes its non-violent activity as a change
        # to the group's activity. Aid by anyone else is no conflict event.
        add("Change to group/activity", 2.5)
    if f.deaths:
        for k in list(s):
            if k in ("Attack", "Armed clash", "Mob violence") or k in ("Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Suicide bomb", "Grenade"):
                s[k] += 0.8
    return {k: v for k, v in s.items() if v > 0}


def label_of(seg: Span) -> str | None:
    """The ACLED note label ("Arrests:", "Looting:") opening a segment, as a sub-event type."""
    text = seg.text.lstrip()
    head, sep, _ = text.partition(":")
    if sep and len(head) < 40:
        return LABELS.get(head.strip().lower())
    return None


def disrupt_object_near(matches: list[CueMatch], seg: Span) -> bool:
    """A disrupting verb ("defused", "seized", "uncovered", "destroyed") whose object names weapons or
    hideouts ("an IED", "weapons caches", "caves")."""
    for m in matches:
        if m.cue != "disrupt":
            continue
        tok = m.head(seg)
        if tok.lemma_.lower() not in DISRUPT_VERBS:
            continue
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        for obj in objects:
            for t in obj.subtree:
                if t.lemma_.lower() in DISRUPT_OBJECTS or t.lower_ in DISRUPT_OBJECTS:
                    return True
    return False


def seized_goods_near(matches: list[CueMatch], seg: Span) -> bool:
    """A seizing verb ("seized", "confiscated") whose object names goods, not weapons ("5 tons of
    marijuana", "packs of smuggled cigarettes", "the phones of the passengers")."""
    for m in matches:
        if m.cue != "disrupt":
            continue
        tok = m.head(seg)
        if tok.lemma_.lower() not in SEIZE_VERBS:
            continue
        for obj in (c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")):
            if any(t.lemma_.lower() in GOODS or t.lower_ in GOODS for t in obj.subtree):
                return True
    return False
