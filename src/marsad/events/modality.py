"""Modality: is a trigger a reported occurrence, or a plan, threat, denial, negation or habit?

ACLED codes what happened. A trigger is dropped when its clause is negated ("no clashes", "did not
attack"), carries a modal ("would attack", "could strike"), sits under an irrealis head ("plan to",
"threatened to", "denied", "ability to", "aim to"), or is in a present-tense habitual clause ("are
carrying out operations"). A sentence that sums up a period ("in recent days", "these operations
have ...") reports no single event, and neither does background: commentary about the time before the
reporting period ("the ceasefire agreed last year", "since 2019") or a habitual perfect ("the area has
seen repeated violations", "militants have carried out frequent attacks"). A coder reading such a line
finds no occurrence with a date and place to code.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from marsad.events.lexicon import Lexicon

_CLIMB = frozenset(
    "xcomp ccomp advcl conj acl relcl pcomp pobj prep dobj nsubj nsubjpass attr appos compound amod "
    "npadvmod advmod oprd dative agent nmod poss".split()
)
_SPAN_OF_TIME = re.compile(
    r"\b(?:in|over|during|within|for)\s+(?:the\s+)?(?:past\s+|last\s+|first\s+|previous\s+)?"
    r"(?:\w+\s+)?(?:days|weeks|months|years|decades)\b"
)
_PAST_AUX = frozenset(("was", "were", "had", "did", "been"))
_SUBJECT = frozenset(("nsubj", "nsubjpass", "agent", "csubj"))
# Verbs whose past form is their base form: "airstrikes hit a compound" after a past date is often
# tagged present (VBP) though it tells a past event.
_SAME_PAST = frozenset("hit cut put set shut beat hurt spread cast burst let quit shed split upset".split())
# "when police intervened": a clause of the same moment states what happened, even under an irrealis
# head ("a mob attempted to capture two men when police shot at them"). "after"/"before" clauses tell
# another moment, most often the cause told as background, and stay under their head.
_TEMPORAL_MARKS = frozenset(("when", "as", "while"))
# "police are accused of assaulting", "guards were alleged to have beaten": an accusation reports
# an occurrence in ACLED's coding (it codes alleged events), unless it is negated.
_ACCUSE = frozenset(("accuse", "allege", "suspect", "report", "say", "claim", "believe"))
# Irrealis heads that are attempts at an act: a verb coordinated with them happened ("police
# prevented and detained 5 people", "tried and failed"). Speech heads ("condemned ... and termed",
# "denied ... and said") are different: what their conjuncts carry is still reported speech.
_ATTEMPT_HEADS = frozenset(("prevent", "attempt", "try", "seek", "confront", "counter", "combat", "deter"))


def _in(tok: Token, seg: Span) -> bool:
    return seg.start <= tok.i < seg.end


def chain(trigger: Token, seg: Span) -> list[Token]:
    """The trigger and its governors up to the clause root, within the segment."""
    out = [trigger]
    tok = trigger
    while tok.dep_ in _CLIMB and tok.head.i != tok.i and _in(tok.head, seg) and len(out) < 12:
        tok = tok.head
        out.append(tok)
    return out


def _tense(verb: Token) -> str:
    """past, perfect, present, participle, base or modal, from the verb's tag and auxiliaries."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" for a in auxes):
        return "modal"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lower_ in _PAST_AUX for a in auxes):
        return "past"
    if any(a.lemma_ == "have" for a in auxes):
        return "perfect"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    if verb.tag_ == "VBN":
        return "past"  # headline participle: "Five killed in blast"
    if verb.tag_ == "VBG":
        return "participle"
    return "base"


def is_factual(trigger: Token, seg: Span, lex: Lexicon, headline: bool = False) -> bool:
    """True when the trigger reports something that happened (see the module docstring).

    In a headline the present tense reports a past event ("Gunmen kill five in ..."): headlines are
    written in the historical present, so only modals, negation and irrealis heads drop a trigger there.
    """
    negators = lex.contexts["negators"]
    modals = lex.contexts["modal_lemmas"]
    irrealis = lex.contexts["irrealis_heads"]
    toks = chain(trigger, seg)
    for c in trigger.children:
        if c.dep_ in ("neg", "det") and c.lower_ in negators:
            return False
    finite_seen = False
    dated = any(t.ent_type_ == "DATE" for t in seg)
    for i, tok in enumerate(toks):
        if i > 0 and _accusation(tok, toks[i - 1]):
            return True
        coordinated = toks[i - 1].dep_ == "conj" and tok.pos_ == "VERB" and tok.lemma_.lower() in _ATTEMPT_HEADS
        if i > 0 and tok.lemma_.lower() in irrealis and toks[i - 1].dep_ not in _SUBJECT and not coordinated:
            # "threatened to attack", but not "protesters demanded" (a subject is real) nor "prevented
            # and detained" (a verb coordinated with the irrealis one is no complement of it)
            return False
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        for c in tok.children:
            if c.dep_ == "neg" or (c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("nobody", "none", "no") and not _numero(c)):
                return False
            if c.dep_ == "aux" and c.lemma_.lower() in modals:
                return False
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return False
        if trigger.pos_ == "VERB" and tok.dep_ == "advcl" and tok.tag_ == "VBD" and _same_moment(tok) and _past_narration(toks[i + 1 :]):
            return True  # a past temporal clause in a past narration happened, whatever the main clause says
        if finite_seen:
            continue
        tense = _tense(tok)
        if tense == "present" and tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and _tense(tok.head) == "past":
            tense = "past"  # conjoined verbs share their tense; a present tag there is a mis-tag
        if tense == "present" and dated and tok.tag_ == "VBP" and tok.lower_ in _SAME_PAST and not any(
            c.dep_ in ("aux", "auxpass") for c in tok.children
        ):
            tense = "past"  # "On 1 May, airstrikes hit a compound"
        if tense in ("participle", "base"):
            continue  # look at the governing verb
        finite_seen = True
        if tense == "modal" or (tense == "present" and not headline):
            return False
    return True


def _same_moment(verb: Token) -> bool:
    """A clause opened by "when"/"as"/"while" (the parse may hang the word on a coordinated verb:
    "when police intervened and fired")."""
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj")]
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in _TEMPORAL_MARKS for v in verbs for c in v.children)


def _past_narration(heads: list[Token]) -> bool:
    """The governing clauses tell the past ("a mob attempted to ..."), not a modal or present comment
    ("one can only compare it with the riots, when ...")."""
    for tok in heads:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        tense = _tense(tok)
        if tense in ("participle", "base"):
            continue
        return tense == "past"
    return False


def _numero(tok: Token) -> bool:
    """The abbreviation of "number" ("No. 5", "No 12"), not a negation."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return tok.text in ("No", "no") and nxt is not None and (nxt.text == "." or nxt.like_num)


def _accusation(tok: Token, below: Token) -> bool:
    """``tok`` accuses or alleges the act below it: "were accused of assaulting", "alleged to have stabbed",
    "reported to have killed" (a perfect infinitive states a past act). Negated accusations do not count."""
    if tok.lemma_.lower() not in _ACCUSE or any(c.dep_ == "neg" for c in tok.children):
        return False
    if below.lower_ == "of" and below.dep_ == "prep" and tok.lemma_.lower() in ("accuse", "suspect"):
        return tok.tag_ == "VBN"  # "police are accused of assaulting"; not "accusing him of ..."
    if below.dep_ in ("xcomp", "ccomp") and below.tag_ == "VBN":
        aux = [c.lower_ for c in below.children if c.dep_ in ("aux", "auxpass")]
        return "to" in aux and "have" in aux
    return False


def is_summary(seg: Span, lex: Lexicon, has_date: bool) -> bool:
    """A sentence that sums up a period or comments on earlier events rather than reporting one."""
    low = seg.text.lower()
    if not has_date and lex.has_context("vague_time", low):
        return True
    if not has_date and _SPAN_OF_TIME.search(low):
        return True  # "Dozens have died over the past six weeks": a tally over a period
    if not has_date and any(t.lower_ in lex.contexts["vague_time"] for t in seg):
        return True
    for tok in seg:
        # "This was one of five attacks that day": a tally of events, not an event.
        if tok.dep_ == "attr" and tok.lower_ in ("one", "first", "second", "third", "last", "part", "latest") and tok.head.lemma_ == "be":
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                return True
    head = " ".join(t.lower_ for t in seg[:3] if not t.is_punct)
    return any(head.startswith(p) for p in lex.multiword_contexts["summary_subject"] + tuple(
        w for w in lex.contexts["summary_subject"]
    ))


def is_background(seg: Span, lex: Lexicon, dated: bool) -> bool:
    """Commentary on the time before the reporting period, or a habit, not an occurrence (see the
    module docstring). A sentence with a date of its own is never background: the date anchors an
    occurrence ("On 3 May, the town, which has seen repeated attacks, was shelled")."""
    if dated:
        return False
    low = seg.text.lower()
    if lex.has_context("background_time", low) or any(t.lower_ in lex.contexts["background_time"] for t in seg):
        return True
    for tok in seg:
        # "since 2019", "since the war began": a state lasting up to now, not a dated occurrence
        if tok.lower_ == "since" and tok.dep_ in ("prep", "mark") and tok.head.pos_ in ("VERB", "AUX"):
            return True
    root = seg.root
    if root.pos_ not in ("VERB", "AUX") or _tense(root) != "perfect":
        return False
    if root.lemma_.lower() in lex.contexts["background_verbs"]:
        return True  # "the area has seen ...", "the town has been the scene of ..."
    habitual = lex.contexts["habitual_mods"]
    return any(t.dep_ == "amod" and t.lower_ in habitual for t in seg)
