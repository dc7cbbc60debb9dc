"""Worker processes: ``marsad extract --jobs 1`` against ``--jobs 2`` (or any N) over the same texts.

Each run is a subprocess, timed end to end as a user runs it (interpreter start, imports, the
gazetteer, every worker's spaCy load, reading, extracting, writing). Rounds alternate which run goes
first and the best wall time of each is kept; the speed-up is the ratio of the two, measured within
one run of this script. CPU seconds (the command and its workers, from ``wait4``) show what the
parallel run costs in total. The outputs must be byte for byte the same, or the script fails.

The goal on a two-core machine is ``--jobs 2`` at least 1.6 times as fast as ``--jobs 1`` on a few
hundred documents. Other processes skew wall time: the load average before and after is reported
with the figures, and a figure taken with a load well above zero says less than it seems (on a
saturated machine the scheduler shares CPU between sessions, not processes, so extra workers gain
nothing there). The CPU seconds of each process of the parallel run, sampled from /proc, give a
figure that load skews far less: on idle cores that run takes at least as long as its busiest
process computes and as its total CPU spread over the cores, so the CPU time of ``--jobs 1`` over
the larger of the two is the most speed-up to expect there.

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

TICK = os.sysconf("SC_CLK_TCK")


def _cpu_of_tree(root: int, seen: dict[int, float]) -> None:
    """CPU seconds so far of ``root`` and its children (the workers), from /proc (Linux)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        if pid == root or ppid == root:
            seen[pid] = (int(fields[11]) + int(fields[12])) / TICK


def run_extract(path: Path, jobs: int, env: dict[str, str]) -> tuple[float, float, str, list[float]]:
    """Wall seconds, CPU seconds (the command and the workers it waited for), stdout, and the CPU
    seconds of each process (the command first), sampled from /proc while it runs."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(VENV_BIN / "marsad"), "extract", "--jobs", str(jobs), str(path)],
                                stdout=out, stderr=err, env=env, cwd=ROOT)
        seen: dict[int, float] = {}
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            _cpu_of_tree(proc.pid, seen)
            time.sleep(0.1)
        dt = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"marsad extract --jobs {jobs} failed ({proc.returncode}):\n{err.read()[-2000:]}")
        per_process = [seen.get(proc.pid, 0.0), *sorted((c for p, c in seen.items() if p != proc.pid), reverse=True)]
        return dt, usage.ru_utime + usage.ru_stime, out.read(), per_process


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
    processes: dict[int, list[float]] = {}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.jsonl"
        write_jsonl(path, docs)
        for r in range(max(1, a.rounds)):
            order = (1, a.jobs) if r % 2 == 0 else (a.jobs, 1)
            for jobs in order:
                dt, cpu, out, per_process = run_extract(path, jobs, env)
                if not times[jobs] or dt < min(w for w, _ in times[jobs]):
                    processes[jobs] = per_process  # of the best round
                times[jobs].append((dt, cpu))
                if outputs.setdefault(jobs, out) != out:
                    raise SystemExit(f"--jobs {jobs} gave another output in round {r + 1}")
    load_after = os.getloadavg()
    if outputs[1] != outputs[a.jobs]:
        raise SystemExit(f"--jobs {a.jobs} and --jobs 1 gave different output")
    one, many = min(w for w, _ in times[1]), min(w for w, _ in times[a.jobs])
    events = sum(1 for line in outputs[1].splitlines() if line.strip())
    # What the machine's load skews far less: on idle cores the parallel run takes at least as long
    # as its busiest process computes, and as its total CPU spread over every core; the CPU time of
    # --jobs 1 over that is the most speed-up to expect there.
    cores = os.cpu_count() or 1
    floor = max(max(processes[a.jobs]), min(c for _, c in times[a.jobs]) / min(cores, a.jobs + 1))
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
        f"cpu_seconds_per_process_jobs_{a.jobs}": [round(c, 2) for c in processes[a.jobs]],
        "cpu_bound_speedup": round(min(c for _, c in times[1]) / floor, 3),
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
        (f"CPU s per process, --jobs {a.jobs} (command, workers)",
         ", ".join(f"{c:.1f}" for c in processes[a.jobs])),
        ("speed-up on idle cores, at most (from CPU times)", f"{figures['cpu_bound_speedup']:.2f}x"),
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
