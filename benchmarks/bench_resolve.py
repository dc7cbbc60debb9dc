"""Cross-source resolution at scale: time and peak memory to cluster N synthetic mentions.

Reported numbers, not a timed test. The mentions are generated here (seeded): events in 12
countries x 20 provinces x 10 towns over two years, each reported by 1-4 sources with jittered
dates, counts and wording, plus precision-2/3 reports; the core sweep (``marsad.dedup``) runs
on them in sort order.
The generated records are held in memory for the run (the sweep itself holds one date window; in
``Store.resolve`` rows stream from the database), so peak RSS here is mostly the input.

    .venv/bin/python benchmarks/bench_resolve.py [--n 100000] [--json]
    .venv/bin/python benchmarks/bench_resolve.py --n 1000000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from datetime import date, timedelta

from marsad.dedup import MentionRecord, resolve_sorted
from marsad.dedup.features import text_tokens

TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"), ("Protests", "Peaceful protest"),
         ("Violence against civilians", "Attack"), ("Strategic developments", "Arrests")]
ACTORS = ["Military Forces of X", "Islamic State", "Al Shabaab", "Police Forces of X", "Unidentified Armed Group",
          "Protesters", "Civilians", "Rebels A", "Militia B"]
WORDS = "clash attack killed wounded fighters troops village market checkpoint convoy strike drone bomb".split()


def synthetic(n: int, seed: int = 7) -> list[MentionRecord]:
    rng = random.Random(seed)
    out: list[MentionRecord] = []
    start = date(2022, 1, 1)
    mid = doc = 0
    while len(out) < n:
        country = f"C{rng.randrange(12)}"
        admin1 = f"{country}-p{rng.randrange(20)}"
        town = rng.randrange(10)
        lat, lon = rng.uniform(-10, 40) + town * 0.3, rng.uniform(-10, 60)
        et, sub = rng.choice(TYPES)
        day = start + timedelta(days=rng.randrange(730))
        a1, a2 = rng.sample(ACTORS, 2)
        fat = rng.choice([0, 0, 1, 2, 3, 5, 10])
        words = rng.sample(WORDS, 6) + [f"{admin1}-town{town}"]
        for _ in range(rng.choice([1, 1, 2, 3, 4])):
            doc += 1
            mid += 1
            prec = rng.choices([1, 2, 3], [0.85, 0.1, 0.05])[0]
            out.append(MentionRecord(
                mention_id=mid, doc=doc, day=day + timedelta(days=rng.choice([0, 0, 0, 1])), event_type=et,
                sub_event_type=sub, precision=prec, actor1=a1, actor2=a2,
                fatalities=max(0, fat + rng.choice([0, 0, 1, -1])), country=country, admin1=admin1,
                location=f"town{town}", lat=lat, lon=lon, geo_precision=1,
                tokens=text_tokens([" ".join(rng.sample(words, 5))]),
            ))
    return out[:n]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    records = synthetic(args.n)
    gen = time.perf_counter() - t0
    rss_gen = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t1, c1 = time.perf_counter(), time.process_time()
    records.sort(key=lambda r: r.sort_key)
    clusters = sum(1 for _ in resolve_sorted(records))
    wall, cpu = time.perf_counter() - t1, time.process_time() - c1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"mentions": args.n, "events": clusters, "generate_s": round(gen, 1), "resolve_wall_s": round(wall, 1),
              "resolve_cpu_s": round(cpu, 1), "mentions_per_s": round(args.n / wall), "peak_rss_mb": round(peak),
              "rss_after_generating_mb": round(rss_gen)}
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>24}: {v}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
