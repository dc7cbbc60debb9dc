"""More places for the gazetteer: GeoNames dumps, Who's On First tables, admin boundary polygons.

The default gazetteer knows towns of 500+ people; conflict reporting names villages, valleys, rivers
and mountains ("al-Azim", "Hamreen basin", "Nareen River"). ``import_path`` adds them from files a user
downloaded (the format is detected from the content), and admin polygons (OCHA COD-AB, WOF) assign
the province and district of every point inside them, since GeoNames' own codes are wrong in places.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.gazetteer.names import clean_admin_name, display_name, name_key, skeleton
from marsad.gazetteer.store import (
    SYNTHETIC,
    WOF_BASE,
    PlaceRow,
    connect,
    finish,
    name_rows,
    put_names,
    put_places,
)

GEONAMES_CLASSES = {"P", "A", "H", "T"}
GEONAMES_SPOTS = {"AIRB", "AIRF", "AIRP", "MILB", "INSM", "DAM", "PRN", "CMP", "CMPRF"}
WOF_TYPES = {"locality": ("P", "PPL"), "neighbourhood": ("P", "PPLX"), "campus": ("S", "CMP"),
             "county": ("A", "ADM2"), "region": ("A", "ADM1")}
# Raised when an import stores other places or names than before (recorded in the file's meta, and so
# part of the gazetteer's fingerprint): "2" shows places by an English or Latin-script name and indexes
# their names in other scripts.
IMPORT_VERSION = "2"
csv.field_size_limit(10_000_000)


def import_path(gaz_path: Path, source: Path) -> dict[str, Any]:
    """Import a file or a folder of files into the gazetteer at ``gaz_path`` (created when missing).

    Recognised: GeoNames dumps (``IQ.zip``, ``IQ.txt``, ``allCountries.txt``; admin code tables beside
    them are used), Who's On First places TSV, GeoJSON admin boundaries (ADM1/ADM2). Places are
    imported before polygons so that the polygons assign provinces to every new point as well.
    Returns counts per kind; ``E041`` for a file that is none of these.
    """
    source = Path(source)
    if not source.exists():
        raise MarsadError("E011", path=source)
    files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
    kinds = [(p, _detect(p)) for p in files]
    if not source.is_dir() and kinds[0][1] is None:
        raise MarsadError("E041", path=source, reason="not a GeoNames dump, Who's On First TSV or GeoJSON")
    stats: dict[str, Any] = {"geonames": 0, "wof": 0, "polygons": 0, "assigned": 0, "files": []}
    conn = connect(Path(gaz_path), create=True)
    try:
        for path, kind in kinds:
            if kind == "geonames":
                stats["geonames"] += _import_geonames(conn, path)
            elif kind == "wof":
                stats["wof"] += _import_wof(conn, path)
            if kind in {"geonames", "wof"}:
                stats["files"].append(path.name)
        # WOF polygons are coarse: COD-AB ones, when present, are applied last and win.
        polys = sorted((p for p, k in kinds if k == "geojson"), key=lambda p: ("admbnda" in p.name, p.name))
        for path in polys:
            n, assigned = _import_geojson(conn, path)
            stats["polygons"] += n
            stats["assigned"] += assigned
            if n:
                stats["files"].append(path.name)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('import_version', ?)", (IMPORT_VERSION,))
        finish(conn)
    finally:
        conn.close()
    return stats


def _detect(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith((".geojson", ".json")):
        return "geojson" if name.endswith(".geojson") or '"FeatureCollection"' in _head(path, 4000) else None
    if name.endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as zf:
                return "geonames" if any(_is_geonames_member(n) for n in zf.namelist()) else None
        except zipfile.BadZipFile:
            return None
    if name.endswith((".tsv", ".txt")):
        head = _head(path, 4000)
        if head.startswith("wof_id\t"):
            return "wof"
        first = head.split("\n", 1)[0]
        if first.count("\t") == 18 and first.split("\t", 1)[0].isdigit():
            return "geonames"
    return None


def _head(path: Path, n: int) -> str:
    with path.open("rb") as fh:
        return fh.read(n).decode("utf-8", "replace")


def _is_geonames_member(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.endswith(".txt") and base.lower() != "readme.txt" and (len(base) == 6 or base == "allCountries.txt")


def _admin_tables(folder: Path, conn: sqlite3.Connection) -> tuple[dict[str, str], dict[str, str]]:
    """GeoNames admin1 ("IQ.10" -> "Diyala") and admin2 names: from tables beside the dump, else from
    what the gazetteer already knows (the default build names every admin1 code)."""
    admin1: dict[str, str] = {
        f"{cc}.{code}": name
        for cc, code, name in conn.execute("SELECT country, admin1_code, name FROM places WHERE fcode = 'ADM1'")
        if code
    }
    admin2: dict[str, str] = {}
    for fname, target in (("admin1CodesASCII.txt", admin1), ("admin2Codes.txt", admin2)):
        for candidate in (folder / fname, folder.parent / "geonames" / fname):
            if candidate.is_file():
                for line in candidate.read_text("utf-8", "replace").splitlines():
                    cols = line.split("\t")
                    if len(cols) >= 3 and cols[0] not in target:
                        target[cols[0]] = clean_admin_name(cols[2] or cols[1])
                break
    return admin1, admin2


def _geonames_lines(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            for member in zf.namelist():
                if _is_geonames_member(member):
                    with zf.open(member) as fh:
                        yield from io.TextIOWrapper(fh, encoding="utf-8", errors="replace")
    else:
        with path.open(encoding="utf-8", errors="replace") as fh:
            yield from fh


def _import_geonames(conn: sqlite3.Connection, path: Path) -> int:
    """GeoNames' 19-column dump: populated places, admin areas, water and terrain features."""
    admin1, admin2 = _admin_tables(path.parent, conn)
    existing_admin1 = {
        (cc, code): pid
        for pid, cc, code in conn.execute("SELECT id, country, admin1_code FROM places WHERE fcode = 'ADM1'")
    }
    rows: list[PlaceRow] = []
    names: list[tuple[str, str, int, int]] = []
    count = 0
    for line in _geonames_lines(path):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 19 or not cols[0].isdigit():
            continue
        fclass, fcode = cols[6], cols[7]
        if fclass not in GEONAMES_CLASSES and not (fclass == "S" and fcode in GEONAMES_SPOTS):
            continue
        if fclass == "A" and not fcode.startswith(("ADM1", "ADM2", "PCL")):
            continue
        gid, cc, a1, a2 = int(cols[0]), cols[8], cols[10], cols[11]
        alternates = [n for n in cols[3].split(",") if n]
        if fcode == "ADM1" and (cc, a1) in existing_admin1:
            # Same province as the default build's: add its names, keep one entry.
            names.extend(name_rows(existing_admin1[(cc, a1)], cols[1], [cols[2], *alternates], strip=True,
                                   native=True))
            continue
        if fcode.startswith("PCL"):
            continue  # countries come from the default build
        try:
            lat, lon = float(cols[4]), float(cols[5])
        except ValueError:
            continue
        shown = display_name(cols[1], [cols[2]], alternates)  # the ASCII name where the name is not Latin
        rows.append((gid, f"geonames:{gid}", shown, lat, lon, cc, admin1.get(f"{cc}.{a1}"),
                     admin2.get(f"{cc}.{a1}.{a2}"), a1, fclass, fcode, int(cols[14] or 0), "geonames"))
        names.extend(name_rows(gid, shown, [cols[1], cols[2], *alternates], strip=fclass in {"A", "H", "T"},
                               native=True))
        count += 1
        if len(rows) >= 50_000:
            put_places(conn, rows)
            put_names(conn, names)
            rows, names = [], []
    put_places(conn, rows)
    put_names(conn, names)
    conn.commit()
    return count


def _import_wof(conn: sqlite3.Connection, path: Path) -> int:
    """Who's On First places TSV (wof_id, name, placetype, lat, lon, gn_id, names_eng, ...)."""
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh, delimiter="\t"))
    shown = {r["wof_id"]: _wof_name(r) for r in records}
    counties = {r["wof_id"]: shown[r["wof_id"]] for r in records if r.get("placetype") == "county"}
    country = next((r for r in records if r.get("placetype") == "country"), None)
    cc = _country_code(conn, country["name"]) if country else None
    # Each WOF region is one of the provinces the gazetteer already has, under its name there (one
    # naming convention whatever was imported): matched by any of its names, else by place.
    provinces = _provinces(conn, cc)
    region_of: dict[str, tuple[int, str] | None] = {}
    for r in records:
        if r.get("placetype") == "region":
            region_of[r["wof_id"]] = _match_province(
                provinces, [r["name"], r.get("gn_name") or "", *(r.get("names_eng") or "").split("|")],
                _float(r.get("lat")), _float(r.get("lon")))
    regions = {k: (v[1] if v else clean_admin_name(shown[k])) for k, v in region_of.items()}
    rows: list[PlaceRow] = []
    names: list[tuple[str, str, int, int]] = []
    for r in records:
        kind = WOF_TYPES.get(r.get("placetype", ""))
        if kind is None or r.get("is_current") == "0" or r.get("deprecated"):
            continue
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except (KeyError, ValueError):
            continue
        name = shown[r["wof_id"]]
        others = [r["name"], r.get("gn_name") or "", *(r.get("names_eng") or "").split("|"),
                  *(r.get("names_kur") or "").split("|"), *(r.get("names_ara") or "").split("|")]
        if kind[1] == "ADM1" and region_of.get(r["wof_id"]):
            names.extend(name_rows(region_of[r["wof_id"]][0], name, others, strip=True, native=True))  # type: ignore[index]
            continue
        gn = r.get("gn_id") or ""
        pid = int(gn) if gn.isdigit() and kind[0] == "P" else WOF_BASE + int(r["wof_id"])
        fcode = r.get("gn_feature_code") or kind[1]
        admin1 = regions.get(r["wof_id"]) if kind[1] == "ADM1" else regions.get(r.get("region_id") or "")
        admin2 = name if kind[1] == "ADM2" else counties.get(r.get("county_id") or "")
        rows.append((pid, f"wof:{r['wof_id']}", name, lat, lon, cc, admin1, admin2,
                     r.get("gn_admin1") or None, kind[0], fcode, 0, "wof"))
        names.extend(name_rows(pid, name, others, strip=kind[0] == "A", native=True))
    # Keep the population the default build knew for places WOF also has.
    pops = dict(conn.execute("SELECT id, population FROM places WHERE population > 0 AND country IS ?", (cc,)))
    rows = [(*row[:11], pops.get(row[0], 0), row[12]) for row in rows]  # type: ignore[misc]
    put_places(conn, rows)
    put_names(conn, names)
    conn.commit()
    return len(rows)


def _wof_name(r: dict[str, str]) -> str:
    """A WOF record's display name: its ``name`` where that is in Latin script (some are in Arabic),
    else its first English name, else a Latin-script one, else a transliteration."""
    return display_name(r.get("name") or "", (r.get("names_eng") or "").split("|"),
                        [r.get("gn_name") or "", *(r.get("names_kur") or "").split("|")])


def _country_code(conn: sqlite3.Connection, name: str) -> str | None:
    row = conn.execute(
        "SELECT p.country FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ? AND p.fcode = 'PCLI'",
        (name_key(name),),
    ).fetchone()
    return row[0] if row else None


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


Province = tuple[int, str, float, float, int, set[str]]  # id, name, lat, lon, population, name keys


def _provinces(conn: sqlite3.Connection, cc: str | None) -> list[Province]:
    """The country's provinces with all their name keys."""
    out: list[Province] = []
    for pid, name, lat, lon, pop in conn.execute(
        "SELECT id, name, lat, lon, population FROM places WHERE fcode = 'ADM1' AND country IS ?", (cc,)
    ):
        keys = {k for (k,) in conn.execute("SELECT key FROM names WHERE place_id = ?", (pid,))}
        out.append((pid, name, lat, lon, pop or 0, keys | {name_key(clean_admin_name(name))}))
    return out


def _loose(key: str) -> str:
    """Consonants only, w and v as one: "Ninawa" and "Nineveh", "Arbil" and "Erbil" agree."""
    return "".join(c for c in key.replace("w", "v") if c not in "aeiouy")


def _match_province(provinces: list[Province], names: list[str], lat: float | None, lon: float | None,
                    inside: Any = None) -> tuple[int, str] | None:
    """The province (id, name) that an imported region or boundary is: the same name key, else the
    same consonant skeleton, else the one whose point lies inside the boundary (``inside``, a shapely
    geometry), else for a point the nearest province point within ~60 km when its name agrees loosely
    or it is clearly the nearest (within ~25 km, the next one at least twice as far)."""
    keys = {name_key(clean_admin_name(n)) for n in names if n} - {""}
    for test in (lambda k, p: k in p[5], lambda k, p: len(k) >= 4 and skeleton(k) in {skeleton(x) for x in p[5]}):
        hits = [p for p in provinces if any(test(k, p) for k in keys)]
        if len(hits) == 1:
            return hits[0][0], hits[0][1]
    if inside is not None:
        from shapely import Point

        within = [p for p in provinces if p[2] is not None and inside.contains(Point(p[3], p[2]))]
        loose = [p for p in within if any(_loose(k) == _loose(x) for k in keys for x in p[5])]
        pick = loose or within
        if pick:
            best = max(pick, key=lambda p: p[4])
            return best[0], best[1]
        return None
    if lat is not None and lon is not None:
        by_distance = sorted(((p[2] - lat) ** 2 + (p[3] - lon) ** 2, i) for i, p in enumerate(provinces)
                             if p[2] is not None)
        if by_distance and by_distance[0][0] < 0.55**2:
            d2, i = by_distance[0]
            best = provinces[i]
            alone = d2 < 0.25**2 and (len(by_distance) == 1 or by_distance[1][0] > 4 * d2)
            if alone or any(_loose(k) == _loose(x) for k in keys for x in best[5]):
                return best[0], best[1]
    return None


# level, name, admin1, ISO2, admin2, geometry, other names (in Arabic, ...)
Polygon = tuple[int, str, str | None, str | None, str | None, Any, tuple[str, ...]]


def _polygon_level(props: dict[str, Any]) -> tuple[int, str, str | None, str | None, str | None] | None:
    """(level, name, admin1 name, ISO2, admin2 name) of a boundary feature: COD-AB ``ADMn_EN`` or
    WOF ``placetype``."""
    levels = [int(k[3]) for k in props if len(k) == 7 and k.startswith("ADM") and k.endswith("_EN") and k[3].isdigit()]
    if levels:
        level = max(levels)
        pcode = str(props.get("ADM0_PCODE") or "")
        return level, str(props[f"ADM{level}_EN"]), props.get("ADM1_EN"), pcode[:2] or None, props.get("ADM2_EN")
    placetype = props.get("placetype")
    if placetype in {"region", "county"} and props.get("name"):
        name = display_name(str(props["name"]), str(props.get("names_eng") or "").split("|"))
        return (1 if placetype == "region" else 2), name, None, None, None
    return None


def _other_names(props: dict[str, Any], level: int) -> tuple[str, ...]:
    """A boundary feature's names in other scripts or spellings, kept as alternate names: COD-AB's
    ``ADMn_AR`` and ``ADMnALTmEN``/``AR``, WOF's ``name`` and ``names_ara``."""
    keys = [f"ADM{level}_AR", f"ADM{level}ALT1EN", f"ADM{level}ALT2EN", f"ADM{level}ALT1AR", f"ADM{level}ALT2AR"]
    out = [str(props[k]) for k in keys if props.get(k)]
    if "placetype" in props:
        out += [str(props.get("name") or ""), *str(props.get("names_ara") or "").split("|")]
    return tuple(n for n in out if n.strip())


def _import_geojson(conn: sqlite3.Connection, path: Path) -> tuple[int, int]:
    """Store ADM1/ADM2 polygons and assign admin1/admin2 to every place inside them; ADM3
    (sub-district) boundaries add their areas as places (news names a nahiya for its centre town)."""
    from shapely.geometry import shape

    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise MarsadError("E041", path=path, reason=str(exc)) from None
    polys: list[Polygon] = []
    for feat in data.get("features") or []:
        info = _polygon_level(feat.get("properties") or {})
        if info is None or info[0] not in (1, 2, 3) or not feat.get("geometry"):
            continue
        geom = shape(feat["geometry"])
        if geom.is_empty:
            continue
        polys.append((*info, geom, _other_names(feat.get("properties") or {}, info[0])))
    if not polys:
        return 0, 0
    country = next((p[3] for p in polys if p[3]), None) or _majority_country(conn, [p[5] for p in polys])
    conn.executemany(
        "INSERT INTO polygons (country, level, name, admin1, source, wkb) VALUES (?, ?, ?, ?, ?, ?)",
        [(country, p[0], p[1], p[2], path.name, p[5].wkb) for p in polys if p[0] in (1, 2)],
    )
    assigned = 0
    for level in (1, 2, 3):
        layer = [p for p in polys if p[0] == level]
        if layer:
            assigned += _assign(conn, layer, country, level)
    conn.commit()
    return len(polys), assigned


def _majority_country(conn: sqlite3.Connection, geoms: list[Any]) -> str | None:
    minx = min(g.bounds[0] for g in geoms)
    miny = min(g.bounds[1] for g in geoms)
    maxx = max(g.bounds[2] for g in geoms)
    maxy = max(g.bounds[3] for g in geoms)
    row = conn.execute(
        "SELECT country, count(*) c FROM places WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
        "AND country IS NOT NULL GROUP BY country ORDER BY c DESC LIMIT 1",
        (miny, maxy, minx, maxx),
    ).fetchone()
    return row[0] if row else None


def _assign(conn: sqlite3.Connection, layer: list[Polygon], country: str | None, level: int) -> int:
    """Point-in-polygon (STRtree) admin names for the country's places; admin places at centroids.

    A province boundary is matched to the province the gazetteer has (by name, else by the province
    point inside it) and keeps that province's name, so that places are named by one convention
    whatever was imported ("Nineveh" whether the boundary file says "Ninewa" or not); the boundary's
    name becomes another name of the province and its centroid the province's point.
    """
    import numpy as np
    from shapely import STRtree, points

    provinces = _provinces(conn, country)
    matched: list[tuple[int, str] | None] = []
    for p in layer:
        matched.append(_match_province(provinces, [p[1]], None, None, inside=p[5]) if level == 1 else None)
    shown = [m[1] if m else p[1] for p, m in zip(layer, matched, strict=True)]
    updates: dict[int, str] = {}
    if level in (1, 2):
        tree = STRtree([p[5] for p in layer])
        rows = conn.execute(
            "SELECT id, lat, lon FROM places WHERE country IS ? AND lat IS NOT NULL AND fcode NOT IN ('ADM1', 'PCLI')"
            + (" AND fcode != 'ADM2'" if level == 2 else ""),
            (country,),
        ).fetchall()
        if rows:
            pts = points(np.array([(r[2], r[1]) for r in rows], dtype=float))
            pt_idx, poly_idx = tree.query(pts, predicate="within")
            column = "admin1" if level == 1 else "admin2"
            updates = {int(rows[i][0]): shown[j] for i, j in zip(pt_idx, poly_idx, strict=True)}
            conn.executemany(f"UPDATE places SET {column} = ? WHERE id = ?", [(v, k) for k, v in updates.items()])
    fcode = f"ADM{level}"
    known = {
        name_key(n): pid
        for pid, n in conn.execute("SELECT id, name FROM places WHERE fcode = ? AND country IS ?", (fcode, country))
    }
    known_skel = {skeleton(k): pid for k, pid in known.items()}
    province_name = {k: p[1] for p in provinces for k in p[5]}
    next_id = max(SYNTHETIC + 5_000_000, (conn.execute("SELECT max(id) FROM places WHERE id < ?",
                                                       (WOF_BASE,)).fetchone()[0] or 0) + 1)
    for (_, name, admin1, _, admin2, geom, others), match in zip(layer, matched, strict=True):
        c = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
        key = name_key(name)
        a1 = province_name.get(name_key(clean_admin_name(admin1 or "")), admin1)
        if level == 1:
            pid = match[0] if match else None
            a1 = match[1] if match else name
        else:
            pid = known.get(key) or known_skel.get(skeleton(key))
        if pid is not None and level == 1:
            conn.execute("UPDATE places SET lat = ?, lon = ? WHERE id = ?", (round(c.y, 5), round(c.x, 5), pid))
        elif pid is not None:
            conn.execute("UPDATE places SET name = ?, lat = ?, lon = ?, admin1 = coalesce(?, admin1) WHERE id = ?",
                         (name, round(c.y, 5), round(c.x, 5), a1, pid))
        else:
            pid = next_id
            next_id += 1
            a2 = name if level == 2 else admin2 if level == 3 else None
            put_places(conn, [(pid, f"marsad:adm{level}:{country}:{key}", name, round(c.y, 5), round(c.x, 5),
                               country, a1, a2, None, "A", fcode, 0, "polygons")])
        put_names(conn, name_rows(pid, name, others, strip=True, native=True))
    return len(updates)


def fetch(country: str, gaz_path: Path, base_url: str = "https://download.geonames.org/export/dump/") -> dict[str, Any]:
    """Download GeoNames' ``COUNTRY.zip`` from ``base_url`` and import it (``E042`` when it fails)."""
    url = base_url.rstrip("/") + f"/{country.upper()}.zip"
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"{country.upper()}.zip"
        try:
            with urllib.request.urlopen(url, timeout=60) as resp, target.open("wb") as out:
                while chunk := resp.read(1 << 20):
                    out.write(chunk)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise MarsadError("E042", url=url, reason=str(getattr(exc, "reason", exc))) from None
        if _detect(target) != "geonames":
            raise MarsadError("E042", url=url, reason="not a GeoNames country file")
        return import_path(gaz_path, target)


def iter_polygons(conn: sqlite3.Connection, level: int) -> Iterable[tuple[str, str | None, bytes]]:
    """Stored polygons of one level: (name, country, WKB)."""
    return conn.execute("SELECT name, country, wkb FROM polygons WHERE level = ?", (level,))
