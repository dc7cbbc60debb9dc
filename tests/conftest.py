"""Fixtures shared by several test modules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import marsad.stages  # noqa: F401  (registers the default stages by name for tests that build Pipeline(names))


def pytest_configure(config: pytest.Config) -> None:
    """The tests set the settings they need: a developer's own (a MARSAD_GAZETTEER holding their
    imports, a MARSAD_DB) must neither leak into them nor be overwritten by a test's small build."""
    import os

    for key in [k for k in os.environ if k.startswith("MARSAD_")]:
        del os.environ[key]
    # Every pipeline in the tests (and in the CLI they start) runs each stage under its declared
    # requires/produces: an undeclared read or write fails the test (E022).
    os.environ["MARSAD_CHECK_CONTRACTS"] = "1"


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



@pytest.fixture(scope="session")
def small_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Any]:
    """``small_gazetteer("IQ", "SY")``: the default build restricted to those countries, built once per
    set of countries for the whole run and shared read-only (tests that import into a gazetteer build
    their own)."""
    from marsad.gazetteer import Gazetteer, build_default

    built: dict[frozenset[str], Any] = {}

    def make(*countries: str) -> Any:
        key = frozenset(countries)
        if key not in built:
            path = tmp_path_factory.mktemp("gaz") / ("-".join(sorted(key)).lower() + ".sqlite")
            build_default(path, countries=set(key))
            built[key] = Gazetteer.open(path)
        return built[key]

    return make


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The real spaCy model, loaded once for the whole run."""
    from marsad.resources import Resources

    return Resources().get_nlp()

