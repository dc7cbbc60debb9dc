"""Event extraction: sentences -> factual triggers -> typed candidates -> events -> Mentions.

Steps per document:
1. segments: spaCy sentences, also split at line breaks (headings and paragraphs are separate);
2. per segment: lexicon cues (``extraction.lexicon``), dropped when non-factual (``modality``); a
   summary sentence ("in recent days", "these operations have ...") yields nothing;
3. per segment: features -> scores per sub-event type (``classify.score_types``); the best type is
   the segment's candidate; a segment with only an "operation" cue is *weak*: it lends its date and
   place to the next segment's event (it is dropped when no event follows, unless the document has
   no other event at all);
4. grouping: consecutive candidates of the same type with no new date join one event (one event = one
   interaction, same actors, one place, one day);
5. per event: date (own expression, else the previous event's, else the last date written before,
   else publication with precision 2), counts, actors, claim, place hints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token

from marsad.events import counts
from marsad.events.actors import (
    Actor,
    canonical_actor,
    conflict_opponent,
    default_actor,
    infer_country,
    load_actor_book,
)
from marsad.events.classify import (
    Features,
    arguments,
    disrupt_object_near,
    kind_of,
    label_of,
    np_text,
    score_types,
    seized_goods_near,
)
from marsad.events.dates import DateFound, find_dates
from marsad.events.lexicon import CueMatch, Lexicon, load_lexicon
from marsad.events.modality import is_background, is_factual, is_summary
from marsad.model import Evidence, Mention
from marsad.model.event import EVENT_TYPE_OF
from marsad.pipeline import Analysis, stage
from marsad.resources import Resources

_VIOLENT_TYPES = frozenset(("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"))
_HARM = frozenset(("kill", "wound", "injure", "shoot", "die"))
REPORT_VERBS = frozenset("say tell claim report announce confirm state add note reveal according".split())
QUALIFIERS = ("outskirts of", "north of", "south of", "east of", "west of", "near", "northern", "southern",
              "eastern", "western", "central", "outside", "around", "close to")  # fmt: skip
ARG_CUES = frozenset(
    ("attack", "clash", "assault", "smallarms", "abduct", "arrest", "air", "shell", "ied", "protest", "riot", "mob",
     "protest_weak", "aid", "overtake")
)  # fmt: skip
ESCALATION = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters", "Violent demonstration")
ARMED_KINDS = frozenset(("armed", "military", "police", "unknown", "gang"))
STATE_DEFAULT = frozenset(("Arrests", "Disrupted weapons use", "Government regains territory"))
NONSTATE_DEFAULT = frozenset(
    ("Attack", "Abduction/forced disappearance", "Sexual violence", "Remote explosive/landmine/IED", "Suicide bomb",
     "Grenade", "Chemical weapon", "Non-state actor overtakes territory")
)  # fmt: skip


@dataclass
class Candidate:
    seg_index: int
    seg: Span
    sub: str
    score: float
    trigger: Token | None
    weak: bool
    dates: list[DateFound]
    deaths: int | None
    others: list[Token] = field(default_factory=list)  # every factual trigger, verbs first
    patients: set[str] = field(default_factory=set)  # actor kinds acted upon
    consequence: bool = False  # only tells the toll of the event before (see _is_consequence)
    continuation: bool = False  # elaborates the event before ("the bombardment lasted", "repelled the assault")
    headline: bool = False  # the document's title line


@dataclass
class Group:
    members: list[Candidate] = field(default_factory=list)

    @property
    def main(self) -> Candidate:
        return max(
            self.members, key=lambda c: (not c.weak, not c.consequence, not c.continuation, not c.headline, c.score)
        )


def segments(doc: Doc) -> list[Span]:
    """Sentences, split again at line breaks (spaCy joins a heading to the next line)."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if "\n" in tok.text:
                if tok.i > start:
                    out.append(doc[start : tok.i])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    return [s for s in out if any(not t.is_space and not t.is_punct for t in s)]


def _drop_overlaps(matches: list[CueMatch]) -> list[CueMatch]:
    """Longest match wins where phrases overlap ("rocket-propelled grenade" is not a grenade)."""
    keep: list[CueMatch] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if any(m.start < k.end and k.start < m.end and (k.end - k.start) > (m.end - m.start) for k in keep):
            continue
        keep.append(m)
    return sorted(keep, key=lambda m: m.start)


def _describes(tok: Token, ops: set[int]) -> bool:
    return tok.dep_ in ("acl", "relcl", "amod", "compound") and tok.head.i in ops


def _candidate(
    i: int, seg: Span, lex: Lexicon, country: str | None, ref: date, model: Any = None
) -> Candidate | None:
    dates = find_dates(seg.text, ref)
    if is_summary(seg, lex, bool(dates)) or is_background(seg, lex, bool(dates)):
        return None
    headline = i == 0 and _is_headline(seg)
    matches = [
        m
        for m in _drop_overlaps(lex.match(list(seg)))
        if _fits_pos(m, seg, lex) and is_factual(m.head(seg), seg, lex, headline)
    ]
    matches = [m for m in matches if m.cue != "intervene" or _intervenes(m, seg, lex, country, ref)]
    # "an operation targeting IS camps": a verb describing an operation is part of the operation.
    ops = {m.head(seg).i for m in matches if m.cue == "operation"}
    matches = [m for m in matches if m.cue == "operation" or not _describes(m.head(seg), ops)]
    label = label_of(seg)
    if not matches and not (label and dates):
        return None  # an ACLED-style label with a date ("Security measures: On 1 May ...") is an event
    f = Features(label=label)
    for m in matches:
        f.cues.setdefault(m.cue, []).append(m)
    f.deaths = counts.fatalities(seg)
    f.disrupt_object = disrupt_object_near(matches, seg)
    f.seized_goods = seized_goods_near(matches, seg)
    low = seg.text.lower()
    f.two_way = lex.has_context("two_way", low) is not None
    strong = lex.contexts["strong_intervene"]
    f.strong_intervention = any(
        m.phrase.replace(" - ", "-") in strong or m.phrase in lex.multiword_contexts["strong_intervene"]
        for m in f.cues.get("intervene", [])
    )
    f.frontline = lex.has_context("frontline", low) is not None or any(
        t.lower_ in lex.contexts["frontline"] for t in seg
    ) or any(_heard(m.head(seg), lex) for m in matches if m.cue == "ied")
    trig_by_cue: dict[str, Token] = {}
    all_trigs: list[Token] = []
    for m in matches:
        tok = m.head(seg)
        all_trigs.append(tok)
        if m.cue not in trig_by_cue or (tok.pos_ == "VERB" and trig_by_cue[m.cue].pos_ != "VERB"):
            trig_by_cue[m.cue] = tok
        if m.cue in ARG_CUES:
            agent, patient = arguments(tok)
            k = kind_of(patient, lex, country, ref)
            if k:
                f.patient_kinds.add(k)
            k = kind_of(agent, lex, country, ref)
            if k:
                f.agent_kinds.add(k)
            if agent is not None and _crowd(agent, lex, k, matches):
                f.crowd_agent = True
    if not f.patient_kinds and f.has("attack", "smallarms", "shell", "assault"):
        # The parse may hang "at the positions" on a mis-tagged word: any "at/on/against X" in the
        # sentence names the target then.
        for tok in seg:
            if tok.dep_ == "pobj" and tok.head.lower_ in ("at", "on", "against") and tok.ent_type_ not in ("DATE", "TIME"):
                k = kind_of(tok, lex, country, ref)
                if k:
                    f.patient_kinds.add(k)
                    break
    scores = score_types(f)
    if model is not None:
        # A user's trained model re-weighs the rules' types; it never detects an event on its own.
        scores = model.blend(scores, seg.text)
    if not scores:
        if f.has("operation"):
            return Candidate(i, seg, "Armed clash", 1.0, trig_by_cue["operation"], True, dates, f.deaths, all_trigs)
        return None
    sub, score = max(scores.items(), key=lambda kv: kv[1])
    trigger = _trigger_for(sub, trig_by_cue)
    others = sorted(all_trigs, key=lambda t: t.pos_ != "VERB")
    cand = Candidate(i, seg, sub, score, trigger, False, dates, f.deaths, others)
    cand.patients = set(f.patient_kinds)
    cand.consequence = _is_consequence(matches, seg, lex, dates)
    cand.continuation = not dates and _continues(trigger, [m.head(seg) for m in matches])
    cand.headline = headline
    return cand


def _crowd(agent: Token, lex: Lexicon, kind: str | None, matches: list[CueMatch]) -> bool:
    """The doer is a crowd or several unarmed people ("villagers", "a group of 10 youths", "guests at
    a wedding party"), not armed men: their violence is mob violence in ACLED's coding. Men
    who shoot or stab are armed men, however they are called."""
    if agent.lemma_.lower() in lex.contexts["mob_agents"]:
        return True
    if kind not in ("civilian", "rioter", "protester"):
        return False
    if any(m.cue == "smallarms" or m.phrase in lex.contexts["armed_acts"] for m in matches):
        return False
    if agent.lemma_.lower() in ("man", "individual", "person", "woman", "member"):
        return False
    words = {t.lemma_.lower() for t in agent.subtree if t.i < agent.i + 6}
    if words & lex.contexts["mob_agents"]:
        return True  # "a group of local youths"
    several = agent.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in agent.children)
    return several or agent.lemma_.lower() in ("group", "crowd", "dozens", "hundreds")


def _continues(trigger: Token | None, heads: list[Token]) -> bool:
    """A sentence elaborating the event just told: its trigger is a definite event noun ("Residents said
    the bombardment lasted an hour") or acts on one ("Security forces repelled the assault"). With no
    date of its own it names no new occurrence."""
    if trigger is None:
        return False
    if _refers_back(trigger):
        return True
    events = {t.i for t in heads}
    for c in trigger.children:
        objs = [c] if c.dep_ in ("dobj", "nsubjpass") else [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else []
        if any(o.i in events and _refers_back(o) for o in objs):
            return True
    return False


def _heard(tok: Token, lex: Lexicon) -> bool:
    """Blasts counted or heard from afar ("monitors observed 12 explosions", "residents heard
    explosions"): the object of a perception verb, not a bomb that went off."""
    for _ in range(3):
        if tok.head.i == tok.i:
            return False
        if tok.dep_ in ("dobj", "pobj", "nsubjpass") and tok.head.lemma_.lower() in lex.contexts["blast_heard"]:
            return True
        tok = tok.head
    return False


def _is_headline(seg: Span) -> bool:
    """A title line: the document's first segment, short and without a closing full stop."""
    last = seg[-1]
    return len(seg) <= 20 and last.text not in (".", "!", "?") and "\n" in seg.doc.text[seg.end_char : seg.end_char + 2]


def _fits_pos(m: CueMatch, seg: Span, lex: Lexicon) -> bool:
    """Cue words that are events only as verbs ("forces fired on", not "a fire broke out") or only as
    nouns ("an accord", not "according to"); no cue inside a date ("3 March 2021" is no march)."""
    if seg.doc[m.start].ent_type_ == "DATE" and seg.doc[m.start].pos_ == "PROPN":
        return False
    if m.phrase in lex.contexts["noun_only"]:
        return m.head(seg).pos_ in ("NOUN", "PROPN")  # "an accord", not "according to"
    if m.phrase not in lex.contexts["verb_only"] and m.phrase not in lex.multiword_contexts["verb_only"]:
        return True
    return m.head(seg).pos_ in ("VERB", "AUX")


def _intervenes(m: CueMatch, seg: Span, lex: Lexicon, country: str | None, ref: date) -> bool:
    """Is an intervention cue an intervention against the protest? Tear gas and water cannon always are;
    "blocked", "arrested", "stopped" only when state forces do it or the protesters undergo it
    ("protesters blocked a road" is the protest itself; "condemning the arrest of X" is its reason)."""
    if m.phrase not in lex.contexts["weak_intervene"] and m.phrase not in lex.multiword_contexts["weak_intervene"]:
        return True
    tok = m.head(seg)
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    agent, _ = arguments(tok)
    kind = kind_of(agent, lex, country, ref)
    if kind in ("military", "police"):
        return True
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    return passive and kind is None


def _is_consequence(matches: list[CueMatch], seg: Span, lex: Lexicon, dates: list[DateFound]) -> bool:
    """A sentence that only tells the toll of an event already reported ("Eight people were killed and
    ten injured in the blast"): death and injury words, no date of its own, no named perpetrator."""
    if dates and any(d.explicit for d in dates):
        return False
    cons = lex.contexts["consequence"]
    tolls = 0
    for m in matches:
        tok = m.head(seg)
        if _refers_back(tok):
            continue  # "in the blast", "this attack": the event already told
        if m.cue not in ("attack", "operation") or m.phrase not in cons:
            return False
        tolls += 1
        agent, _ = arguments(tok)
        passive = tok.tag_ == "VBN" or any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if agent is not None and not passive and not _refers_back(agent):
            return False  # "gunmen killed two more": a perpetrator acting again is an event
    return tolls > 0


def _refers_back(tok: Token) -> bool:
    """A definite event noun ("the attack", "this blast", "the explosion"): a reference, not news."""
    return tok.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "its") for c in tok.children)


_CUE_FOR_SUB = {
    "Armed clash": ("clash", "assault", "attack", "smallarms", "operation"), "Attack": ("attack", "assault", "smallarms"), "Arrests": ("arrest",),
    "Air/drone strike": ("air", "attack"), "Shelling/artillery/missile attack": ("shell", "attack"),
    "Remote explosive/landmine/IED": ("ied",), "Suicide bomb": ("suicide",), "Grenade": ("grenade",),
    "Abduction/forced disappearance": ("abduct",), "Sexual violence": ("sexual",),
    "Disrupted weapons use": ("disrupt",),
    "Protest with intervention": ("protest",), "Excessive force against protesters": ("protest",),
    "Violent demonstration": ("riot", "protest"), "Mob violence": ("mob", "attack"),
    "Looting/property destruction": ("loot", "disrupt"), "Peaceful protest": ("protest", "protest_weak"), "Agreement": ("agreement",),
    "Government regains territory": ("regain",), "Non-state actor overtakes territory": ("overtake",),
    "Non-violent transfer of territory": ("transfer",), "Headquarters or base established": ("base",),
    "Change to group/activity": ("change", "aid"), "Chemical weapon": ("chemical",),
}  # fmt: skip


def _trigger_for(sub: str, trig_by_cue: dict[str, Token]) -> Token | None:
    for cue in _CUE_FOR_SUB.get(sub, ()):
        if cue in trig_by_cue:
            return trig_by_cue[cue]
    return next(iter(trig_by_cue.values()), None)


def _group(cands: list[Candidate]) -> list[Group]:
    groups: list[Group] = []
    pending: Candidate | None = None
    for c in cands:
        if c.weak:
            pending = c
            continue
        if pending is not None and pending.seg_index == c.seg_index - 1 and not c.dates:
            groups.append(Group([pending, c]))
            pending = None
            continue
        pending = None
        last = groups[-1] if groups else None
        if (
            last is not None
            and last.main.sub in ESCALATION
            and c.sub in ESCALATION
            and not any(d.explicit for d in c.dates)
            and last.members[-1].seg_index >= c.seg_index - 2
        ):
            # One demonstration told over several sentences ("... demonstrated. Rioters burned tyres and
            # police dispersed them"): one event, coded by its most serious turn.
            main = last.main
            if ESCALATION.index(c.sub) > ESCALATION.index(main.sub):
                main.sub = c.sub
            last.members.append(c)
            continue
        if c.continuation and last is not None and not last.main.weak and last.members[-1].seg_index >= c.seg_index - 2:
            # The same incident told again: "the bombardment" adds no date, place or actor. Security
            # forces repelling "the assault" show the attack met armed resistance: an armed clash.
            main = last.main
            if main.sub == "Attack" and c.sub == "Armed clash" and "civilian" not in main.patients:
                main.sub = "Armed clash"
            last.members.append(c)
            continue
        if (
            c.consequence
            and last is not None
            and not last.main.weak
            and last.members[-1].seg_index >= c.seg_index - 2
            and EVENT_TYPE_OF[last.main.sub] in _VIOLENT_TYPES
        ):
            # The toll of the event just told: its deaths join that event. Killed soldiers or police
            # after "attacked the village" show the attack met armed men: an armed clash.
            main = last.main
            if main.sub == "Attack" and c.patients & ARMED_KINDS and "civilian" not in c.patients:
                main.sub = "Armed clash"
            last.members.append(c)
            continue
        if (
            last is not None
            and last.main.sub == c.sub
            and not c.dates
            and last.members[-1].seg_index == c.seg_index - 1
        ):
            last.members.append(c)
            continue
        groups.append(Group([c]))
    if not groups and pending is not None:
        groups.append(Group([pending]))
    return _merge_headline(groups)


def _merge_headline(groups: list[Group]) -> list[Group]:
    """A title line announces the story the body tells: "Shelling hits villages" above "Government
    forces shelled Kansafra on Thursday" is one event. A headline-only group with no date of its own
    joins the first later event of the same event type (the body's date, place and actors win)."""
    if len(groups) < 2 or not all(m.headline for m in groups[0].members):
        return groups
    head = groups[0]
    if any(m.dates for m in head.members):
        return groups
    kind = EVENT_TYPE_OF[head.main.sub]
    for g in groups[1:]:
        if EVENT_TYPE_OF[g.main.sub] == kind:
            g.members[:0] = head.members
            return groups[1:]
    return groups


def _toll_after(g: Group, segs: list[Span], used: set[int]) -> list[int]:
    """Deaths told in the sentence right after an event that reports no event itself ("The death toll
    rose to 12.", "1 fatality."): they belong to that event."""
    nxt = g.members[-1].seg_index + 1
    if nxt >= len(segs) or nxt in used:
        return []
    n = counts.fatalities(segs[nxt])
    return [n] if n is not None else []


def _np_actor(tok: Token | None, country: str | None, on: date) -> Actor | None:
    if tok is None:
        return None
    return canonical_actor(np_text(tok), country, on)


def _actors(g: Group, country: str | None, on: date, prev: Actor | None) -> tuple[Actor | None, Actor | None]:
    main = g.main
    sub = main.sub
    a1 = a2 = None
    a1_tok: Token | None = None
    fallen: list[Token] = []  # who was killed or hurt by an unnamed hand ("three gang members were killed")
    for c in sorted(g.members, key=lambda c: c.weak):
        for trig in [c.trigger, *c.others] if c.trigger is not None else c.others:
            if c is not main and _refers_back(trig):
                continue  # "the officer survived the attack": the subject of a reference is no party
            agent, patient = arguments(trig)
            if agent is None and patient is not None and trig.lemma_.lower() in _HARM:
                fallen.append(patient)
            if a1 is None and agent is not None:
                a1 = _np_actor(agent, country, on)
                a1_tok = agent if a1 is not None else None
            a2 = a2 or _np_actor(patient, country, on)
            if a1 is None and agent is not None and agent.pos_ == "PRON" and prev is not None:
                a1 = prev
    et = EVENT_TYPE_OF[sub]
    if sub == "Armed clash" and fallen:
        # "X were killed after exchanging fire with police": the side that fell is the target; the
        # side it fought did the killing and comes first.
        if a1 is not None and a2 is not None and a1_tok is not None and any(a1_tok.i == t.i for t in fallen):
            a1, a2 = a2, a1
        elif a1 is None and a2 is not None and a2.kind in ("military", "police"):
            victim = next((v for t in fallen if (v := _np_actor(t, country, on)) is not None and v.name != a2.name), None)
            if victim is not None and victim.kind not in ("military", "police", "civilian"):
                a1, a2 = a2, victim
    if et in ("Battles", "Explosions/Remote violence"):
        a1, a2 = _conflict_dyad(a1, a2, country, on)
    if et == "Protests":
        if a1 is not None and a1.kind in ("military", "police"):
            a2 = a1
        a1 = default_actor("protester", country, on)
        if sub == "Peaceful protest":
            a2 = None
        elif a2 is None:
            a2 = default_actor("police", country, on)
    elif et == "Riots":
        a1 = default_actor("rioter", country, on)
    elif a1 is None or a1.kind == "civilian":
        if sub in STATE_DEFAULT or (sub == "Armed clash" and a2 is not None and a2.kind in ("group", "unknown", "gang")):
            a1 = default_actor("military", country, on)
        elif sub in NONSTATE_DEFAULT or sub == "Armed clash":
            if a1 is not None and a1.kind == "civilian" and a2 is None:
                a2 = a1
            a1 = default_actor("unknown", country, on)
        elif sub == "Air/drone strike" or sub == "Shelling/artillery/missile attack":
            a1 = default_actor("military", country, on) if (a2 and a2.kind != "military") else default_actor("unknown", country, on)
    if et == "Violence against civilians" and (a2 is None or a2.kind != "civilian"):
        a2 = default_actor("civilian", country, on)
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2 = None
    return a1, a2


def _conflict_dyad(a1: Actor | None, a2: Actor | None, country: str | None, on: date) -> tuple[Actor | None, Actor | None]:
    """Fighting or shelling with no side named, in a country whose war has a known dyad (Donbas:
    Ukraine's forces and the separatists): a coder assigns the warring parties, state first, not an
    unidentified group. A named side keeps its place; the other becomes its known opponent."""
    opp = conflict_opponent(country, on)
    if opp is None:
        return a1, a2
    state = default_actor("military", country, on)
    unnamed = (None, "unknown", "civilian")
    k1 = a1.kind if a1 is not None else None
    k2 = a2.kind if a2 is not None else None
    if k1 in unnamed and k2 in unnamed:
        return state, (a2 if k2 == "civilian" else opp)
    if k1 in unnamed and a2 is not None:
        return (opp if a2.name == state.name else state if a2.name == opp.name else a1), a2
    if a1 is not None and k2 in (None, "unknown"):
        return a1, (opp if a1.name == state.name else state if a1.name == opp.name else a2)
    return a1, a2


def _claim(segs: list[Span], idx: list[int]) -> str | None:
    """Who the text says reported the event: "X said", "according to X", in or after the evidence."""
    for i in [*idx, idx[-1] + 1]:
        if i >= len(segs):
            continue
        for tok in segs[i]:
            if tok.lemma_ == "accord" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                pobj = next((c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return "according to " + " ".join(t.text for t in pobj.subtree)
            if tok.lemma_ in REPORT_VERBS and tok.pos_ == "VERB":
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.pos_ != "PRON":
                    sub = list(subj.subtree)
                    return tok.doc[sub[0].i : sub[-1].i + 1].text + " " + tok.text
    return None


# Words after which "of X" names where an event is ("the countryside of X", "south of X").
_OF_PLACE = frozenset("""countryside outskirts vicinity suburbs north south east west northeast northwest southeast
    southwest town village city area district province governorate region""".split())


def _place_hints(
    analysis: Analysis, g: Group, countries: frozenset[str], previous: list[str] | None
) -> tuple[list[str], str | None]:
    text = analysis.document.text
    spans = [(m.seg.start_char, m.seg.end_char) for m in g.members]
    lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
    named = [t for t in analysis.toponyms if t.kind != "site"]
    inside = [t for t in named if any(s <= t.start < e for s, e in spans)]
    hints: list[str] = [t.text for t in inside]
    qualifier = next((t.qualifier for t in inside if t.qualifier), None)
    doc = analysis.doc
    ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
    for e in ents:
        if any(s <= e.start_char < en for s, en in spans):
            hints.append(e.text)
    for m in g.members:  # proper nouns after "in"/"near"/"at": "in al-Mansuriya", "near Zab River",
        for tok in m.seg:  # or after "countryside of", "south of": "in the southern countryside of Idlib"
            if tok.dep_ == "pobj" and tok.pos_ == "PROPN" and tok.head.lower_ in ("in", "near", "at", "around", "outside"):
                hints.append(np_text(tok))
            elif (tok.dep_ == "pobj" and tok.pos_ == "PROPN" and tok.head.lower_ == "of"
                  and tok.head.head.lower_ in _OF_PLACE and analysis.country is not None):
                # (only where the country is known: a bare name abroad is too loose a guess)
                end = tok.i
                while end + 1 < len(tok.doc) and tok.doc[end + 1].pos_ == "PROPN" and tok.doc[end + 1].head.i in range(tok.i, end + 1):
                    end += 1  # "Tell Abiad", which the small model parses as a verb and its object
                hints.append(tok.doc[tok.i : end + 1].text if end > tok.i else np_text(tok))
    hints = [h for h in hints if h.lower() not in countries] + [h for h in hints if h.lower() in countries]
    if (not hints or hints[0].lower() in countries) and previous:
        hints = previous + hints  # "An IS militant was also arrested": the place of the event before
    before = [t.text for t in named if t.end <= lo][::-1]
    before += [e.text for e in ents if e.end_char <= lo and e.text.lower() not in countries][::-1]
    hints.extend(before[:3])  # last resort for the geocoder: the places named just before
    if not hints:
        hints.extend(e.text for e in ents if e.start_char >= hi)
    seen: set[str] = set()
    uniq: list[str] = []
    # A raw entity or noun phrase may run across a parenthesis ("Penas Blancas (Alajuela"): its parts
    # are the names, as the recogniser splits them.
    hints = [part.strip(" ,;") for h in hints for part in re.split(r"[()]", h)]
    for h in hints:
        if not h:
            continue
        if h.lower() not in seen:
            seen.add(h.lower())
            uniq.append(h)
    if qualifier is None and uniq:
        at = text.find(uniq[0], lo)
        if at > 0:
            before_text = text[max(0, at - 20) : at].lower()
            qualifier = next((q for q in QUALIFIERS if before_text.rstrip().endswith(q)), None)
    return uniq, qualifier


@stage("extract", requires=("doc", "toponyms", "country", "admin1"), produces=("mentions",), version="2")
def extract(analysis: Analysis, resources: Resources) -> Analysis:
    """Fill ``analysis.mentions`` with the events the document reports (see the module docstring)."""
    document = analysis.document
    doc = analysis.doc
    ref = document.reference_date
    lex = load_lexicon()
    country = infer_country(document.text, analysis.country or resources.country_hint)
    segs = segments(doc)
    cands = [c for i, s in enumerate(segs) if (c := _candidate(i, s, lex, country, ref, resources.model)) is not None]
    groups = _group(cands)
    coded = counts.coded_fatalities(document.text)
    seg_dates = {i: find_dates(s.text, ref) for i, s in enumerate(segs)}
    used = {c.seg_index for c in cands}
    mentions: list[Mention] = []
    country_words = frozenset(load_actor_book().country_alias)
    prev_date: tuple[date, int, str | None] | None = None
    prev_actor: Actor | None = None
    for n, g in enumerate(groups):
        idx = sorted({m.seg_index for m in g.members})
        own = next((d for m in g.members for d in m.dates), None)
        when: tuple[date, int, str | None]
        if own is not None:
            when = (own.value, own.precision, own.text)
        elif prev_date is not None:
            when = prev_date
        else:
            earlier = [d for i in range(idx[0] - 1, -1, -1) for d in seg_dates[i][::-1]]
            when = (earlier[0].value, earlier[0].precision, earlier[0].text) if earlier else (ref, 2, None)
        prev_date = when
        main = g.main
        deaths = [m.deaths for m in g.members if m.deaths is not None]
        if not deaths:
            deaths = _toll_after(g, segs, used)
        fat = max(deaths) if deaths else 0
        if coded is not None and len(groups) == 1:
            fat = coded
        inj = [counts.injuries(m.seg) for m in g.members]
        arr = [counts.arrests(m.seg) for m in g.members]
        arrests = max([a for a in arr if a is not None], default=0)
        if main.sub == "Arrests" and arrests == 0:
            arrests = 1
        a1, a2 = _actors(g, country, when[0], prev_actor)
        prev_actor = a1 or prev_actor
        hints, qualifier = _place_hints(analysis, g, country_words, mentions[-1].place_hints if mentions else None)
        conf = min(0.95, 0.25 + 0.1 * main.score + (0.08 if own is not None else 0.0) + (0.05 if fat else 0.0))
        conf = max(0.05, conf - 0.04 * n - (0.3 if main.weak else 0.0))
        mentions.append(
            Mention(
                doc_id=document.id,
                index=n,
                event_type=EVENT_TYPE_OF[main.sub],
                sub_event_type=main.sub,
                event_date=when[0],
                time_precision=when[1],
                actor1=a1.name if a1 else None,
                assoc_actor_1=a1.assoc if a1 else None,
                inter1=a1.inter if a1 else None,
                actor2=a2.name if a2 else None,
                assoc_actor_2=a2.assoc if a2 else None,
                inter2=a2.inter if a2 else None,
                fatalities=fat,
                injuries=max([i for i in inj if i is not None], default=0),
                arrests=arrests,
                confidence=conf,
                evidence=[Evidence(segs[i].text, segs[i].start_char, segs[i].end_char) for i in idx],
                claim=_claim(segs, idx),
                place_hints=hints,
                place_qualifier=qualifier,
                date_text=when[2],
            )
        )
    analysis.mentions = mentions
    return analysis
