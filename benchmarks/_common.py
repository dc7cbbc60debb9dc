"""Shared helpers for the benchmark scripts: a synthetic news corpus, peak memory, and output.

The corpus is generated here, from templates written for this project, so that the benchmarks need
no licensed data (``../shared`` is never read). Texts are shaped like the wire stories Marsad is
fed: a dateline, one to four event sentences (clashes, air strikes, bombings, arrests, protests) in
real places across several countries, and filler sentences (quotes, background, reactions) that
exercise spaCy without producing events. Lengths average about 1,900 characters, close to the
news-article corpora the project's accuracy and speed figures are measured on, so docs/s here is
comparable with ``score.py speed``.
"""

from __future__ import annotations

import json
import platform
import random
import resource
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"

# (place, province, country) triples: real places, so that the gazetteer has work to do.
PLACES: list[tuple[str, str, str]] = [
    ("Baqubah", "Diyala", "Iraq"), ("Kirkuk", "Kirkuk", "Iraq"), ("Tikrit", "Salahuddin", "Iraq"),
    ("Ramadi", "Anbar", "Iraq"), ("Mosul", "Nineveh", "Iraq"), ("Samarra", "Salahuddin", "Iraq"),
    ("Idlib", "Idlib", "Syria"), ("Deir ez-Zor", "Deir ez-Zor", "Syria"), ("Daraa", "Daraa", "Syria"),
    ("Raqqa", "Raqqa", "Syria"), ("Afrin", "Aleppo", "Syria"),
    ("Maiduguri", "Borno", "Nigeria"), ("Bama", "Borno", "Nigeria"), ("Zaria", "Kaduna", "Nigeria"),
    ("Gusau", "Zamfara", "Nigeria"),
    ("Mopti", "Mopti", "Mali"), ("Gao", "Gao", "Mali"), ("Timbuktu", "Tombouctou", "Mali"),
    ("Kismayo", "Lower Juba", "Somalia"), ("Baidoa", "Bay", "Somalia"), ("Mogadishu", "Banaadir", "Somalia"),
    ("Kandahar", "Kandahar", "Afghanistan"), ("Jalalabad", "Nangarhar", "Afghanistan"),
    ("Kunduz", "Kunduz", "Afghanistan"), ("Ghazni", "Ghazni", "Afghanistan"),
    ("Taiz", "Taiz", "Yemen"), ("Marib", "Marib", "Yemen"), ("Hodeidah", "Hodeidah", "Yemen"),
    ("Beni", "North Kivu", "Democratic Republic of the Congo"),
    ("Bunia", "Ituri", "Democratic Republic of the Congo"),
    ("Goma", "North Kivu", "Democratic Republic of the Congo"),
    ("Myitkyina", "Kachin", "Myanmar"), ("Sittwe", "Rakhine", "Myanmar"),
    ("Culiacan", "Sinaloa", "Mexico"), ("Tumaco", "Narino", "Colombia"),
    ("Peshawar", "Khyber Pakhtunkhwa", "Pakistan"), ("Quetta", "Balochistan", "Pakistan"),
    ("Kharkiv", "Kharkiv", "Ukraine"), ("Donetsk", "Donetsk", "Ukraine"),
]
# Transliteration and spelling variants that real reports use for the same places.
VARIANTS: list[str] = [
    "Baquba", "Ba'qubah", "Kerkuk", "Al-Ramadi", "Al Mawsil", "Deir al-Zour", "Dara'a", "Ar-Raqqah",
    "Maidugiri", "Kismaayo", "Muqdisho", "Qandahar", "Jalal-Abad", "Ta'izz", "Al Hudaydah",
    "Ma'rib", "Culiacán", "Kharkov", "Donetsk'", "Timbuktoo",
]

DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
        "on Sunday", "late on Friday", "early on Tuesday", "overnight", "yesterday"]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "ten", "12", "15", "at least 20"]
SOURCES = ["a police officer said", "local officials said", "a security source told reporters",
           "residents said", "the provincial governor said", "a hospital source said"]

EVENT_TEMPLATES: list[str] = [
    "Gunmen killed {n} policemen at a checkpoint near {place} in {province} province {day}, {source}.",
    "Security forces clashed with militants on the outskirts of {place} {day}, leaving {n} fighters dead.",
    "An air strike hit a market in {place}, {province}, {day}, killing {n} civilians, {source}.",
    "A roadside bomb exploded as an army convoy passed through {place} {day}, wounding {n} soldiers.",
    "A suicide bomber blew himself up outside a mosque in {place} {day}, killing {n} worshippers.",
    "Police arrested {n} suspected members of an armed group in {place} {day}, {source}.",
    "Hundreds of people protested in {place} {day} against the rising cost of fuel; the march was peaceful.",
    "Police fired tear gas to disperse protesters who blocked the main road into {place} {day}.",
    "Armed men abducted {n} farmers from a village near {place} in {province} {day}, {source}.",
    "Artillery shelling of residential districts in {place} {day} killed {n} people and destroyed homes.",
    "Militants attacked a military base near {place} {day}; the army said it repelled the assault.",
    "Rebels took control of {place} after {day}'s fighting with government troops, {source}.",
    "A drone strike on a vehicle near {place}, {country}, {day} killed {n} suspected militants.",
    "Unidentified gunmen shot dead a local official in {place} {day}, {source}.",
]
FILLER: list[str] = [
    "The government has promised to restore order and to compensate the families of the victims.",
    "No group has so far claimed responsibility for the attack.",
    "The area has seen repeated violence over the past year, according to a United Nations report.",
    "Aid agencies say tens of thousands of people have been displaced by the fighting since January.",
    "\"We are tired of living in fear,\" said a shopkeeper who asked not to be named.",
    "The ministry of defence did not respond to a request for comment.",
    "Prices of bread and cooking oil have doubled in local markets, traders said.",
    "Schools in the district have been closed for three weeks.",
    "Analysts say the security situation has worsened since the withdrawal of foreign troops.",
    "The United Nations envoy called on all parties to respect international humanitarian law.",
    "Mobile phone networks were cut in parts of the province for several hours.",
    "Officials said an investigation had been opened and that more arrests were expected.",
    "The road linking the two cities reopened later in the day after the army cleared it.",
    "Local elders met the governor to ask for more protection for farmers during the harvest.",
    "Hospital staff appealed for blood donations as the wounded arrived throughout the night.",
    "The president condemned the violence in a statement broadcast on state television.",
    "Electricity supplies were restored in most neighbourhoods by the evening.",
    "Fuel shortages have forced many families to rely on firewood for cooking.",
    "The opposition accused the authorities of failing to protect civilians.",
    "Human rights groups have called for an independent inquiry.",
    "Witnesses described hearing several loud explosions followed by heavy gunfire.",
    "The authorities imposed a curfew in the town until further notice.",
    "Several shops and a petrol station were damaged, according to photographs shared online.",
    "A spokesman for the armed forces said operations in the area would continue.",
    "The regional health directorate said medical teams had been sent to the scene.",
    "Community leaders urged young people not to join armed groups.",
    "The fighting has disrupted the planting season, and food insecurity is rising.",
    "Journalists were not allowed to enter the area, making independent verification difficult.",
    "Parliament is expected to debate an extension of the state of emergency next week.",
    "Negotiations between the two sides broke down last month.",
    "Many residents have sent their families to stay with relatives in safer districts.",
    "The interior minister visited the wounded in hospital and promised swift justice.",
    "A local radio station said the attackers arrived on motorcycles.",
    "Security has been stepped up around government buildings and places of worship.",
    "The violence comes weeks before local elections are due to take place.",
    "Officials did not say how many of the dead were civilians.",
    "Water and sanitation services have been badly affected by the conflict.",
    "Relatives gathered outside the morgue waiting for news of the missing.",
    "An international charity suspended its activities in the district after the incident.",
    "Residents said the situation was calm but tense by the afternoon.",
]
BACKGROUND: list[str] = [
    "{place} lies about {km} kilometres from {other}, the capital of {province}.",
    "The road between {place} and {other} has been the scene of frequent ambushes.",
    "Thousands of people from {other} have taken refuge in {place} in recent months.",
    "{province} borders the province where {other} is located and has a long history of unrest.",
]
AGENCIES = ["Reuters", "AFP", "AP", "Xinhua", "Anadolu", "Local Wire"]


def make_texts(n: int, seed: int = 13) -> list[tuple[str, str, date]]:
    """``n`` synthetic articles as (title, text, published), deterministic for a given seed."""
    rng = random.Random(seed)
    out: list[tuple[str, str, date]] = []
    start = date(2021, 1, 1)
    for _ in range(n):
        place, province, country = rng.choice(PLACES)
        published = start + timedelta(days=rng.randrange(700))
        agency = rng.choice(AGENCIES)
        sentences: list[str] = []
        same_country = [x for x in PLACES if x[2] == country]
        for _e in range(rng.randint(1, 4)):
            # Most events are in the dateline's town; some elsewhere in the same country.
            p, prov, ctry = rng.choice(same_country) if rng.random() < 0.3 else (place, province, country)
            if rng.random() < 0.1:
                p = rng.choice(VARIANTS)
            tmpl = rng.choice(EVENT_TEMPLATES)
            sentences.append(tmpl.format(place=p, province=prov, country=ctry, day=rng.choice(DAYS),
                                         n=rng.choice(NUMBERS), source=rng.choice(SOURCES)))
        fillers = rng.sample(FILLER, rng.randint(12, 28))
        other = rng.choice([p for p in PLACES if p[2] == country and p[0] != place] or PLACES)[0]
        fillers.insert(rng.randint(2, len(fillers)), rng.choice(BACKGROUND).format(
            place=place, other=other, province=province, km=rng.choice([20, 45, 60, 90, 150])))
        body = sentences[:1] + fillers[:2] + sentences[1:] + fillers[2:]
        # Paragraphs of one to three sentences, as wire copy is laid out.
        paras: list[str] = []
        i = 0
        while i < len(body):
            k = rng.randint(1, 3)
            paras.append(" ".join(body[i:i + k]))
            i += k
        lead = f"{place.upper()}, {country} ({agency}) - "
        title = sentences[0].split(",")[0][:80]
        out.append((title, lead + "\n\n".join(paras), published))
    return out


def make_documents(n: int, seed: int = 13, prefix: str = "b") -> list[Any]:
    """``n`` synthetic ``marsad.model.Document`` objects with distinct ids and texts."""
    from marsad.model import Document

    return [Document(id=f"{prefix}{i}", title=t, text=x, published=d, source="synthetic")
            for i, (t, x, d) in enumerate(make_texts(n, seed))]


def write_jsonl(path: Path, docs: Sequence[Any]) -> None:
    """Documents as the JSONL that ``marsad extract`` and ``score.py`` feed the CLI."""
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d.id, "title": d.title, "text": d.text,
                                "published": d.published.isoformat(), "language": "en"}) + "\n")


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident set size of this process (or of its finished children), in MiB."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    # Linux reports kilobytes, macOS bytes.
    return usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def machine() -> dict[str, Any]:
    import os

    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


def print_table(title: str, rows: Sequence[tuple[str, Any]]) -> None:
    """A two-column table of labelled figures on stdout."""
    width = max(len(k) for k, _ in rows)
    print(title)
    print("-" * len(title))
    for k, v in rows:
        if isinstance(v, float):
            v = f"{v:,.2f}" if abs(v) < 1000 else f"{v:,.0f}"
        print(f"  {k:<{width}}  {v}")


def emit_json(bench: str, figures: dict[str, Any]) -> None:
    """One JSON line (for scripts that collect results): the bench name, its figures, the machine."""
    print(json.dumps({"bench": bench, **figures, "machine": machine()}, sort_keys=True))
