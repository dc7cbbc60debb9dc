#!/usr/bin/env python3
"""Writes data/training/invented.jsonl: invented, redistributable news snippets labelled with ACLED's
25 sub-event types and `none` (issue 13, item 3).

Deterministic (seeded): the same output on every run. Sources: the hand-written sentences in
data/training/handwritten.tsv, plus templates (tools/training_templates.py) filled with many slot
values (tools/training_settings.py) and varied in form: datelines, attribution moved to the front,
a neutral second sentence, counts in words or digits. Every text is written by the Marsad team.

  python3 tools/make_training_data.py [--per-type 48] [--none 420] [--out data/training/invented.jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from training_settings import (  # noqa: E402
    DAYS,
    NUMBERS,
    OUTLETS,
    PROTEST_SETTINGS,
    PROTESTERS,
    SETTINGS,
    SMALL,
    WIRE_ATTR,
)
from training_templates import ARMY_SHORT, PROTESTER_ONE, TEMPLATES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = 13
SUB_TYPES = [
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Suicide bomb",
    "Grenade", "Chemical weapon", "Attack", "Abduction/forced disappearance", "Sexual violence",
    "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    "Violent demonstration", "Mob violence", "Agreement", "Arrests", "Change to group/activity",
    "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
]
LABELS = SUB_TYPES + ["none"]
PROTEST_LABELS = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                  "Violent demonstration"}
# second sentences that say nothing about the type (so that they teach nothing wrong)
FOLLOW_UPS = [
    "Officials did not give further details.", "The area has been tense for weeks.",
    "It was not immediately possible to verify the report independently.",
    "Telephone networks in the area were down, making it hard to confirm details.",
    "The government did not comment.", "More details were expected later in the day.",
    "Local leaders called for calm.", "The report could not be independently confirmed.",
    "Several families have left the area since.", "Roads into the town were closed.",
]
FOLLOW_UPS_EVENT = [  # only for violent sub-types: a claim or its absence, the wounded
    "No group immediately claimed responsibility.", "Several others were wounded and taken to hospital.",
    "The wounded were taken to the district hospital.", "A manhunt was launched for the attackers.",
]
# first words that may be lower-cased after a fronted attribution ("Police said ...")
COMMON_FIRST = {"A", "An", "The", "Gunmen", "Armed", "Unknown", "Unidentified", "Soldiers", "Heavy", "Fierce",
                "Mortar", "Military", "Hundreds", "Thousands", "Residents", "Rescuers", "Medics", "Witnesses",
                "Angry", "Youths", "Security", "Bomb", "Fighters", "After", "Several", "Mobile", "Authorities",
                "Investigators", "Clashes", "Police", "At", "Two", "Gunfire", "Riot", "Rioters", "Demonstrators",
                "Protesters", "Students", "Troops", "Militants", "Snipers", "Engineers", "Relatives", "Women",
                "Bandits", "Militiamen", "Insurgents", "Rebels", "Jihadists", "Opposition"}
FRONT_ATTR = ["Police said", "Officials said", "Residents said", "A military source said", "Witnesses said",
              "Local media reported that", "According to local officials,", "A security official said",
              "Sources in the town said", "Rights groups said"]


def slot_values(label: str, rng: random.Random) -> dict[str, str]:
    s = {k: rng.choice(v) for k, v in rng.choice(SETTINGS).items()}
    p = {k: rng.choice(v) for k, v in rng.choice(PROTEST_SETTINGS).items()}
    protesters = rng.choice(PROTESTERS)
    return {
        **s, "n": rng.choice(NUMBERS), "s": rng.choice(SMALL), "day": rng.choice(DAYS), "attr": rng.choice(WIRE_ATTR),
        "army_short": rng.choice(ARMY_SHORT), "city": p["city"], "pcountry": p["country"], "ppolice": p["police"],
        "issue": p["leader"], "protesters": protesters, "protesters_one": PROTESTER_ONE.get(protesters, "protester"),
    }


def upper_first(t: str) -> str:
    return t[:1].upper() + t[1:] if t else t


def fill(template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    text = re.sub(r"\bthe the\b", "the", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(\w+) \1\b", r"\1", text)  # "Somali Somali"
    text = re.sub(r"\s+", " ", text).strip()
    return upper_first(text)


def vary(text: str, style: str, label: str, slots: dict[str, str], rng: random.Random) -> str:
    """Form variation: dateline, fronted attribution, a second sentence. Headlines stay bare."""
    if style == "headline":
        if rng.random() < 0.15:
            text = text.upper() if rng.random() < 0.2 else text + " - report"
        return text
    first = text.split(" ", 1)[0]
    if style == "wire" and first in COMMON_FIRST and "said" not in text and rng.random() < 0.3:
        text = f"{rng.choice(FRONT_ATTR)} {text[0].lower()}{text[1:]}"
    if rng.random() < 0.3:
        pool = FOLLOW_UPS + (FOLLOW_UPS_EVENT if label not in {"none", "Agreement", "Change to group/activity", "Other",
                                                                "Peaceful protest", "Arrests"} else [])
        text = f"{text} {rng.choice(pool)}"
    if style == "wire" and rng.random() < 0.25:
        place = slots["city"] if label in PROTEST_LABELS else rng.choice([slots["capital"], slots["town"]])
        text = f"{place.upper()} {rng.choice(OUTLETS)} {text}"
    return text


def handwritten(path: Path) -> list[dict[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, style, text = line.split("\t")
        if label not in LABELS:
            raise SystemExit(f"{path}: unknown label {label!r}")
        out.append({"text": text, "label": label, "source": "marsad-invented", "style": style, "origin": "handwritten"})
    return out


def generate(per_type: int, n_none: int, seed: int = SEED) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = handwritten(ROOT / "data/training/handwritten.tsv")
    seen = {r["text"].lower() for r in rows}
    for label in LABELS:
        target = n_none if label == "none" else per_type
        have = sum(r["label"] == label for r in rows)
        templates = TEMPLATES[label]
        i, tries = 0, 0
        while have < target and tries < target * 50:
            tries += 1
            style, template = templates[i % len(templates)]  # round robin: every template is used evenly
            i += 1
            slots = slot_values(label, rng)
            text = vary(fill(template, slots), style, label, slots, rng)
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            rows.append({"text": text, "label": label, "source": "marsad-invented", "style": style,
                         "origin": "template"})
            have += 1
    order = {lab: i for i, lab in enumerate(LABELS)}
    rows.sort(key=lambda r: (order[r["label"]], r["origin"], r["text"]))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-type", type=int, default=48, help="examples per sub-event type (default 48)")
    ap.add_argument("--none", type=int, default=420, help="negative examples (default 420)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=ROOT / "data/training/invented.jsonl")
    a = ap.parse_args()
    rows = generate(a.per_type, a.none, a.seed)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["label"]] = counts.get(r["label"], 0) + 1
    print(f"wrote {len(rows)} examples to {a.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
