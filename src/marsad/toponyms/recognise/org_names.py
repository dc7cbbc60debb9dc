"""Organisations' names and the places in them: the words that make a capitalised phrase an
organisation ("council", "police", "university") and, in a name the gazetteer does not know as a
whole, the town or county heading it ("Henderson County Jail", "Honolulu Star-Advertiser"), which is
what readers and the geoparsing corpora take for the place."""

from __future__ import annotations

import re
from collections.abc import Callable

from marsad.gazetteer.names import GENERIC_WORDS, name_key, strip_generic
from marsad.model import GazetteerService
from marsad.toponyms.place_names import own_name, plain_word
from marsad.toponyms.recognise.text_places import no_places

# Words that make a capitalised phrase an organisation, a force or a title, not a place.
ORG_WORDS = frozenset(
    """state army forces force front party movement council ministry ministries service services brigade
    brigades battalion unit units group organization organisation committee police command coalition
    university company corporation agency authority court government news times post press bank
    commission mission office network tribune union league alliance guard guards militia militias
    federation association institute center centre hospital airways airlines embassy division corps
    operations intelligence directorate foundation society fund programme program school schools college
    academy church club museum library elementary stadium hotel restaurant inc llc corp""".split()
)
# Words after which an organisation's leading place name refers to that place: local institutions
# and newspapers are named after where they are ("Dublin City Council", "the Ohio Department of
# Education", "Huntsville High School", "The Washington Post"); a company's first word often is not
# a place at all ("Bell Helicopter").
INSTITUTION_WORDS = ORG_WORDS | frozenset(
    """police sheriff sheriffs department county city township high elementary middle board fire parks
    park public community chamber transit airport port herald journal gazette chronicle observer courier
    daily examiner telegraph star democrats republicans ministry senate assembly legislature national
    federal regional municipal district library zoo""".split()
)
# Words that go on an institution's or a site's name after the town's: "Henderson County Jail", "Paris
# City Hall", "Manila Cathedral", "Columbia Metropolitan Airport".
_HEAD_OF = INSTITUTION_WORDS | frozenset(
    """jail courthouse clerk commissioners elections marshal volunteer recreation civic historical history
    cathedral chapel metropolitan international town star advertiser circuit superior probate juvenile
    common chancery magistrate criminal detention special emergency democratic""".split()
)
# A street's or road's name is the street's, not the town's ("Richmond Street", "Goshen Road").
_STREET = frozenset(
    """street st avenue ave road rd drive dr boulevard blvd lane ln way parkway pkwy trail bypass highway
    terrace place circle court crescent""".split()
)
# "Zion National Park", "Itasca State Park": a site named after something else than the town.
_SITE = frozenset("park forest monument seashore lakeshore wildlife refuge preserve recreation".split())
_COMPASS = frozenset("north south east west central northeast northwest southeast southwest upper lower".split())


def known_head(text: str, start: int, end: int, gazetteer: GazetteerService, person_keys: set[str] | frozenset[str] = frozenset(),
               placed: Callable[[str], bool] = no_places) -> int | None:
    """The end of the place that heads a name the gazetteer does not know, where an institution's or a
    site's word follows it ("Henderson County" in "Henderson County Jail", "Manila" in "Manila
    Cathedral"); None for a street ("Richmond Street"), a person's name or a name known whole. A
    town's name that is also an English word ("Augusta Herald") heads it only where the text names
    the town as a place elsewhere or towns beside it (``placed``), or with its generic word ("Laurel County
    High School", "Mount Pleasant Civic Center")."""
    name = text[start:end]
    words = list(re.finditer(r"[^\s-]+", name))
    if len(words) < 2 or gazetteer.has_key(name_key(name)):
        return None
    for k in range(len(words) - 1, 0, -1):
        rest = [_possessive(w.group(0)) for w in words[k:]]
        # A street's word anywhere after the name ("Richmond Street Station"); "Court" only right after
        # a bare name ("Madison Court"): after a county or an institution's word it is the court
        # ("Allegheny County Court", "Boone County Circuit Court").
        county = strip_generic(name[: words[k - 1].end()])[1] == "A"
        if rest[0] not in _HEAD_OF or any(w in _STREET and (w != "court" or (i == 0 and not county))
                                          for i, w in enumerate(rest)):
            continue
        if len(rest) == 1 and rest[0] in GENERIC_WORDS and rest[0] not in {"state", "city"}:
            continue  # "Ochamchire district" is the district (but "Colorado State" the university's state)
        if rest[0] in {"national", "state"} and rest[-1] in _SITE:
            return None  # "Zion National Park" is the park
        head = name[: words[k - 1].end()]
        lows = [_possessive(w.group(0)) for w in words[:k]]
        if all(w in _COMPASS for w in lows) or name_key(head) in person_keys:
            return None
        if gazetteer.has_key(name_key(head)) and local_name(gazetteer, head, placed):
            return start + words[k - 1].end()
    return None


def local_name(gazetteer: GazetteerService, head: str, placed: Callable[[str], bool] = no_places) -> bool:
    """Whether a name the gazetteer knows, heading an institution's name, is a town's: its own name,
    and no English word ("Bell Helicopter", "Liberty High School") unless written with its generic
    word ("Laurel County", "Mount Pleasant") or named as a place elsewhere in the text (``placed``)."""
    base = strip_generic(head)[0]
    if not (own_name(gazetteer, base) or (base != head and own_name(gazetteer, head))):
        return False
    return base != head or not plain_word(gazetteer, base) or placed(base)


# Words before a town's name that name its area or its old part: "Metro Nashville", "Historic Dublin".
_AREA_BEFORE = re.compile(r"(?:Metro|Metropolitan|Historic|Downtown|Uptown|Midtown|Greater|Suburban) (?=[A-Z])")


def known_tail(text: str, start: int, end: int, gazetteer: GazetteerService) -> int | None:
    """The start of the town after a word naming its area ("Nashville" in "Metro Nashville"), where the
    gazetteer does not know the whole name."""
    m = _AREA_BEFORE.match(text, start, end)
    if m is None or gazetteer.has_key(name_key(text[start:end])):
        return None
    rest = text[m.end() : end]
    return m.end() if gazetteer.has_key(name_key(rest)) and own_name(gazetteer, strip_generic(rest)[0]) else None


def _possessive(word: str) -> str:
    return re.sub(r"['’]s?$", "", word.lower().rstrip(".,"))


# Local offices, written after the town they serve ("the Elmtown mayor", "Elmtown Police").
_OFFICES = frozenset(
    """mayor selectman selectwoman councilman councilwoman councilor councillor alderman commissioner
    commissioners sheriff judge attorney commonwealth's prosecutor director chief superintendent clerk
    treasurer manager administrator supervisor coroner police fire schools""".split()
)


# Words that head a name a town's own bodies take: a public body names itself after the town it serves
# (its council, boards and officers, its schools, utilities, hospital, jail and cemetery), and so do the
# town's civic clubs, festivals and venues ("the Elmtown Zoning Board", "the Elmtown Rotary Club",
# "the Elmtown Harvest Festival"), so such a word after a known town's name makes the name the town's.
# A company is named after anything (its founder, a word), which is why the list holds no trade words.
LOCAL_HEADS = _HEAD_OF | _OFFICES | frozenset(
    """festival board pantry facility correctional education depot circuit fair parade symphony orchestra
    chorus choir singers theatre theater players heritage rotary kiwanis lions chamber historic
    selectmen aldermen councilmen trustees finance planning zoning utilities utility housing
    water sewer health hall arena coliseum fairgrounds cemetery memorial hospice clinic""".split()
)


# ", Idaho", ", N.H.", ", Ontario": a province written after a name.
_STATE_AFTER = re.compile(r",\s*([A-Z][a-z]*\.?(?:\s?[A-Z][a-z]*\.?)?)(?=[\s,;:)]|$)")


def in_named_state(text: str, end: int, name: str, gazetteer: GazetteerService) -> bool:
    """Whether a name is followed by the province one of its namesakes is in ("Post Falls, Idaho"): a
    town, though the small model calls it an organisation for a word of one ("Post")."""
    m = _STATE_AFTER.match(text, end, min(len(text), end + 24))
    if m is None or not gazetteer.has_key(name_key(name)) or not gazetteer.has_key(name_key(m.group(1))):
        return False
    top = gazetteer.lookup(m.group(1), limit=1, exact=True)
    if not top or not top[0].level == "admin1":
        return False
    key = name_key(name)
    return any(p.country == top[0].country and p.admin1 == top[0].admin1 and name_key(p.name) == key
               and p.feature_class == "P" for p in gazetteer.lookup(name, limit=25, exact=True))
