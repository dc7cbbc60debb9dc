"""Ingest speed: documents into a fresh SQLite file (and PostgreSQL when reachable), and DB size.

Four figures per database, over the same synthetic documents:

* end to end: ``marsad.workflows.ingest(docs, pipeline, store, report)`` into a fresh database, what
  ``marsad ingest`` does (NLP, geoparsing, extraction, geocoding, then one transaction per document);
* store only: the same analyses written with ``Store.has_document`` + ``Store.save_analysis``, the
  store's half of ``ingest`` on its own, so that a slow database shows even when NLP dominates;
* re-ingest: ``workflows.ingest`` of the same documents again: every one must be skipped by its
  content hash before any NLP is spent, so this is the cost of the deduplication check;
* size: the database's size on disk after the run (SQLite: the file plus any WAL; PostgreSQL: the
  total relation size of the schema's tables, indexes and TOAST).

The pipeline (with the settings' gazetteer, or ``--gazetteer``) runs once to collect analyses for the
store-only figure, and once per database for the end-to-end figure (``--no-end-to-end`` skips those).
PostgreSQL is ``postgresql+psycopg://postgres@127.0.0.1:5432/test`` (``--pg-url``), in a fresh schema
created for the run and dropped afterwards; it is skipped with a note when unreachable.

Run from the project root: ``.venv/bin/python benchmarks/bench_ingest.py [--n 200] [--json]``.
"""

from __future__ import annotations

import argparse
import time
import uuid
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from _common import emit_json, make_documents, peak_rss_mb, print_table

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class PgSchema:
    """A fresh PostgreSQL schema for one run: the store's URL points its search_path there."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.admin_dsn = url.replace("postgresql+psycopg://", "postgresql://")
        self.name = f"marsad_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.admin_dsn, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE SCHEMA "{self.name}"')
        sep = "&" if "?" in url else "?"
        self.url = f"{url}{sep}options=-csearch_path%3D{self.name}"

    def size_bytes(self) -> int:
        import psycopg

        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            row = conn.execute(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
                (self.name,),
            ).fetchone()
        return int(row[0]) if row else 0

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')


class SqliteFile:
    """A fresh SQLite file in a temporary directory."""

    def __init__(self, tmp: Path, label: str) -> None:
        self.path = tmp / f"{label}.sqlite"
        self.url = f"sqlite:///{self.path}"

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))

    def drop(self) -> None:
        for p in self.path.parent.glob(self.path.name + "*"):
            p.unlink()


def run_backend(label: str, make_db: Any, docs: list[Any], analyses: list[Any], pipeline: Any,
                end_to_end: bool, batch_size: int) -> dict[str, Any]:
    from marsad.store import Store
    from marsad.workflows import RunReport, ingest

    n = len(docs)
    out: dict[str, Any] = {}

    # Store only: the store's half of ingest, over analyses computed once.
    db = make_db("store_only")
    try:
        t0 = time.perf_counter()
        store = Store.open(db.url)
        out["open_migrate_seconds"] = round(time.perf_counter() - t0, 3)
        events = stored = 0
        t0 = time.perf_counter()
        for a in analyses:
            if not store.has_document(a.document.hash) and store.save_analysis(
                    a.document, a.mentions, pipeline_version=pipeline.version):
                stored += 1
                events += len(a.mentions)
        dt = time.perf_counter() - t0
        out.update(store_seconds=round(dt, 3), store_docs_per_s=round(n / dt, 1),
                   store_events_per_s=round(events / dt, 1), stored=stored, events=events)

        # Re-ingest through the real workflow: every document is skipped by its hash.
        report = RunReport()
        t0 = time.perf_counter()
        ingest(docs, pipeline, store, report, batch_size=batch_size)
        dt = time.perf_counter() - t0
        out.update(reingest_seconds=round(dt, 3), reingest_docs_per_s=round(n / dt, 1),
                   reingest_skipped=report.skipped)
        out["stats"] = store.stats()
        store.close()
        out["db_bytes"] = db.size_bytes()
    finally:
        db.drop()

    if end_to_end:
        db = make_db("end_to_end")
        try:
            t0, c0 = time.perf_counter(), time.process_time()
            store = Store.open(db.url)
            report = RunReport()
            ingest(docs, pipeline, store, report, batch_size=batch_size)
            dt, cpu = time.perf_counter() - t0, time.process_time() - c0
            store.close()
            out.update(e2e_seconds=round(dt, 3), e2e_cpu_seconds=round(cpu, 3), e2e_docs_per_s=round(n / dt, 2),
                       e2e_stored=report.stored, e2e_mentions=report.mentions, e2e_db_bytes=db.size_bytes())
        finally:
            db.drop()
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="documents (default 200)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--gazetteer", type=Path, default=None, help="gazetteer file (default: the settings')")
    ap.add_argument("--pg-url", default=PG_URL, help="PostgreSQL to use (a fresh schema is made); '' skips")
    ap.add_argument("--no-end-to-end", action="store_true", help="skip the full workflows.ingest runs")
    ap.add_argument("--json", action="store_true", help="also print one JSON line of the figures")
    a = ap.parse_args(argv)

    from marsad.settings import Settings
    from marsad.workflows import make_pipeline, open_gazetteer

    settings = Settings.load(gazetteer_path=a.gazetteer, batch_size=a.batch_size)
    gazetteer = open_gazetteer(settings)
    pipeline = make_pipeline(settings, gazetteer)
    docs = make_documents(a.n, a.seed, prefix="ing")

    t0, c0 = time.perf_counter(), time.process_time()
    analyses = list(pipeline.run(docs, batch_size=a.batch_size))  # includes the spaCy load
    pipeline_s, pipeline_cpu = time.perf_counter() - t0, time.process_time() - c0

    figures: dict[str, Any] = {
        "docs": a.n,
        "gazetteer": str(settings.gazetteer_path) if gazetteer is not None else None,
        "pipeline_seconds": round(pipeline_s, 3),
        "pipeline_cpu_seconds": round(pipeline_cpu, 3),
        "pipeline_docs_per_s": round(a.n / pipeline_s, 2),
        "backends": {},
    }
    rows: list[tuple[str, Any]] = [
        ("documents", f"{a.n} (synthetic, seed {a.seed})"),
        ("gazetteer", figures["gazetteer"] or "NONE (not built: events stored without coordinates)"),
        ("pipeline alone, incl. model load: wall / CPU (s)", f"{pipeline_s:.2f} / {pipeline_cpu:.2f}"),
    ]

    with TemporaryDirectory(prefix="marsad-bench-") as tmp:
        backends: list[tuple[str, Any]] = [("sqlite", lambda label: SqliteFile(Path(tmp), label))]
        if a.pg_url:
            try:
                PgSchema(a.pg_url).drop()  # reachability check
                backends.append(("postgresql", lambda label: PgSchema(a.pg_url)))
            except Exception as exc:  # any connection failure: report and go on with SQLite
                figures["backends"]["postgresql"] = {"skipped": str(exc).splitlines()[0]}
                rows.append(("postgresql", f"skipped: unreachable ({str(exc).splitlines()[0]})"))
        for name, make_db in backends:
            r = run_backend(name, make_db, docs, analyses, pipeline, not a.no_end_to_end, a.batch_size)
            figures["backends"][name] = r
            rows += [
                (f"{name}: open + migrate fresh DB (s)", r["open_migrate_seconds"]),
                (f"{name}: store only docs/s", f"{r['store_docs_per_s']:,.1f} ({r['store_events_per_s']:,.0f} "
                                                 f"events/s, {r['events']} events)"),
                (f"{name}: re-ingest (all skipped) docs/s",
                 f"{r['reingest_docs_per_s']:,.0f} ({r['reingest_skipped']} skipped)"),
                (f"{name}: DB size after {a.n} docs", f"{r['db_bytes'] / 2**20:.2f} MiB "
                                                       f"({r['db_bytes'] / a.n / 1024:.1f} KiB/doc)"),
            ]
            if "e2e_seconds" in r:
                rows.append((f"{name}: end-to-end ingest docs/s",
                             f"{r['e2e_docs_per_s']:.2f} ({r['e2e_seconds']:.1f} s wall, "
                             f"{r['e2e_cpu_seconds']:.1f} s CPU, {r['e2e_stored']} stored)"))
    if gazetteer is not None:
        gazetteer.close()
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    rows.append(("peak RSS (MiB)", figures["peak_rss_mb"]))
    print_table("bench_ingest", rows)
    if a.json:
        emit_json("ingest", figures)
    return figures


if __name__ == "__main__":
    main()
