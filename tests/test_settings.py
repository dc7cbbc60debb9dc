"""Settings: flags > environment > defaults, built in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.settings import Settings


def test_defaults_live_in_the_data_dir(tmp_path: Path) -> None:
    s = Settings.load(env={"MARSAD_DATA_DIR": str(tmp_path)})
    assert s.db_url == f"sqlite:///{tmp_path / 'marsad.sqlite'}"
    assert s.gazetteer_path == tmp_path / "gazetteer.sqlite"
    assert s.port == 8000


def test_environment_overrides_defaults_and_flags_override_environment(tmp_path: Path) -> None:
    env = {"MARSAD_DATA_DIR": str(tmp_path), "MARSAD_DB": "sqlite://", "MARSAD_PORT": "9001"}
    s = Settings.load(env=env)
    assert (s.db_url, s.port) == ("sqlite://", 9001)
    s = Settings.load(env=env, db_url="postgresql+psycopg://x@h/db", port=None)
    assert (s.db_url, s.port) == ("postgresql+psycopg://x@h/db", 9001)


def test_bad_environment_value_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MarsadError) as exc:
        Settings.load(env={"MARSAD_DATA_DIR": str(tmp_path), "MARSAD_PORT": "eighty"})
    assert exc.value.code == "E050"
    assert "port" in str(exc.value)
