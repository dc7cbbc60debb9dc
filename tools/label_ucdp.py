#!/usr/bin/env python3
"""Labels UCDP GED Syria source headlines with ACLED sub-event types (or `none`) for training.

Writes .eval/training/ucdp.jsonl, outside the repository (gitignored): files of UCDP's data are not
committed, only the tools that label them. Reads ../shared (development data), so only a developer
runs it.

Which rows may be used, so that the team's figures stay honest:
  - never a document `score.py ucdp` samples (its SAMPLE_SEED sample of 600, on the full file), nor any
    other document with the same headline text;
  - never a row of half B of tools/halves.py's ucdp split (by headline, sha1 parity), and not the 600
    documents `score.py ucdp --file ucdp-A.csv.gz` samples from half A either.
The script checks all three exclusions again on its own output before writing it.

Labels: rules on the headline's first segment propose a sub-event type; a headline that matches no
rule or more than one kind is left out (one label per text). Every proposed label was then read
by hand: .eval/training/ucdp_review.tsv (kept beside the output, not committed) holds the verdict on each one read (the label kept, often not the rule's,
or "-" to leave the row out). Only rows with a verdict are written; --list shows the next unread ones.

  python3 tools/label_ucdp.py [--shared ../shared] [--per-label 30] [--list]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 2024

# (label, pattern): a headline whose segment matches exactly one label (after the `none` checks) gets it
RULES: list[tuple[str, str]] = [
    ("Chemical weapon", r"chlorine|chemical|toxic gas|sarin|poison(ous)? gas|asphyxiat"),
    ("Suicide bomb", r"suicide|self-detonat|blew (himself|herself) up|inghimasi"),
    ("Remote explosive/landmine/IED", r"\bIEDs?\b|improvised explosive|land ?mines?|\bmines?\b|explosive device|car bomb|"
     r"booby.?trap|bomb-?laden|motorcycle bomb|(car|vehicle|motorcycle|bicycle) (explosion|explodes|exploded)|"
     r"explosion of an? (car|vehicle|motorcycle|bomb|device|mine|explosive)|rigged|roadside bomb|sticky bomb"),
    ("Grenade", r"grenade"),
    ("Air/drone strike", r"warplanes?|air ?strikes?|air ?raids?|aerial|airplanes?|aircraft|\bjets?\b|helicopters?|barrel bombs?|"
     r"drones?|\braids?\b|bombers"),
    ("Shelling/artillery/missile attack", r"shell(s|ing|ed)?\b|artillery|mortars?|rockets?|missiles?|cannons?|"
     r"surface-to-surface|\bshell\b"),
    ("Abduction/forced disappearance", r"kidnap|abduct|hostage|forcibly disappear|disappearance"),
    ("Arrests", r"\barrest|\bdetain|detention campaign"),
    ("Agreement", r"agreement|truce|cease-?fire|prisoner exchange|swap|\bdeal\b|reconciliation"),
    ("Looting/property destruction", r"\bloot|burn(s|ed|ing)? (down )?(the )?(houses|homes|shops)|demolish|bulldoz|torch"),
    ("Change to group/activity", r"\bmerge|merger|new leader|dissolv|dissolution|announce[sd]? (the )?formation|defect"),
    ("Disrupted weapons use", r"dismantl|defus|shoot(s)? down|shot down|intercept|seize[sd]? (a )?(weapons|ammunition|arms)"),
    ("Peaceful protest", r"protest|demonstrat|sit-in"),
    ("Government regains territory", r"(regime|government|Syrian army|loyalist|pro-regime|Russian-backed|Assad)\b[^.;]*?"
     r"\b(recapture|retake|regain|restore[sd]? (full )?control|take[sn]? (full )?control|took (full )?control|"
     r"capture[sd]?|seize[sd]?|control (over|of)|expand(s|ed)? (their|its) (areas of )?control|liberat)"),
    ("Non-state actor overtakes territory", r"(factions|rebels|ISIS|\bIS\b|Islamic State|opposition|Tahrir al-Sham|\bHTS\b|"
     r"\bSDF\b|Syrian Democratic Forces|jihadists|Jaysh|Nusra|Fateh al-Sham|insurgents|organization)\b[^.;]*?"
     r"\b(capture[sd]?|seize[sd]?|take[sn]? (full )?control|took (full )?control|control (over|of)|"
     r"expand(s|ed)? (their|its) (areas of )?control|storm(s|ed)?|advance[sd]? and (capture|control))"),
    ("Attack", r"assassinat|execut(e|es|ed|ion)|shot dead|gunmen|gunshots?|sniper|slaughter|beheaded|stabbed|"
     r"under torture|tortured to death|killed by (unknown|unidentified|gunmen)"),
    ("Armed clash", r"clash(es|ed)?|fighting|battles?|combats?|exchange of fire|confrontations?|ambush|attack(s|ed)? "
     r"(on )?(the )?positions|repel|counter-?attack|skirmish|offensive|assault"),
]
# aggregates, running tolls, background and statistics: no event of their own
NONE_RX = re.compile(
    r"were killed yesterday|killed yesterday,? including|persons were killed|number of (people|the )?(killed|casualties|"
    r"dead|citizens|civilians|martyrs)|(death )?toll (of|rises|raise|climbs|increases|jumps)|rises? to|raises? to|"
    r"since the (start|beginning)|(more than|about|nearly|over) \d+ (days|months)|during (the )?(last|past)|"
    r"within \d+|\d+ days of|monthly|statistics?|documented|annual|\bmonth\b|this year|since \d{4}|"
    r"(January|February|March|April|May|June|July|August|September|October|November|December) ?[-–] ?"
    r"(January|February|March|April|May|June|July|August|September|October|November|December)|"
    r"the (highest|largest) (death )?toll", re.IGNORECASE)
NONE_STRONG = re.compile(
    r"^\d[\d,]* (persons|people|civilians|citizens) were killed (yesterday|on )|"
    r"were killed yesterday|killed yesterday,? including|number of (people|the )?(killed|casualties|martyrs|"
    r"dead)|monthly|documented|statistics", re.IGNORECASE)

REVIEW_FILE = ROOT / ".eval/training/ucdp_review.tsv"


def read_review() -> dict[str, str | None]:
    """ucdp row id -> the label kept after reading (None: left out)."""
    out: dict[str, str | None] = {}
    if REVIEW_FILE.exists():
        for line in REVIEW_FILE.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rid, label = line.split("\t")
                out[rid] = None if label == "-" else label
    return out


def load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def propose(segment: str) -> str | None:
    """The rule label of one headline segment, or None (no rule, or several kinds)."""
    if NONE_STRONG.search(segment):
        return "none"
    hits = [label for label, rx in RULES if re.search(rx, segment, re.IGNORECASE)]
    # territory rules are more specific than the clash rule they co-occur with
    if any(h in hits for h in ("Government regains territory", "Non-state actor overtakes territory")):
        hits = [h for h in hits if h != "Armed clash"]
    if "Suicide bomb" in hits:
        hits = [h for h in hits if h not in ("Remote explosive/landmine/IED", "Armed clash")]
    if "Chemical weapon" in hits:
        hits = [h for h in hits if h not in ("Air/drone strike", "Shelling/artillery/missile attack")]
    if NONE_RX.search(segment):
        return None  # a toll or a period: too mixed to label by rule
    return hits[0] if len(hits) == 1 else None


def exclusions(shared: Path) -> tuple[set[str], set[str], dict[str, int]]:
    """Row ids and headline texts that must not be used, and counts."""
    score = load_module(shared / "tools/score.py", "marsad_score")
    halves = load_module(ROOT / "tools/halves.py", "marsad_halves")
    src = shared / "data/events/ucdp-ged-syria-2016_to_2018.csv.gz"
    bad_ids: set[str] = set()
    bad_texts: set[str] = set()
    docs, _ = score.load_ucdp(src)
    sampled = score.sample(docs, 600)
    for d in sampled:
        bad_texts.add(norm(d["text"]))
        bad_ids.update(str(int(float(g["id"]))) for g in d["rows"])
    with tempfile.TemporaryDirectory() as tmp:
        info = halves.split_ucdp(src, Path(tmp), score)
        _, b_rows = halves.csv_records(Path(info["files"]["B"]))
        b_ids = {str(int(float(r["id"]))) for _, r in b_rows}
        a_docs, _ = score.load_ucdp(Path(info["files"]["A"]))
    a_sampled = score.sample(a_docs, 600)
    for d in a_sampled:
        bad_texts.add(norm(d["text"]))
        bad_ids.update(str(int(float(g["id"]))) for g in d["rows"])
    counts = {"score_sample_docs": len(sampled), "half_b_rows": len(b_ids), "half_a_sample_docs": len(a_sampled)}
    return bad_ids | b_ids, bad_texts, counts | {"a_docs": len(a_docs)}


def candidates(shared: Path) -> tuple[list[dict[str, Any]], dict[str, int]]:
    score = load_module(shared / "tools/score.py", "marsad_score")
    bad_ids, bad_texts, counts = exclusions(shared)
    docs, _ = score.load_ucdp(shared / "data/events/ucdp-ged-syria-2016_to_2018.csv.gz")
    out, seen = [], set()
    for d in docs:
        ids = {str(int(float(g["id"]))) for g in d["rows"]}
        if ids & bad_ids or norm(d["text"]) in bad_texts:
            continue
        segment = d["text"].split("\n")[0].strip()
        key = norm(segment)
        if key in seen or key in bad_texts or len(segment) > 300:
            continue
        seen.add(key)
        out.append({"id": min(ids, key=int), "rows": sorted(ids, key=int), "text": segment, "tov": d["rows"][0]["tov"],
                    "rule": propose(segment)})
    counts["candidates"] = len(out)
    return out, counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--per-label", type=int, default=30, help="at most this many headlines per label")
    ap.add_argument("--list", action="store_true", help="print the proposed labels for reading, write nothing")
    ap.add_argument("--out", type=Path, default=ROOT / ".eval/training/ucdp.jsonl")
    a = ap.parse_args()
    shared = a.shared.resolve()
    cands, counts = candidates(shared)
    rng = random.Random(SEED)
    rng.shuffle(cands)
    review = read_review()
    if a.list:  # the next unread headlines with a rule label, at most --per-label per label
        per_rule: dict[str, int] = {}
        for c in cands:
            if c["id"] in review or c["rule"] is None or per_rule.get(c["rule"], 0) >= a.per_label:
                continue
            per_rule[c["rule"]] = per_rule.get(c["rule"], 0) + 1
            print(f"{c['id']}\t{c['rule']}\t{c['text']}")
        print(counts, per_rule, file=sys.stderr)
        return 0
    chosen = [dict(c, label=review[c["id"]]) for c in cands if review.get(c["id"])]
    unknown = set(review) - {c["id"] for c in cands}
    if unknown:
        raise SystemExit(f"{REVIEW_FILE}: rows that are not candidates (excluded or changed): {sorted(unknown)[:10]}")
    chosen.sort(key=lambda c: (c["label"], int(c["id"])))
    per: dict[str, int] = {}
    for c in chosen:
        per[c["label"]] = per.get(c["label"], 0) + 1
    # check the exclusions again on what is written
    bad_ids, bad_texts, _ = exclusions(shared)
    for c in chosen:
        assert not set(c["rows"]) & bad_ids and norm(c["text"]) not in bad_texts, c["id"]
    with open(a.out, "w", encoding="utf-8") as f:
        for c in chosen:
            f.write(json.dumps({"text": c["text"], "label": c["label"], "source": "ucdp", "style": "headline",
                                "ucdp_id": c["id"]}, ensure_ascii=False) + "\n")
    print(f"wrote {len(chosen)} headlines to {a.out} ({counts}): " + ", ".join(f"{k} {v}" for k, v in sorted(per.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
