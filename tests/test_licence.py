"""No git-tracked file may hold text copied from the development data in ../shared/data.

Most of that data may not be redistributed (ACLED notes, GTD summaries, GeoWebNews and LGL
articles, WikiEvents, IndiaPoliceEvents, UCDP headlines, the dedup reports, the Diyala example).
The test fails on any run of 60 or more characters that a tracked file shares with it, after both
sides are lower-cased and every non-letter, non-digit run is folded to one space (so re-quoting,
splitting over string literals or comment lines, JSON escaping and tokenisation do not hide a
copy). ``data/news/`` (Voice of America, public domain) is left out; ``data/gazetteer/`` is in,
read cell by cell, so its place-name tables and polygons cannot match but its notes can. The
matcher lives in tools/licence_check.py (``python tools/licence_check.py`` prints the hits); it
indexes hashed 40-character windows starting at word starts and extends each seed to the full
common run, so the whole check takes about ten seconds.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _licence_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("licence_check", ROOT / "tools" / "licence_check.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
def test_no_tracked_file_holds_text_from_the_shared_data(shared_dir: Path) -> None:
    lc = _licence_check()
    hits = lc.check(ROOT, shared_dir, lc.MIN_CHARS)
    if hits:
        pytest.fail(
            f"{len(hits)} run(s) of {lc.MIN_CHARS}+ characters copied from {shared_dir}/data "
            "(replace them with invented text that tests the same thing):\n"
            + "\n".join(f"  {h.path}:{h.line}: {h.text.strip()[:300]}" for h in hits),
            pytrace=False,
        )


def test_the_matcher_finds_a_copy_split_and_requoted_and_ignores_short_runs() -> None:
    lc = _licence_check()
    source = "Officials said the bridge over the river was closed on Tuesday after cracks appeared."
    index = lc.Index.build(lc.normalise(source))
    copied, _ = lc.normalise_lines(
        'x = ("OFFICIALS said the bridge over the river "\n     "was closed on Tuesday after cracks")  # end'
    )
    runs = lc.find_runs(copied, index, 60)
    assert len(runs) == 1 and copied[runs[0][0] :].startswith("officials said the bridge")
    short, _ = lc.normalise_lines("the bridge over the river was closed, engineers said")
    assert lc.find_runs(short, index, 60) == []
