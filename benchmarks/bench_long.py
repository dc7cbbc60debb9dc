"""Long documents: seconds and peak memory of the full pipeline over one document of 10k, 100k and
1M characters made of invented incident paragraphs, and the seconds per character between sizes.

Each size runs in a fresh subprocess (``marsad.workflows`` through the library API: one document,
``make_pipeline(settings, gazetteer)``, ``pipeline.run``), so that its peak RSS (``VmHWM``) is its
own; the time is the pipeline's alone (CPU and wall), model load excluded. Work that is linear in the
length gives a seconds-per-character ratio near 1 between sizes: the texts are cut into chunks of
``MARSAD_CHUNK_CHARS`` (default 10,000) characters. ``--chunk-chars 1000000`` shows the cost of one
chunk of every length (spaCy refuses a text over a million characters: E088).

    .venv/bin/python benchmarks/bench_long.py [--sizes 10000,100000,1000000] [--chunk-chars N]
        [--doc-timeout S] [--gazetteer PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DAYS, NUMBERS, PLACES, emit_json, print_table  # noqa: E402

TEMPLATES = [
    "Gunmen attacked a checkpoint near {place} {day}, killing {n} police officers, {source}.",
    "An air strike hit a market in {place}, {province}, {day}; {n} civilians were killed.",
    "Police arrested {n} suspects in {place} {day} after a bomb exploded near {other}.",
    "Clashes between the army and militants near {place} and {other} left {n} dead {day}.",
    "Hundreds of residents protested in {place} {day} against the closure of the road to {other}.",
    "A roadside bomb wounded {n} soldiers on the road between {place} and {other} {day}.",
]
SOURCES = ["officials said", "a security source said", "residents said", "the local council said"]


def incident_text(chars: int, seed: int = 7) -> str:
    """Short incident paragraphs, each naming places, until ``chars`` characters (a field report of
    repeated incidents: the shape that was slowest per character)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        place, province, _ = rng.choice(PLACES)
        other = rng.choice(PLACES)[0]
        line = rng.choice(TEMPLATES).format(place=place, province=province, other=other, day=rng.choice(DAYS),
                                            n=rng.choice(NUMBERS), source=rng.choice(SOURCES))
        paragraphs.append(line)
        size += len(line) + 2
    return "\n\n".join(paragraphs)[:chars].rstrip()


def _child(chars: int) -> None:
    """Run in the subprocess: one document, print one JSON line of figures."""
    from datetime import date

    from marsad.model import Document
    from marsad.settings import Settings
    from marsad.workflows import make_pipeline, open_gazetteer

    settings = Settings.load()
    pipeline = make_pipeline(settings, open_gazetteer(settings))
    pipeline.resources.get_nlp()
    doc = Document(id=f"long{chars}", text=incident_text(chars), published=date(2022, 5, 1))
    errors: list[str] = []
    wall, cpu = time.perf_counter(), time.process_time()
    out = list(pipeline.run([doc], on_error=lambda d, e: errors.append(str(e))))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    print(json.dumps({"chars": len(doc.text), "wall_s": wall, "cpu_s": cpu, "peak_rss_mib": peak,
                      "toponyms": sum(len(a.toponyms) for a in out), "events": sum(len(a.mentions) for a in out),
                      "chunk_chars": pipeline.chunk_chars, "errors": errors}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--chunk-chars", type=int, default=None)
    parser.add_argument("--doc-timeout", type=float, default=0.0, help="MARSAD_DOC_TIMEOUT (default 0: none)")
    parser.add_argument("--gazetteer", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _child(args.child)
        return
    env = {**os.environ, "MARSAD_DOC_TIMEOUT": str(args.doc_timeout)}
    if args.chunk_chars:
        env["MARSAD_CHUNK_CHARS"] = str(args.chunk_chars)
    if args.gazetteer:
        env["MARSAD_GAZETTEER"] = args.gazetteer
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        p = subprocess.run([sys.executable, __file__, "--child", str(size)], env=env, capture_output=True, text=True)
        if p.returncode != 0:
            print(f"{size:,} characters: failed\n{p.stderr[-2000:]}", file=sys.stderr)
            continue
        results.append(json.loads(p.stdout.strip().splitlines()[-1]))
    rows: list[tuple[str, object]] = []
    base = results[0] if results else None
    for r in results:
        per = r["cpu_s"] / r["chars"] * 1e6
        rows.append((f"{r['chars']:,} chars: wall s / CPU s", f"{r['wall_s']:.1f} / {r['cpu_s']:.1f}"))
        rows.append((f"{r['chars']:,} chars: CPU µs per char (ratio to smallest)",
                     f"{per:.1f} ({per / (base['cpu_s'] / base['chars'] * 1e6):.2f})" if base else per))
        rows.append((f"{r['chars']:,} chars: peak RSS MiB, toponyms, events, errors",
                     f"{r['peak_rss_mib']:.0f}, {r['toponyms']:,}, {r['events']:,}, {len(r['errors'])}"))
    chunk = results[0]["chunk_chars"] if results else args.chunk_chars
    print_table(f"bench_long: one document per size, chunks of {chunk:,} characters", rows)
    if args.json:
        emit_json("long", {"results": results})


if __name__ == "__main__":
    main()
