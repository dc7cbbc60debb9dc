"""Coded data in ACLED's columns, read from CSV or JSON Lines: the gold side of ``marsad evaluate``
and the training data of ``marsad train``.

Column names follow ACLED's exports, so a file downloaded from ACLED (or a team's own coding sheet
in the same layout) works as it is. Only the text column is always needed; a gold column that is
absent is simply not scored. Dates are accepted in ACLED's spellings ("3-May-20" in the classic CSV
export, "03 May 2020" in the newer one) and in ISO form. Newer exports write ``inter1`` as a name
("State forces") instead of a code; both are read as the code.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.model.event import INTER_CODES

TEXT_COLUMNS = ("notes", "text")
ID_COLUMNS = ("event_id_cnty", "id")
_DATE_FORMATS = ("%d-%b-%y", "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%B-%Y", "%d/%m/%Y")
_INTER_BY_NAME = {re.sub(r"s$", "", name.lower()): code for code, name in INTER_CODES.items()}

ErrorHandler = Callable[[MarsadError], None]


@dataclass(frozen=True)
class CodedRow:
    """One coded event with the text it was coded from. ``None``: the column is absent or blank."""

    row: int  # 1-based position among the file's records
    id: str
    text: str
    event_date: date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    fatalities: int | None = None
    inter1: str | None = None  # the code as a string ("1".."8"), as `marsad extract` writes it
    actor1: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    published: date | None = None


def parse_date(value: str) -> date:
    """ACLED's date spellings and ISO dates; ValueError otherwise."""
    value = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return date.fromisoformat(value[:10])


def _inter(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return str(int(value))
    code = _INTER_BY_NAME.get(re.sub(r"s$", "", value.lower()))
    return str(code) if code else value


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _records(path: Path, on_error: ErrorHandler) -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based record number, record) from a CSV file (one header row) or a JSON Lines file."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise MarsadError("E011", path=path) from None
    except OSError as exc:
        raise MarsadError("E001", path=path, reason=exc.strerror or str(exc)) from None
    with handle:
        try:
            if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
                n = 0
                for lineno, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    n += 1
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError as exc:
                        on_error(MarsadError("E005", path=f"{path}:{lineno}", reason=exc.msg))
                        continue
                    if not isinstance(rec, dict):
                        on_error(MarsadError("E005", path=f"{path}:{lineno}", reason="expected an object"))
                        continue
                    yield n, rec
            else:
                yield from enumerate(csv.DictReader(handle), 1)
        except UnicodeDecodeError as exc:
            raise MarsadError("E007", path=path, reason=str(exc)) from None
        except csv.Error as exc:
            raise MarsadError("E001", path=path, reason=f"bad CSV: {exc}") from None


def read_coded(
    path: Path | str,
    *,
    limit: int | None = None,
    require: tuple[str, ...] = (),
    on_error: ErrorHandler | None = None,
) -> list[CodedRow]:
    """Coded rows of a CSV or JSONL file, in file order.

    A row with no text, a bad date or a blank ``require``d column gives one error through
    ``on_error`` (``E061 path:row: ...``) and is skipped; the other rows go through. A file without
    a text column (``notes`` or ``text``) is refused whole (E001). ``limit`` counts good rows.
    """
    path = Path(path)
    report: ErrorHandler = on_error or (lambda err: None)
    rows: list[CodedRow] = []
    text_col: str | None = None
    for n, rec in _records(path, report):
        if text_col is None:
            text_col = next((c for c in TEXT_COLUMNS if c in rec), None)
            if text_col is None:
                raise MarsadError("E001", path=path, reason="no text column ('notes' or 'text')")
        where = f"{path}:{n}"

        def get(name: str, rec: dict[str, Any] = rec) -> str:
            value = rec.get(name)
            return "" if value is None else str(value).strip()

        text = get(text_col)
        if not text:
            report(MarsadError("E061", path=where, reason=f"empty '{text_col}'"))
            continue
        missing = [c for c in require if not get(c)]
        if missing:
            report(MarsadError("E061", path=where, reason=f"no value for {', '.join(missing)}"))
            continue
        try:
            event_date = parse_date(get("event_date")) if get("event_date") else None
            published = parse_date(get("published")) if get("published") else None
        except ValueError as exc:
            report(MarsadError("E061", path=where, reason=f"bad date: {exc}"))
            continue
        fat: int | None = None
        if "fatalities" in rec:
            try:
                fat = int(float(get("fatalities") or 0))
            except ValueError:
                report(MarsadError("E061", path=where, reason=f"bad fatalities {get('fatalities')!r}"))
                continue
        ident = next((get(c) for c in ID_COLUMNS if get(c)), str(n))
        rows.append(CodedRow(
            row=n, id=ident, text=text, event_date=event_date,
            event_type=get("event_type") or None, sub_event_type=get("sub_event_type") or None,
            fatalities=fat, inter1=_inter(get("inter1")), actor1=get("actor1") or None,
            admin1=get("admin1") or None, latitude=_float(get("latitude")), longitude=_float(get("longitude")),
            published=published,
        ))  # fmt: skip
        if limit is not None and len(rows) >= limit:
            break
    return rows
