#!/usr/bin/env python3
"""Two fixed halves of each development corpus, and scoring on both (issue 12).

Tune a heuristic on half A, judge it on half B (and on the other corpora). The halves are written
into .eval/halves/ (untracked, gitignored: they are copies of ../shared data, which must never be
committed) in each corpus's own format, so that ../shared/tools/score.py reads them with --file.

  python3 tools/halves.py split [--force]
      write .eval/halves/* and .eval/halves/manifest.json (done automatically by `score`)
  python3 tools/halves.py score [--modes acled,gtd,...] [--label NAME] [--jobs 2] [--full]
      run score.py on each half, save .eval/results/NAME.json and NAME.md, print the table
  python3 tools/halves.py compare BASE NEW [--tol 0] [--fail-on-drop]
      deltas NEW - BASE (labels or paths of saved results); flags every metric that got worse
  python3 tools/halves.py show NAME
      print a saved result as the Markdown table

Split rules (docs/evaluation.md; nothing depends on run order or on randomness):
  acled   by country: countries by decreasing row count (ties: sha1 of the name), each to the half
          with fewer rows so far
  gtd     by year, the same greedy rule on the year's row count
  gwn/lgl by article: sha1 parity of the article key (GeoWebNews `file`, LGL `docid`)
  ucdp    by headline: rows with the same headline text (as score.py cleans it) form one unit, whose
          key is its smallest row id; sha1 parity of that id. Rows without text: their own id
  ipe     by document: sha1 parity of doc_id (docs.jsonl, sents.jsonl, metadata.csv)
  dedup   by gold cluster: clusters joined by a shared report or a distractor's anchor form one unit,
          keyed by its smallest cluster id; sha1 parity of that id
  news, articles, seed: too small to halve (20, 31 and 1 documents); scored on the full corpus.
  speed: timing, not accuracy; not run.

Standard library only. score.py is run with .venv/bin/python (as in README's Accuracy section: it has
rapidfuzz, which score.py's lenient admin1 match uses when importable; --python to change), at most
--jobs (default 2) at a time, from this checkout's root with PYTHONPATH=<root>/src, so a worktree
scores its own code.
"""
import argparse
import csv
import datetime as dt
import gzip
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / ".eval"
HALVES = EVAL / "halves"
RESULTS = EVAL / "results"
RULES_VERSION = 2  # bump when a split rule changes: the halves are then rewritten
HALF_NAMES = ("A", "B")
SALT = "marsad-halves"


def shared_dir(arg=None):
    return Path(arg or os.environ.get("MARSAD_SHARED") or ROOT.parent / "shared").resolve()


def sources(shared):
    d = shared / "data"
    return {
        "acled": d / "events/acled-2020-04-27_to_05-03.csv",
        "gtd": d / "events/gtd-iraq-2012_to_2016.csv",
        "gwn": d / "geoparsing/GeoWebNews.xml",
        "lgl": d / "geoparsing/LGL.xml",
        "ucdp": d / "events/ucdp-ged-syria-2016_to_2018.csv.gz",
        "ipe": d / "events/indiapoliceevents",
        "dedup": d / "dedup",
    }


def parity(corpus, key):
    """0 (half A) or 1 (half B): a stable hash of the unit's key, the same on every machine and run."""
    return hashlib.sha1(f"{SALT}:{corpus}:{key}".encode()).digest()[0] & 1


def balanced(corpus, sizes):
    """Greedy: units by decreasing size (ties by sha1 of the key) to the half with fewer rows so far."""
    order = sorted(sizes, key=lambda k: (-sizes[k], hashlib.sha1(f"{SALT}:{corpus}:{k}".encode()).hexdigest()))
    load, out = [0, 0], {}
    for k in order:
        h = 0 if load[0] <= load[1] else 1
        out[k] = h
        load[h] += sizes[k]
    return out


# --- reading records verbatim ----------------------------------------------------------------------
def open_text(path, mode="r"):
    if str(path).endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8", newline="")
    return open(path, mode, encoding="utf-8", newline="")


def csv_records(path):
    """(header text, [(raw text of one record, row dict)]): each record exactly as in the file."""
    csv.field_size_limit(1 << 30)
    with open_text(path) as f:
        buf = []

        def lines():
            for line in f:
                buf.append(line)
                yield line

        reader = csv.reader(lines())
        header = next(reader)
        head_raw = "".join(buf)
        buf.clear()
        out = []
        for row in reader:
            raw = "".join(buf)
            buf.clear()
            if not row:  # a blank line: keep it with the record before it
                if out:
                    out[-1] = (out[-1][0] + raw, out[-1][1])
                continue
            out.append((raw, dict(zip(header, row, strict=False))))
    return head_raw, out


def jsonl_records(path):
    """[(raw bytes of one line, parsed object)]; blank lines are dropped."""
    out = []
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                out.append((line, json.loads(line)))
    return out


def write_atomic(path, data):
    """Writes bytes or text to path via a temporary file (concurrent runs never see half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".")
    with os.fdopen(fd, "wb") as f:
        if isinstance(data, str):
            data = data.encode("utf-8")
        if str(path).endswith(".gz"):
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as g:
                g.write(data)
        else:
            f.write(data)
    os.replace(tmp, path)


def sha256_of(path):
    h = hashlib.sha256()
    paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for p in paths:
        h.update(str(p.relative_to(path) if path.is_dir() else p.name).encode())
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


# --- one splitter per corpus: each returns {"files": {half: path}, "units": {half: [...]}, "rows": {...}} --
def split_csv(src, dest, assign, records=None):
    """assign(row) -> 0/1; writes dest(A/B) with the header and the records in their original order."""
    head, recs = records or csv_records(src)
    parts, rows = [[head], [head]], [0, 0]
    for raw, row in recs:
        h = assign(row)
        parts[h].append(raw)
        rows[h] += 1
    files = {}
    for h, name in enumerate(HALF_NAMES):
        files[name] = dest(name)
        write_atomic(files[name], "".join(parts[h]))
    return files, rows


def split_acled(src, out):
    head, recs = csv_records(src)
    sizes, names = {}, {}
    for _, r in recs:  # the key is the country's code: one row has `iso` but a blank `country`
        sizes[r["iso"]] = sizes.get(r["iso"], 0) + 1
        if r["country"]:
            names[r["iso"]] = r["country"]
    half = balanced("acled", sizes)
    files, rows = split_csv(src, lambda n: out / f"acled-{n}.csv", lambda r: half[r["iso"]], (head, recs))
    units = {n: sorted(names.get(k, f"iso {k}") for k, h in half.items() if h == i) for i, n in enumerate(HALF_NAMES)}
    return {"unit": "country", "files": files, "rows": rows, "units": units}


def split_gtd(src, out):
    head, recs = csv_records(src)
    sizes = {}
    for _, r in recs:
        y = r["date"][:4]
        sizes[y] = sizes.get(y, 0) + 1
    half = balanced("gtd", sizes)
    files, rows = split_csv(src, lambda n: out / f"gtd-{n}.csv", lambda r: half[r["date"][:4]], (head, recs))
    units = {n: sorted(k for k, h in half.items() if h == i) for i, n in enumerate(HALF_NAMES)}
    return {"unit": "year", "files": files, "rows": rows, "units": units}


ARTICLE_RX = re.compile(r"<article[\s>].*?</article>", re.DOTALL)


def split_gritta(corpus, src, out):
    """Articles copied verbatim: the text before the first and after the last article is kept."""
    import xml.etree.ElementTree as ET

    text = src.read_text(encoding="utf-8")
    spans = [m.span() for m in ARTICLE_RX.finditer(text)]
    n_parsed = sum(1 for _ in ET.fromstring(text.encode("utf-8")).iter("article"))
    if len(spans) != n_parsed:
        raise SystemExit(f"{src}: {len(spans)} <article> spans but {n_parsed} parsed articles")
    head, tail = text[: spans[0][0]], text[spans[-1][1]:]
    parts, count, toponyms = [[head], [head]], [0, 0], [0, 0]
    prev_end = spans[0][0]
    for i, (s, e) in enumerate(spans):
        chunk = text[s:e]
        sep = text[prev_end:s] if i else ""
        prev_end = e
        m = re.match(r"<article\b[^>]*?\b(?:docid|file)=\"([^\"]*)\"", chunk)
        key = m.group(1) if m else str(i)
        h = parity(corpus, key)
        # each article keeps the whitespace that preceded it (the first one: none, head has it)
        parts[h].append((sep if count[h] else "") + chunk)
        count[h] += 1
        toponyms[h] += len(re.findall(r"<(?:toponym|location)>", chunk))
    files = {}
    for h, name in enumerate(HALF_NAMES):
        files[name] = out / f"{corpus}-{name}.xml"
        write_atomic(files[name], "".join(parts[h]) + tail)
        ET.parse(files[name])  # must stay well-formed
    return {"unit": "article", "files": files, "rows": count, "toponyms": toponyms}


def load_score_module(shared):
    spec = importlib.util.spec_from_file_location("marsad_score", shared / "tools/score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def split_ucdp(src, out, score_mod):
    head, recs = csv_records(src)
    unit_of_text = {}
    keys = []
    for _, r in recs:
        rid = str(int(float(r["id"])))
        text = score_mod.ucdp_text(r["source_headline"])
        if text is None:
            keys.append(rid)
            continue
        norm = re.sub(r"\W+", " ", text.lower()).strip()
        cur = unit_of_text.get(norm)
        unit_of_text[norm] = rid if cur is None or int(rid) < int(cur) else cur
        keys.append(("t", norm))
    keys = [unit_of_text[k[1]] if isinstance(k, tuple) else k for k in keys]
    half = {id(r): parity("ucdp", k) for (_, r), k in zip(recs, keys, strict=True)}
    files, rows = split_csv(src, lambda n: out / f"ucdp-{n}.csv.gz", lambda r: half[id(r)], (head, recs))
    return {"unit": "headline (smallest row id)", "files": files, "rows": rows,
            "headlines": {n: sum(1 for k in set(unit_of_text.values()) if parity("ucdp", k) == i)
                          for i, n in enumerate(HALF_NAMES)}}


def split_ipe(src, out):
    dirs = {n: out / f"ipe-{n}" for n in HALF_NAMES}
    docs = [0, 0]
    for name in ("docs.jsonl", "sents.jsonl"):
        parts = [[], []]
        for raw, obj in jsonl_records(src / name):
            h = parity("ipe", obj["doc_id"])
            parts[h].append(raw)
            if name == "docs.jsonl":
                docs[h] += 1
        for h, n in enumerate(HALF_NAMES):
            write_atomic(dirs[n] / name, b"".join(parts[h]))
    if (src / "metadata.csv").exists():
        split_csv(src / "metadata.csv", lambda n: dirs[n] / "metadata.csv", lambda r: parity("ipe", int(r["doc_id"])))
    return {"unit": "document", "files": dirs, "rows": docs}


def split_dedup(src, out):
    head, recs = csv_records(src / "gold.csv")
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x, y):
        a, b = find(x), find(y)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first = {}
    for _, r in recs:
        c = r["cluster_id"]
        find(c)
        if r["report_id"] in first:
            union(first[r["report_id"]], c)
        first.setdefault(r["report_id"], c)
        m = re.match(r"distractor near (c\d+)", r["note"])
        if m:
            union(c, m.group(1))
    sizes = {}
    for c in first.values():
        sizes[find(c)] = sizes.get(find(c), 0) + 1
    group_half = balanced("dedup", sizes)
    report_half = {rep: group_half[find(c)] for rep, c in first.items()}
    files, rows = {}, [0, 0]
    reports = jsonl_records(src / "reports.jsonl")
    for h, n in enumerate(HALF_NAMES):
        d = out / f"dedup-{n}"
        write_atomic(d / "reports.jsonl", b"".join(raw for raw, o in reports if report_half.get(o["id"]) == h))
        write_atomic(d / "gold.csv", head + "".join(raw for raw, r in recs if report_half[r["report_id"]] == h))
        files[n] = d / "reports.jsonl"
        rows[h] = sum(1 for o in report_half.values() if o == h)
    units = {c for c in parent if find(c) == c}
    clusters = {n: sum(1 for c in parent if group_half[find(c)] == i) for i, n in enumerate(HALF_NAMES)}
    missing = [o["id"] for _, o in reports if o["id"] not in report_half]
    return {"unit": f"gold cluster group ({len(units)} groups)", "files": files, "rows": rows,
            "clusters": clusters, "reports_without_gold": len(missing)}


SPLIT_CORPORA = ["acled", "gtd", "gwn", "lgl", "ucdp", "ipe", "dedup"]


def do_split(shared, corpora, force=False, quiet=False):
    src = sources(shared)
    man_path = HALVES / "manifest.json"
    manifest = json.loads(man_path.read_text()) if man_path.exists() else {}
    score_mod = None
    changed = False
    for c in corpora:
        digest = sha256_of(src[c])
        entry = manifest.get(c)
        if (not force and entry and entry.get("source_sha256") == digest and entry.get("rules") == RULES_VERSION
                and all(Path(p).exists() for p in entry["files"].values())):
            continue
        t0 = time.perf_counter()
        if c == "acled":
            info = split_acled(src[c], HALVES)
        elif c == "gtd":
            info = split_gtd(src[c], HALVES)
        elif c in ("gwn", "lgl"):
            info = split_gritta(c, src[c], HALVES)
        elif c == "ucdp":
            score_mod = score_mod or load_score_module(shared)
            info = split_ucdp(src[c], HALVES, score_mod)
        elif c == "ipe":
            info = split_ipe(src[c], HALVES)
        elif c == "dedup":
            info = split_dedup(src[c], HALVES)
        info["files"] = {k: str(v) for k, v in info["files"].items()}
        info["rows"] = dict(zip(HALF_NAMES, info["rows"], strict=True))
        for k in ("toponyms",):
            if k in info:
                info[k] = dict(zip(HALF_NAMES, info[k], strict=True))
        info.update(source=str(src[c]), source_sha256=digest, rules=RULES_VERSION)
        manifest[c] = info
        changed = True
        if not quiet:
            print(f"split {c}: by {info['unit']}: A {info['rows']['A']}, B {info['rows']['B']} "
                  f"({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    if changed:
        write_atomic(man_path, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


# --- scoring ---------------------------------------------------------------------------------------
# mode -> (score.py arguments before --file, the corpus split for it or None (full corpus only))
MODES = {
    "acled": (["acled"], "acled"),
    "gtd": (["gtd"], "gtd"),
    "gwn": (["geoparse", "--corpus", "gwn"], "gwn"),
    "lgl": (["geoparse", "--corpus", "lgl"], "lgl"),
    "ucdp": (["ucdp"], "ucdp"),
    "ipe": (["ipe"], "ipe"),
    "dedup": (["dedup"], "dedup"),
    "news": (["news"], None),
    "articles": (["articles"], None),
    "seed": (["seed"], None),
}
DEFAULT_MODES = list(MODES)
# rough relative cost, to start the long runs first
COST = {"acled": 10, "gtd": 8, "ipe": 7, "lgl": 6, "ucdp": 4, "gwn": 3, "dedup": 3, "news": 1, "articles": 1, "seed": 0}
# metrics where lower is better; NEUTRAL ones have no better direction (counts, rates, speed)
LOWER = {"over_count", "auc_log_error", "duplicates_per_event", "false_background", "false_other",
         "reports_without_event", "wrong_pairs", "wrong_pairs_distractor_anchor", "extra"}
NEUTRAL = {"events_per_doc", "events_per_incident", "docs_per_s", "events", "gold_clusters", "gold_pairs",
           "pred_pairs", "n"}
LINE_RX = re.compile(r"^(\S+) (\w+): (-?\d+(?:\.\d+)?)$")


def parse_output(text):
    """The metric lines score.py's report() prints ('acled admin1: 0.730'), n=, and the figure line."""
    metrics, n, figure = {}, None, None
    for line in text.splitlines():
        m = LINE_RX.match(line.strip())
        if m:
            v = m.group(3)
            metrics[m.group(2)] = float(v) if "." in v else int(v)
            continue
        m = re.match(r"^n=(\d+)", line)
        if m:
            n = int(m.group(1))
        if line.startswith("figure:"):
            figure = line[len("figure:"):].strip()
    if figure and figure.startswith("seed"):
        m = re.search(r"matched (\d+)/(\d+), extra (\d+)", figure)
        if m:
            metrics.update(matched=int(m.group(1)), extra=int(m.group(3)))
            n = int(m.group(2))
    return metrics, n, figure


def run_one(job, python, env, logdir):
    mode, half, args = job
    t0 = time.perf_counter()
    p = subprocess.run([python, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    log = logdir / f"{mode}-{half}.txt"
    write_atomic(log, f"$ {' '.join(args)}\n# exit {p.returncode}, {secs:.1f}s\n{p.stdout}\n--- stderr ---\n{p.stderr[-4000:]}")
    metrics, n, figure = parse_output(p.stdout)
    res = {"metrics": metrics, "n": n, "figure": figure, "seconds": round(secs, 1), "exit": p.returncode}
    if p.returncode != 0 or not metrics:
        res["error"] = (p.stdout.strip().splitlines() or ["no output"])[-1][:300] + " | " + p.stderr.strip()[-300:]
    print(f"  {mode:8s} {half:4s} {secs:6.1f}s  {figure or res.get('error', '')}", file=sys.stderr, flush=True)
    return mode, half, res


def git(*args):
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def cmd_score(a):
    shared = shared_dir(a.shared)
    modes = [m.strip() for m in a.modes.split(",") if m.strip()] if a.modes else DEFAULT_MODES
    bad = [m for m in modes if m not in MODES]
    if bad:
        raise SystemExit(f"unknown modes {bad}; choose from {','.join(MODES)}")
    manifest = do_split(shared, [MODES[m][1] for m in modes if MODES[m][1]])
    venv_python = ROOT / ".venv/bin/python"
    python = a.python or (str(venv_python) if venv_python.exists() else shutil.which("python3") or sys.executable)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    score_py = str(shared / "tools/score.py")
    jobs = []
    for m in modes:
        args, corpus = MODES[m]
        if corpus:
            for h in HALF_NAMES:
                extra = ["--limit", str(a.ucdp_limit)] if m == "ucdp" and a.ucdp_limit is not None else []
                extra += ["--limit", str(a.ipe_limit)] if m == "ipe" and a.ipe_limit is not None else []
                jobs.append((m, h, [score_py, *args, "--file", manifest[corpus]["files"][h], *extra]))
        if corpus is None or a.full:
            jobs.append((m, "full", [score_py, *args]))
    jobs.sort(key=lambda j: -COST.get(j[0], 1) * (2 if j[1] == "full" else 1))
    label = a.label or (git("rev-parse", "--short", "HEAD") or "run") + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")
    if not re.fullmatch(r"[\w.+-]+", label):
        raise SystemExit(f"label {label!r}: use letters, digits, . + - _")
    logdir = RESULTS / f"{label}.logs"
    fuzzy = subprocess.run([python, "-c", "import rapidfuzz"], capture_output=True).returncode == 0
    njobs = max(1, min(2, a.jobs))
    print(f"scoring {ROOT / 'src'} with {python} (rapidfuzz {'yes' if fuzzy else 'no'}): {len(jobs)} runs, "
          f"{njobs} at a time; logs in {logdir}", file=sys.stderr)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=njobs) as ex:
        done = list(ex.map(lambda j: run_one(j, python, env, logdir), jobs))
    wall = time.perf_counter() - t0
    results = {}
    for mode, half, res in done:
        results.setdefault(mode, {})[half] = res
    out = {
        "label": label, "created": dt.datetime.now().isoformat(timespec="seconds"),
        "commit": git("rev-parse", "HEAD"), "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        # the scored code itself: commits that change only tools or docs keep the same src tree
        "src_tree": git("rev-parse", "HEAD:src"), "src_dirty": bool(git("status", "--porcelain", "--", "src")),
        "python": python, "rapidfuzz": fuzzy, "jobs": njobs, "wall_seconds": round(wall, 1),
        "ucdp_limit": a.ucdp_limit, "ipe_limit": a.ipe_limit, "rules": RULES_VERSION,
        "halves": {c: {"unit": e["unit"], "rows": e["rows"]} for c, e in manifest.items()},
        "modes": {m: results[m] for m in modes if m in results},
    }
    path = RESULTS / f"{label}.json"
    write_atomic(path, json.dumps(out, indent=1) + "\n")
    md = table(out)
    write_atomic(RESULTS / f"{label}.md", md)
    print(md)
    print(f"saved {path} and {path.with_suffix('.md')} ({wall / 60:.1f} min)", file=sys.stderr)
    failed = [f"{m}/{h}" for m, hs in results.items() for h, r in hs.items() if "error" in r]
    if failed:
        print("FAILED runs: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


def fmt(v):
    if v is None:
        return "–"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def columns(modes):
    return [h for h in ("A", "B", "full") if any(h in r for r in modes.values())]


def short_path(p):
    try:
        return str(Path(p).relative_to(ROOT))
    except ValueError:
        return p


def table(res):
    cols = columns(res["modes"])
    lines = [f"Results `{res['label']}`: commit {res['commit'][:10]}{' (dirty)' if res['dirty'] else ''}, "
             f"src tree {res.get('src_tree', '')[:10]}{' (modified)' if res.get('src_dirty') else ''}, "
             f"{res['created']}, score.py under {short_path(res['python'])} "
             f"(rapidfuzz {'yes' if res['rapidfuzz'] else 'no'}), {res['wall_seconds'] / 60:.1f} min wall", ""]
    lines += ["| mode | metric | " + " | ".join(cols) + " |", "|---|---|" + "---:|" * len(cols)]
    for mode, halves in res["modes"].items():
        names = []
        for h in cols:
            for k in (halves.get(h) or {}).get("metrics", {}):
                if k not in names and k != "docs_per_s":
                    names.append(k)
        lines.append(f"| {mode} | n | " + " | ".join(fmt((halves.get(h) or {}).get("n")) for h in cols) + " |")
        for k in names:
            arrow = " ↓" if k in LOWER else ""
            lines.append(f"| {mode} | {k}{arrow} | "
                         + " | ".join(fmt((halves.get(h) or {}).get("metrics", {}).get(k)) for h in cols) + " |")
        errs = [f"{h}: {r['error']}" for h, r in halves.items() if "error" in r]
        if errs:
            lines.append(f"| {mode} | ERROR | " + " | ".join(errs) + " |")
    lines += ["", "↓: lower is better. n: documents scored (gwn, lgl: gold toponyms; seed: gold events). Seconds per run: "
              + ", ".join(f"{m} " + "/".join(f"{r['seconds']:.0f}" for r in hs.values()) for m, hs in res["modes"].items()),
              ""]
    return "\n".join(lines)


def load_result(x):
    p = Path(x)
    if not p.exists():
        p = RESULTS / (x if x.endswith(".json") else x + ".json")
    return json.loads(p.read_text())


def cmd_compare(a):
    base, new = load_result(a.base), load_result(a.new)
    if base.get("rapidfuzz") != new.get("rapidfuzz"):
        print("warning: score.py ran with and without rapidfuzz: admin1 figures are not comparable")
    for k in ("ucdp_limit", "ipe_limit", "rules"):
        if base.get(k) != new.get(k):
            print(f"warning: {k} differs ({base.get(k)} vs {new.get(k)})")
    cols = [c for c in ("A", "B", "full") if c in columns(base["modes"]) or c in columns(new["modes"])]
    print(f"{new['label']} ({new['commit'][:10]}) - {base['label']} ({base['commit'][:10]})\n")
    print("| mode | metric | " + " | ".join(f"{c} base | {c} new | {c} Δ" for c in cols) + " |")
    print("|---|---|" + "---:|---:|---:|" * len(cols))
    drops, gains = [], []
    for mode in list(dict.fromkeys(list(base["modes"]) + list(new["modes"]))):
        bm, nm = base["modes"].get(mode, {}), new["modes"].get(mode, {})
        names = []
        for src in (bm, nm):
            for h in cols:
                for k in (src.get(h) or {}).get("metrics", {}):
                    if k not in names and k != "docs_per_s":
                        names.append(k)
        for k in names:
            cells, flag = [], []
            for h in cols:
                b = (bm.get(h) or {}).get("metrics", {}).get(k)
                n = (nm.get(h) or {}).get("metrics", {}).get(k)
                d = None if b is None or n is None else n - b
                worse = d is not None and k not in NEUTRAL and ((-d if k not in LOWER else d) > a.tol)
                better = d is not None and k not in NEUTRAL and ((d if k not in LOWER else -d) > a.tol)
                if worse:
                    flag.append(h)
                    drops.append(f"{mode} {k} [{h}] {fmt(b)} -> {fmt(n)}")
                elif better:
                    gains.append(f"{mode} {k} [{h}] {fmt(b)} -> {fmt(n)}")
                ds = "–" if d is None else (f"{d:+.3f}" if isinstance(d, float) else f"{d:+d}")
                cells.append(f"{fmt(b)} | {fmt(n)} | {ds}{' **DROP**' if worse else ''}")
            print(f"| {mode} | {k}{' ↓' if k in LOWER else ''} | " + " | ".join(cells) + " |")
    print(f"\n{len(gains)} better, {len(drops)} worse (tolerance {a.tol})")
    for d in drops:
        print(f"  DROP {d}")
    return 1 if drops and a.fail_on_drop else 0


def cmd_split(a):
    manifest = do_split(shared_dir(a.shared), SPLIT_CORPORA, force=a.force)
    for c in SPLIT_CORPORA:
        e = manifest[c]
        extra = "".join(f", {k} A {e[k]['A']} / B {e[k]['B']}" for k in ("toponyms", "headlines", "clusters") if k in e)
        print(f"{c:6s} by {e['unit']}: rows A {e['rows']['A']} / B {e['rows']['B']}{extra}")
        if "units" in e:
            for h in HALF_NAMES:
                print(f"       {h}: {', '.join(e['units'][h])}")
    return 0


def cmd_show(a):
    print(table(load_result(a.name)))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=None, help="the shared folder (default $MARSAD_SHARED or ../shared)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("split", help="write the halves")
    s.add_argument("--force", action="store_true")
    s = sub.add_parser("score", help="score both halves")
    s.add_argument("--modes", default=None, help="comma-separated: " + ",".join(MODES))
    s.add_argument("--label", default=None, help="results name (default: short commit, -dirty if modified)")
    s.add_argument("--jobs", type=int, default=2, help="score.py processes at a time (at most 2)")
    s.add_argument("--full", action="store_true", help="also score the full corpus of the halved modes")
    s.add_argument("--python", default=None,
                   help="interpreter for score.py (default .venv/bin/python as in README, which has rapidfuzz)")
    s.add_argument("--ucdp-limit", type=int, default=None, help="ucdp documents sampled per half (score.py: 600; 0 all)")
    s.add_argument("--ipe-limit", type=int, default=None, help="ipe documents sampled per half (score.py: 400; 0 all)")
    s = sub.add_parser("compare", help="NEW - BASE, flagging drops")
    s.add_argument("base")
    s.add_argument("new")
    s.add_argument("--tol", type=float, default=0.0, help="ignore changes up to this size")
    s.add_argument("--fail-on-drop", action="store_true", help="exit 1 when a metric got worse")
    s = sub.add_parser("show", help="print a saved result")
    s.add_argument("name")
    a = ap.parse_args()
    return {"split": cmd_split, "score": cmd_score, "compare": cmd_compare, "show": cmd_show}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
