"""What resolution compares: a mention reduced to the features that tell events apart.

A ``MentionRecord`` is built from a stored mention (or a synthetic one in the benchmark). It carries
no I/O and is cheap: resolution keeps only the mentions of a sliding date window in memory.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from marsad.model.event import EVENT_TYPE_OF

# Event types that sources code differently for one event (a "clash" in one report is an "attack"
# or "shelling" in another): resolution compares mentions within a family, never across.
FAMILY: dict[str, str] = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "demonstration",
    "Riots": "demonstration",
    "Strategic developments": "strategic",
}

_GENERIC_PREFIXES = (
    "civilians",
    "unidentified",
    "protesters",
    "rioters",
    "unknown",
    "military forces of unknown",
    "police forces of unknown",
)
_PAREN = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """the a an and or of in on at to for from by with as was were is are be been has have had that
    this these those it its their his her they he she we said says say told according also after
    before during while who which when where near into over about than more other some two one""".split()
)


def fold(text: str) -> str:
    """Lower case without accents: "Raqqa" and "Raqqah", "Dayr" and "Dayr" compare as a reader would."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in norm if not unicodedata.combining(ch)).lower()


def actor_key(name: str | None) -> str:
    """An actor's name without ACLED's period or country suffix, folded: "" for none."""
    if not name:
        return ""
    return " ".join(_WORD.findall(fold(_PAREN.sub(" ", name))))


def is_generic(key: str) -> bool:
    """Generic actors (civilians, unidentified gunmen, protesters) say little about which event it is."""
    return not key or key.startswith(_GENERIC_PREFIXES)


_CALENDAR = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday yesterday today""".split()
)


def stem(w: str) -> str:
    """A crude English stem, enough for two wordings of one fact: "killed", "killing", "kills"."""
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed") and not w.endswith("eed"):
        return w[:-2]
    return w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w


def text_tokens(texts: list[str]) -> frozenset[str]:
    """Content words and numbers of the evidence sentences (stop words dropped, crude plural fold).
    Calendar words and years are dropped: the date is compared on its own, and "On 9 July 2022"
    against "on Saturday" must not read as different wording."""
    out: set[str] = set()
    for t in texts:
        for w in _WORD.findall(fold(t)):
            if w in STOPWORDS or w in _CALENDAR or (len(w) < 3 and not w.isdigit()) or (len(w) == 4 and w.isdigit()):
                continue
            out.add(stem(w))
        out.update(acronyms(t))
    return frozenset(out)


_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][a-z]+)+")


def acronyms(text: str) -> set[str]:
    """The initials of the multi-word names a text writes out ("Popular Mobilisation Forces": "pmf"),
    so that a report naming a group by its initials shares a word with one that spells it out."""
    out = set()
    for m in _NAME_RUN.finditer(text):
        initials = "".join(w[0] for w in m.group(0).split() if w[0].isupper()).lower()
        if len(initials) >= 3:
            out.add(initials)
    return out


# Words that nearly every report of an armed-conflict or protest event writes: they say what kind of
# event it was (already compared as its type), not which one. In the wording comparison they weigh a
# fifth of a specific word ("checkpoint", "dockers", "Hamra", "salaries"), which is what two accounts of
# one event share and two events of one kind on one day in one city do not: a fixed stand-in for IDF.
FRAME_WORDS = frozenset(
    stem(w)
    for w in """killed killing kill dead death died deaths wounded wounding injured injuring injuries injury
    fatalities fatality casualties attack attacked attacks clash clashed clashes fighting fought fire fired
    shot shooting shelled shelling strike strikes airstrike airstrikes bomb bombing explosion exploded
    forces force military army troops soldiers soldier militants militant fighters fighter gunmen armed men
    man woman women people person persons group groups member members police officers security government
    regime state national local area city town village district province region countryside neighbourhood
    neighborhood centre center road street front positions position reported report reports reportedly
    coded unknown number least several dozens hundreds thousands protest protested protesters protesting
    demonstration demonstrated demonstrators demonstrating demanding demanded demand demands against
    rally gathered marched staged held organised organized blocked support calling called claimed claim
    civilians civilian victim victims identity perpetrators motive size no not later took place event
    incident following amid due because without while""".split()
)


# Who protests: the people a protest report names as marching ("teachers", "taxi drivers",
# "families of detainees"). On one day in one city, teachers in one report and traders in another are
# two protests, whatever else the two share (the city, the day, the lockdown both protest against).
PARTICIPANTS = frozenset(
    stem(w)
    for w in """teachers students pupils workers labourers laborers farmers traders vendors merchants
    shopkeepers doctors nurses medics lawyers judges journalists residents villagers families relatives
    mothers parents prisoners detainees inmates drivers riders taxi musicians artists artisans pensioners
    retirees employees staff unemployed graduates youths activists supporters members miners fishermen
    veterans refugees migrants migrant indigenous tenants transgender women engineers truckers
    contractors volunteers clerics imams monks nuns farmworkers peasants herders displaced""".split()
)


def participants(tokens: frozenset[str]) -> frozenset[str]:
    return tokens & PARTICIPANTS


_PLACE_PHRASE = re.compile(
    r"\b(?:in|near|at|around|outside|towards|village of|villages of|town of|city of|area of|outskirts of|district of|"
    r"vicinity of|forests? of|hills? of|mountains? of|valley of|neighbou?rhood of|locality of|localities of)\s+"
    r"((?:al-|el-|Al-|El-)?[A-Z][\w'’-]+(?:\s+(?:al-|el-)?[A-Z][\w'’-]+){0,2})"
)
_NOT_PLACES = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday the this that a an province state district capital city town
    village region area county governorate lga countryside outskirts suburb neighbourhood neighborhood
    municipality north south east west northern southern eastern western central""".split()
)


def place_words(texts: list[str]) -> frozenset[str]:
    """Words of the place names a text puts after "in", "near", "at", "village of" ...: what tells two
    otherwise identical reports of two villages' shelling apart when the geocoder could only place
    both in their province."""
    out: set[str] = set()
    for t in texts:
        for m in _PLACE_PHRASE.finditer(t):
            for w in _WORD.findall(fold(m.group(1))):
                if w not in _NOT_PLACES and w not in ("al", "el") and len(w) > 2:
                    out.add(w)
    return frozenset(out)


_CAPITAL = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*)")
_SENTENCE_START = re.compile(r"(?:^|[.!?;:]\s+|[\"“(]\s*)$")
_NOT_NAMES = _NOT_PLACES | frozenset(
    """no neither nor one two three four five six seven eight nine ten several around about there
    during following after before on in at it its his her their they he she we i""".split()
)


def names(texts: list[str]) -> frozenset[str]:
    """Folded words written with a capital inside a sentence (names of places, people, groups, units),
    without weekdays, months and words capitalised only because a sentence starts with them. Two
    reports worded alike that differ exactly in such a name are two items of a list ("shelled Fleifel
    ...", "shelled Ftireh ..."), not two accounts of one event."""
    out: set[str] = set()
    for t in texts:
        for m in _CAPITAL.finditer(t):
            if _SENTENCE_START.search(t[: m.start()]):
                continue
            for w in _WORD.findall(fold(m.group(1))):
                if w not in _NOT_NAMES and w not in ("al", "el") and len(w) > 2 and not w.isdigit():
                    out.add(w)
    return frozenset(out)


def hint_words(hints: list[str]) -> frozenset[str]:
    """Words of the place names the extractor saw (resolved or not), as ``place_words`` keeps them."""
    out: set[str] = set()
    for h in hints:
        for w in _WORD.findall(fold(h)):
            if w not in _NOT_PLACES and w not in ("al", "el") and len(w) > 2 and not w.isdigit():
                out.add(w)
    return frozenset(out)


_MONTHS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b", re.I
)


def is_explicit_date(date_text: str | None) -> bool:
    """Whether a date expression names its day outright ("3 May 2020", "2020-05-03") rather than
    relative to the publication ("on Friday", "yesterday"): only relative dates drift by a day
    between outlets (the night, the time zone, the day the reporter counted from)."""
    return bool(date_text) and any(ch.isdigit() for ch in date_text or "") and bool(_MONTHS.search(date_text or ""))


def date_interval(day: date, precision: int) -> tuple[int, int]:
    """The days an event dated ``day`` with ACLED ``time_precision`` may have happened on (ordinals).

    1: the day itself; 2: the week around it; 3: the calendar month.
    """
    d = day.toordinal()
    if precision >= 3:
        first = day.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return first.toordinal(), nxt.toordinal() - 1
    if precision == 2:
        return d - 3, d + 3
    return d, d


@dataclass(slots=True)
class MentionRecord:
    """A mention as resolution sees it. ``group`` is its independent source: documents that are
    near-duplicates of one another (syndicated copies) share a group. ``pin`` is the event a manual
    merge or split fixed it to, if any."""

    mention_id: int
    doc: int
    day: date
    event_type: str
    sub_event_type: str
    precision: int = 1
    group: int = 0
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int = 0
    injuries: int = 0
    arrests: int = 0
    country: str = ""
    admin1: str = ""
    location: str = ""
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    tokens: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    area: frozenset[str] = frozenset()  # words of the geocoded place, its admin areas and country
    source: str = ""  # the outlet, folded
    primary: str = ""  # the first place name the extractor saw, folded: the most specific one
    explicit_date: bool = False
    claim: str | None = None
    confidence: float = 0.5
    published: date | None = None
    pin: int | None = None
    denial: bool = False
    # derived
    family: str = field(init=False)
    start: int = field(init=False)
    end: int = field(init=False)
    a1: str = field(init=False)
    a2: str = field(init=False)
    place_key: str = field(init=False)

    def __post_init__(self) -> None:
        if not self.group:
            self.group = self.doc
        self.family = FAMILY.get(self.event_type) or FAMILY.get(EVENT_TYPE_OF.get(self.sub_event_type, ""), "")
        self.start, self.end = date_interval(self.day, self.precision)
        self.a1 = actor_key(self.actor1)
        self.a2 = actor_key(self.actor2)
        self.place_key = fold(self.location).strip()
        if self.country:
            self.country = self.country.upper()

    @property
    def block(self) -> tuple[str, str]:
        """The blocking key: mentions are only compared within one (family, country)."""
        return (self.family, self.country)

    @property
    def sort_key(self) -> tuple[str, str, int, int, int]:
        return (self.family, self.country, self.start, self.doc, self.mention_id)


_DENIAL = re.compile(r"\b(denied|denies|deny|refuted|rejected the claim|fabricated|did not happen)\b", re.I)


def mention_record(row: Any, group: int | None = None, pin: int | None = None) -> MentionRecord:
    """A ``MentionRecord`` from a stored mention row (a mapping with the store's column names plus
    ``mention_id``, ``document_id`` and ``published``)."""
    evidence = [str(e.get("text", "")) for e in (row["evidence"] or [])]
    hints = [str(h) for h in (row.get("place_names") or [])]
    return MentionRecord(
        mention_id=int(row["mention_id"]),
        doc=int(row["document_id"]),
        day=row["event_date"],
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        precision=int(row["time_precision"] or 1),
        group=int(group or row["document_id"]),
        actor1=row["actor1"],
        actor2=row["actor2"],
        fatalities=int(row["fatalities"] or 0),
        injuries=int(row["injuries"] or 0),
        arrests=int(row["arrests"] or 0),
        country=row["country_code"] or "",
        admin1=fold(row["admin1"] or ""),
        location=row["location"] or "",
        lat=row["latitude"],
        lon=row["longitude"],
        geo_precision=row["geo_precision"],
        tokens=text_tokens(evidence),
        places=place_words(evidence) | hint_words(hints),
        names=names(evidence),
        area=hint_words([str(row.get(c) or "") for c in ("location", "admin1", "admin2", "country")]),
        source=fold(str(row.get("source") or "")).strip(),
        primary=fold(hints[0]).strip() if hints else "",
        explicit_date=is_explicit_date(row.get("date_text")),
        claim=row["claim"],
        confidence=float(row["confidence"] or 0.5),
        published=row["published"],
        pin=pin,
        denial=any(_DENIAL.search(t) for t in evidence),
    )
