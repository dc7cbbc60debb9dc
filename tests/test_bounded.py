"""Bounded work per document: long texts in chunks, a time limit per document, one failure costs one
document, and stdin decoded like a file. Real pipeline, real files, real SQLite; every text here is
invented for these tests."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import marsad.stages  # noqa: F401  (registers the stages)
from marsad.errors import MarsadError
from marsad.model import Document
from marsad.pipeline import STAGES, Analysis, Pipeline, stage
from marsad.pipeline.chunks import split_text
from marsad.resources import Resources
from marsad.sources import read_documents
from tests.conftest import MARSAD

# Very long words, few tokens per character and no names: a million characters spaCy reads quickly.
_FILLER = ("Electroencephalographically counterrevolutionaries uncharacteristically "
           "pneumonoultramicroscopicsilicovolcanoconiosis incomprehensibilities internationalisation.")
_EVENT = "Gunmen killed two police officers at a checkpoint in Kirkuk on Monday."

# Incident paragraphs in one country, each with its own date: what a chunk sees is what the whole
# text says about it.
_INCIDENTS = [
    "On 3 March 2021 gunmen killed two police officers at a checkpoint near Kirkuk, officials said.",
    "On 5 March 2021 a roadside bomb wounded three soldiers on the road between Tikrit and Samarra.",
    "On 7 March 2021 police arrested four suspected militants in Ramadi, a security source said.",
    "On 9 March 2021 hundreds of people protested peacefully in Basra against power cuts.",
    "On 11 March 2021 an air strike killed five militants in the desert west of Mosul, the army said.",
    "On 13 March 2021 unidentified gunmen shot dead a local official in Baqubah.",
]


def run(args: list[str], data_dir: Path, stdin: bytes | None = None, **env: str) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, "MARSAD_DATA_DIR": str(data_dir), **env}
    return subprocess.run([str(MARSAD), *args], input=stdin, env=full_env, capture_output=True, timeout=900)


def errors_of(p: subprocess.CompletedProcess[bytes]) -> list[str]:
    return [line for line in p.stderr.decode().splitlines() if line.startswith("error ")]


def long_text(chars: int) -> str:
    """Paragraphs of filler with an event paragraph at the start and the end."""
    paragraphs = [_EVENT]
    size = len(_EVENT)
    while size < chars - len(_EVENT):
        paragraphs.append(" ".join([_FILLER] * 6))
        size += len(paragraphs[-1]) + 2
    paragraphs.append(_EVENT)
    return "\n\n".join(paragraphs)


# -- chunks ---------------------------------------------------------------------------------------

def test_chunks_cover_the_text_within_the_size_and_never_cut_a_word() -> None:
    text = "\n\n".join(_INCIDENTS) + "\nA line.\nAnother line. " + "word " * 300 + "x" * 700
    for size in (150, 400, 1000):
        parts = list(split_text(text, size))
        assert "".join(p for _, p in parts) == text
        assert [s for s, _ in parts] == [sum(len(p) for _, p in parts[:i]) for i in range(len(parts))]
        assert all(0 < len(p) <= size for _, p in parts)
        for start, part in parts[:-1]:
            end = start + len(part)
            # A cut is at whitespace, except inside the 700 x's (no whitespace for longer than a chunk).
            assert text[end - 1].isspace() or text[end - 1 : end + 1] == "xx"
    # Blank lines first, within the second half of a chunk: at 400 characters, after four paragraphs.
    start, first = next(iter(split_text(text, 400)))
    assert first == "\n\n".join(_INCIDENTS[:4]) + "\n\n"


def test_chunked_run_gives_the_whole_texts_offsets_and_mentions(nlp: Any, small_gazetteer: Callable[..., Any]) -> None:
    """A text short enough to run whole gives the same places and events, at the same offsets, when
    forced through chunks cut on paragraph boundaries. What a chunk cannot see is left out: an
    event's confidence falls with its position in what the extractor sees (its chunk); the geocoder's
    last-resort hints are the names written before the event (none before a chunk's first one); and an
    unresolved name is looked up in the province most of the chunk is about, not the document's. So
    the first hint (written in the event's own sentence) is compared, not the place chosen."""
    text = "\n\n".join(_INCIDENTS * 2)
    doc = Document(id="r1", text=text, published=date(2021, 3, 20))
    resources = Resources(nlp=nlp, gazetteer=small_gazetteer("IQ"))
    whole = Pipeline(resources=resources, chunk_chars=len(text)).run_one(doc)
    chunked = Pipeline(resources=resources, chunk_chars=len(text) // 4).run_one(doc)
    assert whole.doc is not None and chunked.doc is None
    assert len(list(split_text(text, len(text) // 4))) >= 4

    def places(a: Analysis) -> list[tuple[Any, ...]]:
        return [(t.text, t.start, t.end, t.kind, t.place.gazetteer_id if t.place else None) for t in a.toponyms]

    def events(a: Analysis) -> list[tuple[Any, ...]]:
        return [(m.index, m.sub_event_type, m.event_date, m.fatalities, m.arrests, m.actor1,
                 [(e.start, e.end, e.text) for e in m.evidence], m.place_hints[:1]) for m in a.mentions]

    assert places(chunked) == places(whole) and len(whole.toponyms) >= 12
    assert events(chunked) == events(whole) and len(whole.mentions) >= 10
    assert (chunked.country, chunked.admin1) == (whole.country, whole.admin1)
    for m in chunked.mentions:
        assert all(text[e.start : e.end] == e.text for e in m.evidence)


# -- one document costs only itself ---------------------------------------------------------------

def test_a_failing_document_is_one_error_and_the_batch_goes_on(nlp: Any) -> None:
    @stage("test-fragile", requires=("doc",), produces=("country",))
    def fragile(analysis: Analysis, resources: Resources) -> Analysis:
        if "BREAKS" in analysis.document.text:
            raise ValueError("cannot read this one")
        analysis.country = "IQ"
        return analysis

    @stage("test-fragile-batch", requires=("document",), produces=("admin1",), batch=True)
    def fragile_batch(analyses: list[Analysis], resources: Resources) -> list[Analysis]:
        if any("STALLS" in a.document.text for a in analyses):
            raise RuntimeError("the whole batch fails")
        for a in analyses:
            a.admin1 = "Kirkuk"
        return analyses

    try:
        docs = [Document(id=f"d{i}", text=t, origin=f"in.jsonl:{i + 1}") for i, t in enumerate(
            ["Fine text.", "This one BREAKS a stage.", "Fine too.", "This one STALLS the batch.", "Last one."])]
        failed: list[tuple[str, MarsadError]] = []
        pipeline = Pipeline(("nlp", "test-fragile-batch", "test-fragile"), Resources(nlp=nlp))
        out = list(pipeline.run(docs, batch_size=5, on_error=lambda d, e: failed.append((d.id, e))))
        with pytest.raises(ValueError, match="cannot read this one"):  # without a handler: raised
            list(pipeline.run(docs[:2]))
    finally:
        del STAGES["test-fragile"], STAGES["test-fragile-batch"]
    assert [a.document.id for a in out] == ["d0", "d2", "d4"]
    assert all(a.country == "IQ" and a.admin1 == "Kirkuk" for a in out)
    assert [(d, e.code) for d, e in failed] == [("d1", "E071"), ("d3", "E071")]
    assert str(failed[0][1]) == ("E071: d1 (in.jsonl:2): cannot process (cannot read this one); "
                                 "skipped, the other documents go on")


def test_a_document_over_the_time_limit_is_one_line_and_the_rest_is_stored(data_dir: Path, tmp_path: Path) -> None:
    slow = "\n\n".join(_INCIDENTS * 200)  # ~100,000 characters of places and events: many seconds
    rows = [{"id": "slow", "text": slow, "published": "2021-03-20"}] + [
        {"id": f"quick{i}", "text": t, "published": "2021-03-20"} for i, t in enumerate(_INCIDENTS[:3])]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = tmp_path / "t.sqlite"
    p = run(["ingest", "--db", f"sqlite:///{db}", str(path)], data_dir,
            MARSAD_DOC_TIMEOUT="3", MARSAD_CHUNK_CHARS="1000000")
    assert p.returncode == 0, p.stderr
    assert errors_of(p) == [f"error E070: slow ({path}:1): took more than 3 s (MARSAD_DOC_TIMEOUT); "
                            "skipped, the other documents go on"]
    with sqlite3.connect(db) as con:
        stored = sorted(r[0] for r in con.execute("select doc_key from documents"))
    assert stored == ["quick0", "quick1", "quick2"]


# -- long documents through the command line ------------------------------------------------------

def test_a_text_over_a_million_characters_is_extracted_and_a_folder_with_it_is_stored(
        data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = long_text(1_050_000)
    assert len(text) > 1_000_000
    (folder / "huge.txt").write_text(text)
    (folder / "a.txt").write_text(_INCIDENTS[0])
    (folder / "b.jsonl").write_text(json.dumps({"id": "b1", "text": _INCIDENTS[2]}) + "\n")
    (folder / "c.txt").write_text(_INCIDENTS[4])
    (folder / "too-big.txt").write_text(_FILLER * 20_000)  # ~3.4 MB, over the limit set below

    p = run(["extract", str(folder / "huge.txt")], data_dir)
    assert p.returncode == 0, p.stderr
    records = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert [r["doc_id"] for r in records] == ["huge", "huge"]
    first, last = (r["evidence"][0] for r in records)
    assert first["start"] == 0 and last["start"] > 1_000_000
    assert text[last["start"] : last["end"]] == last["text"] == _EVENT
    assert records[1]["location"] == "Kirkuk"

    db = tmp_path / "t.sqlite"
    p = run(["ingest", "--db", f"sqlite:///{db}", str(folder)], data_dir, MARSAD_MAX_BYTES="3000000")
    assert p.returncode == 0, p.stderr
    (line,) = errors_of(p)
    assert line.startswith("error E004: ") and "too-big.txt" in line
    with sqlite3.connect(db) as con:
        stored = sorted(r[0] for r in con.execute("select doc_key from documents"))
    assert stored == ["a", "b1", "c", "huge"]


# -- stdin as bytes -------------------------------------------------------------------------------

_MIXED = (b'{"id": "s1", "text": "Police arrested two men in Mosul on Friday."}\n'
          b'{"id": "s2", "text": "Protesters gathered in caf\xe9s of Basra on Sunday."}\n'  # Latin-1
          b'{"id": "s3", "text": "bad \x81 byte"}\n'  # undefined in Windows-1252 too
          b'{"id": "s4", "text": broken json}\n'
          b'{"id": "s5", "text": "Gunmen killed a farmer near Kirkuk on Monday."}\n')


def test_stdin_is_decoded_like_a_file_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(_MIXED)
    for source, label in ((io.BytesIO(_MIXED), "<stdin>"), (None, str(path))):
        items = list(read_documents(["-" if source else path], stdin=source))
        docs = [i for i in items if isinstance(i, Document)]
        assert [d.id for d in docs] == ["s1", "s2", "s5"]
        assert "cafés" in docs[1].text
        assert [(e.code, e.fields["path"]) for e in items if isinstance(e, MarsadError)] == [
            ("E007", f"{label}:3"), ("E005", f"{label}:4")]
    # Plain text on stdin in Windows-1252 is one document, as the same file is.
    (doc,) = read_documents(["-"], stdin=io.BytesIO(b"Shelling hit caf\xe9s in Raqqa.\n"))
    assert isinstance(doc, Document) and doc.text == "Shelling hit cafés in Raqqa."


def test_extract_keeps_the_good_lines_of_a_jsonl_stream_on_stdin(data_dir: Path) -> None:
    p = run(["extract", "-"], data_dir, stdin=_MIXED)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr.decode()
    assert [e.split(":")[0:2] for e in errors_of(p)] == [["error E007", " <stdin>"], ["error E005", " <stdin>"]]
    ids = {json.loads(line)["doc_id"] for line in p.stdout.decode().splitlines()}
    assert {"s1", "s5"} <= ids and not ids & {"s3", "s4"}
