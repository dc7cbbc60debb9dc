"""Worker processes: ``marsad extract --jobs 1`` against ``--jobs 2`` (or any N) over the same texts.

Each run is a subprocess, timed end to end as a user runs it (interpreter start, imports, the
gazetteer, every worker's spaCy load, reading, extracting, writing). Rounds alternate which run goes
first and the best wall time of each is kept; the speed-up is the ratio of the two, measured within
one run of this script. CPU seconds (the command and its workers, from ``wait4``) show what the
parallel run costs in total. The outputs must be byte for byte the same, or the script fails.

The goal on a two-core machine is ``--jobs 2`` at least 1.6 times as fast as ``--jobs 1`` on a few
hundred documents. Other processes skew wall time: the load average before and after is reported
with the figures, and a figure taken with a load well above zero says less than it seems.

Run from the project root: ``.venv/bin/python benchmarks/bench_jobs.py [--n 400] [--jobs 2] [--json]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, VENV_BIN, emit_json, make_documents, print_table, write_jsonl


def run_extract(path: Path, jobs: int, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (the command and the workers it waited for) and stdout."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(VENV_BIN / "marsad"), "extract", "--jobs", str(jobs), str(path)],
                                stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"marsad extract --jobs {jobs} failed ({proc.returncode}):\n{err.read()[-2000:]}")
        return dt, usage.ru_utime + usage.ru_stime, out.read()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="documents (default 400)")
    ap.add_argument("--jobs", type=int, default=2, help="workers of the parallel run (default 2)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds, alternating which run goes first")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--gazetteer", type=Path, default=None,
                    help="gazetteer file (default: the settings' gazetteer_path / MARSAD_GAZETTEER)")
    ap.add_argument("--json", action="store_true", help="also print one JSON line of the figures")
    a = ap.parse_args(argv)

    from marsad.settings import Settings

    env = dict(os.environ)
    if a.gazetteer is not None:
        env["MARSAD_GAZETTEER"] = str(a.gazetteer)
    settings = Settings.load(env=env)
    has_gaz = Path(settings.gazetteer_path).exists()
    docs = make_documents(a.n, a.seed)
    chars = sum(len(d.text) for d in docs)

    times: dict[int, list[tuple[float, float]]] = {1: [], a.jobs: []}
    outputs: dict[int, str] = {}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.jsonl"
        write_jsonl(path, docs)
        for r in range(max(1, a.rounds)):
            order = (1, a.jobs) if r % 2 == 0 else (a.jobs, 1)
            for jobs in order:
                dt, cpu, out = run_extract(path, jobs, env)
                times[jobs].append((dt, cpu))
                if outputs.setdefault(jobs, out) != out:
                    raise SystemExit(f"--jobs {jobs} gave another output in round {r + 1}")
    load_after = os.getloadavg()
    if outputs[1] != outputs[a.jobs]:
        raise SystemExit(f"--jobs {a.jobs} and --jobs 1 gave different output")
    one, many = min(w for w, _ in times[1]), min(w for w, _ in times[a.jobs])
    events = sum(1 for line in outputs[1].splitlines() if line.strip())
    figures: dict[str, Any] = {
        "docs": a.n,
        "mean_chars": round(chars / max(1, a.n)),
        "gazetteer": str(settings.gazetteer_path) if has_gaz else None,
        "jobs": a.jobs,
        "events": events,
        "seconds_jobs_1": round(one, 2),
        f"seconds_jobs_{a.jobs}": round(many, 2),
        "speedup": round(one / many, 3),
        "cpu_seconds_jobs_1": round(min(c for _, c in times[1]), 2),
        f"cpu_seconds_jobs_{a.jobs}": round(min(c for _, c in times[a.jobs]), 2),
        "rounds_jobs_1": [round(w, 2) for w, _ in times[1]],
        f"rounds_jobs_{a.jobs}": [round(w, 2) for w, _ in times[a.jobs]],
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
    }
    rows: list[tuple[str, Any]] = [
        ("documents", f"{a.n} (mean {figures['mean_chars']} chars, synthetic, seed {a.seed})"),
        ("gazetteer", figures["gazetteer"] or "NONE (places unresolved; run `marsad gazetteer build`)"),
        ("events (same output for both)", events),
        ("--jobs 1: wall s (docs/s)", f"{one:.2f} ({a.n / one:.1f})"),
        (f"--jobs {a.jobs}: wall s (docs/s)", f"{many:.2f} ({a.n / many:.1f})"),
        (f"speed-up --jobs {a.jobs} / --jobs 1", f"{one / many:.2f}x"),
        ("CPU s, --jobs 1 / --jobs N (all processes)",
         f"{figures['cpu_seconds_jobs_1']} / {figures[f'cpu_seconds_jobs_{a.jobs}']}"),
        ("wall s per round, --jobs 1", ", ".join(f"{w:.1f}" for w, _ in times[1])),
        (f"wall s per round, --jobs {a.jobs}", ", ".join(f"{w:.1f}" for w, _ in times[a.jobs])),
        ("load average before (1, 5, 15 min)", ", ".join(f"{x:.2f}" for x in load_before)),
        ("load average after", ", ".join(f"{x:.2f}" for x in load_after)),
        ("cores", os.cpu_count()),
    ]
    print_table("marsad extract --jobs", rows)
    if a.json:
        emit_json("jobs", figures)
    return figures


if __name__ == "__main__":
    main()
