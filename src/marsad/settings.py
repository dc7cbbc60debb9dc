"""Settings, built in one place: CLI flags > environment ``MARSAD_*`` > defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("marsad", appauthor=False))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str
    gazetteer_path: Path
    model_path: Path | None = None  # a model trained by `marsad train`; None uses the built-in rules
    host: str = "127.0.0.1"
    port: int = 8000
    max_bytes: int = 50 * 1024 * 1024  # larger inputs are refused with E004
    batch_size: int = 64
    doc_timeout: float = 120.0  # seconds one document (each chunk of a long one) may take; 0: no limit
    chunk_chars: int = 10_000  # a longer text runs as consecutive paragraph-aligned chunks of at most this
    default_country: str | None = None  # ISO2 hint when a document names no country
    page_size: int = 100

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``MARSAD_*`` environment variables, then non-None ``overrides`` (CLI flags)."""
        env = os.environ if env is None else env
        data_dir = Path(overrides.get("data_dir") or env.get("MARSAD_DATA_DIR") or default_data_dir())
        values: dict[str, Any] = {
            "data_dir": data_dir,
            "db_url": f"sqlite:///{data_dir / 'marsad.sqlite'}",
            "gazetteer_path": data_dir / "gazetteer.sqlite",
        }
        types = {f.name: f.type for f in fields(cls)}
        for name in types:
            key = f"MARSAD_{name.upper()}"
            if name == "db_url" and "MARSAD_DB" in env:
                key = "MARSAD_DB"
            if name == "model_path" and "MARSAD_MODEL" in env:
                key = "MARSAD_MODEL"
            if name == "gazetteer_path" and "MARSAD_GAZETTEER" in env:
                key = "MARSAD_GAZETTEER"
            if key in env and name != "data_dir":
                values[name] = _convert(name, env[key])
        for name, value in overrides.items():
            if value is not None and name != "data_dir":
                if name not in types:
                    raise TypeError(f"unknown setting {name}")
                values[name] = _convert(name, value) if isinstance(value, str) else value
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _convert(name: str, raw: str) -> Any:
    try:
        if name in {"port", "max_bytes", "batch_size", "page_size"}:
            return int(raw)
        if name == "doc_timeout":
            seconds = float(raw)
            if not seconds >= 0:
                raise ValueError(f"{raw!r} is not a number of seconds (0 for no limit)")
            return seconds
        if name == "chunk_chars":
            size = int(raw)
            if not 100 <= size <= 1_000_000:
                raise ValueError(f"{size} is not between 100 and 1,000,000 characters")
            return size
        if name in {"data_dir", "gazetteer_path", "model_path"}:
            return Path(raw).expanduser()
        if name == "default_country":
            return raw.upper() or None
        return raw
    except ValueError as exc:
        raise MarsadError("E050", name=name, reason=str(exc)) from None
