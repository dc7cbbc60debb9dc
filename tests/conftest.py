"""Fixtures shared by several test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MARSAD = ROOT / ".venv" / "bin" / "marsad"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The development data beside the checkout; tests that need it skip where it is absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared (development data) is not here")
    return SHARED


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return ROOT / "examples"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Marsad data dir with a small default gazetteer (the countries of examples/), built once
    through the CLI as a user would."""
    import os
    import subprocess

    d = tmp_path_factory.mktemp("marsad-data")
    env = {**os.environ, "MARSAD_DATA_DIR": str(d)}
    args = ["gazetteer", "build"] + [a for c in ("IQ", "SY", "NG") for a in ("--country", c)]
    subprocess.run([str(MARSAD), *args], env=env, check=True, capture_output=True, text=True)
    return d

