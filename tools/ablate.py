"""Ablation screening: ``../shared/tools/score.py``'s own metrics for gwn, lgl, acled and gtd on the two
halves (``tools/halves.py split``), computed in one process with each half's spaCy parses cached in
``.eval/ablate-cache/``, for a list of ``MARSAD_ABLATE`` settings (comma lists of switch names; ``none``
for none). Only the switches present in the checked-out code exist. The figures equal those of
``tools/halves.py score`` (the same score.py functions run on the same documents; only the CLI call is
replaced by an in-process pipeline with the same stages).

    PYTHONPATH=$PWD/src .venv/bin/python tools/ablate.py gwn,lgl none dollar abbrev,party
"""
import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "tools"))
import score  # noqa
from spacy.tokens import DocBin
from marsad.settings import Settings
from marsad.workflows import make_pipeline, open_gazetteer
from marsad.sources import read_documents
from marsad.gazetteer.records import toponym_record
from marsad.exports import mention_record

settings = Settings.load()
gaz = open_gazetteer(settings)
PIPES = {}

class CachedNLP:
    def __init__(self, real, cache):
        self.real, self.cache = real, cache
        self.vocab = real.vocab
    def pipe(self, texts, batch_size=64):
        for t in texts:
            d = self.cache.get(t)
            yield d if d is not None else self.real(t)
    def __call__(self, t):
        d = self.cache.get(t)
        return d if d is not None else self.real(t)
    def __getattr__(self, k):
        return getattr(self.real, k)

CUR = {"key": None}
CACHES = {}

def get_cache(key, texts, nlp):
    if key in CACHES:
        return CACHES[key]
    os.makedirs(".eval/ablate-cache", exist_ok=True)
    path = f".eval/ablate-cache/{key}.spacy"
    if os.path.exists(path):
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe(texts, batch_size=64))
        db = DocBin(store_user_data=True)
        for d in docs:
            db.add(d)
        db.to_disk(path)
    CACHES[key] = {d.text: d for d in docs}
    return CACHES[key]

def run_cli(args, docs, timeout=0):
    names = ("nlp", "geoparse") if args[0] == "geoparse" else None
    pk = names or "all"
    if pk not in PIPES:
        PIPES[pk] = make_pipeline(settings, gaz, names=names) if names else make_pipeline(settings, gaz)
    pipe = PIPES[pk]
    real = pipe.resources.nlp if isinstance(pipe.resources.nlp, CachedNLP) else None
    base = real.real if real else pipe.resources.get_nlp()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    documents = [d for d in read_documents([f.name], max_bytes=settings.max_bytes) if not isinstance(d, Exception)]
    os.unlink(f.name)
    cache = get_cache(CUR["key"], [d.text for d in documents], base)
    pipe.resources.nlp = CachedNLP(base, cache)
    t0 = time.perf_counter()
    out = []
    for a in pipe.run(documents, batch_size=64):
        if args[0] == "geoparse":
            places = [toponym_record(t) for t in a.toponyms if t.place is not None and t.place.latitude is not None]
            out.append({"doc_id": a.document.id, "places": places})
        else:
            out.extend(json.loads(json.dumps(mention_record(m, a.document), default=str)) for m in a.mentions)
    return out, time.perf_counter() - t0

score.run_cli = run_cli
CAPT = {}
score.report = lambda name, m, n, extra="": CAPT.update(m=m)

KEYS = {"gwn": ["acc161_of_all"], "lgl": ["acc161_of_all"], "acled": ["admin1", "within_25km"], "gtd": ["admin1", "within_25km"]}

def run(mode, half):
    CUR["key"] = f"{mode}-{half}"
    ext = "xml" if mode in ("gwn", "lgl") else "csv"
    ns = argparse.Namespace(file=f".eval/halves/{mode}-{half}.{ext}", min={}, limit=None, corpus=mode)
    with contextlib.redirect_stdout(io.StringIO()):
        if mode in ("gwn", "lgl"):
            score.cmd_geoparse(ns)
        elif mode == "acled":
            score.cmd_acled(ns)
        else:
            score.cmd_gtd(ns)
    return CAPT["m"]

modes = sys.argv[1].split(",")
configs = sys.argv[2:]
res = {}
for cfg in configs:
    os.environ["MARSAD_ABLATE"] = "" if cfg == "none" else cfg
    row = []
    for mode in modes:
        for half in "AB":
            m = run(mode, half)
            for k in KEYS[mode]:
                row.append(f"{mode}{half}.{k[:6]}={m[k]:.3f}")
    print(f"{cfg:30s} " + " ".join(row), flush=True)
