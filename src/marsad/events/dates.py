"""Date expressions and their resolution against the publication (reference) date.

Rules (ACLED's habit, see the coding guide):
- an event never falls after publication: a month-day without a year that would land after the
  reference date belongs to the previous year; an explicit full date after it is ignored (it is a
  plan or a forecast, not an event date);
- weekdays mean the most recent such day on or before publication ("on Monday" in a Monday paper
  is that Monday);
- "overnight" / "last night" resolve to the day before publication: the night began then, and a
  paper published in the morning reports the previous evening's events;
- precision 1 = day, 2 = week or a range of days (the middle is used), 3 = month (the middle).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1, "an": 1}

_M = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("slash", re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b")),
    (
        "range_dm",
        re.compile(
            r"\b(?:between|from)\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+(?P<m1>[a-z]+))?\s+(?:and|to|-)\s+"
            + _D + r"\s+" + _M + r"(?:,?\s+" + _Y + r")?",
            re.I,
        ),
    ),
    ("dmy", re.compile(r"\b" + _D + r"\s+(?:of\s+)?" + _M + r"(?!\w)(?:,?\s+" + _Y + r")?", re.I)),
    ("mdy", re.compile(r"\b" + _M + r"\s+" + _D + r"(?!\d)(?!\s*(?:km|kilomet|mile|people|%))(?:,?\s+" + _Y + r")?", re.I)),
    ("my", re.compile(r"\b(?:in|during|since|early|mid|late|end of)\s+(?:-\s*)?" + _M + r"(?:\s+" + _Y + r")?\b", re.I)),
    ("weekday", re.compile(r"\b(?P<mod>last|this|on|early|late)?\s*(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|a|an)\s+(?P<unit>day|week|month)s?\s+ago\b", re.I)),
    (
        "rel",
        re.compile(
            r"\b(?P<rel>the day before yesterday|yesterday|today|tonight|this morning|this afternoon|"
            r"this evening|last night|overnight|last weekend|this weekend|earlier this week|"
            r"this week|last week|earlier this month|this month|last month|past week|past few days)\b",
            re.I,
        ),
    ),
]  # fmt: skip


@dataclass(frozen=True)
class DateFound:
    """A resolved date expression: the day, ACLED time precision, the words, char offsets in the text."""

    value: date
    precision: int
    text: str
    start: int
    end: int
    explicit: bool  # a calendar date (day and month written), not a relative phrase


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _no_later(y: int | None, m: int, d: int, ref: date) -> date | None:
    """Month-day with an optional year; without a year, the latest such day not after ``ref``."""
    if y is not None:
        return _safe(y, m, d)
    got = _safe(ref.year, m, d)
    if got is not None and got > ref:
        got = _safe(ref.year - 1, m, d)
    return got


def _middle(a: date, b: date) -> date:
    return a + (b - a) // 2


def _resolve(kind: str, m: re.Match[str], ref: date) -> tuple[date, int, bool] | None:
    g = m.groupdict()
    if kind == "iso":
        d = _safe(int(g["year"]), int(g["mon"]), int(g["day"]))
        return (d, 1, True) if d else None
    if kind == "slash":
        a, b, y = int(g["a"]), int(g["b"]), int(g["year"])
        # US order (MM/DD/YYYY) unless the first number cannot be a month.
        d = _safe(y, b, a) if a > 12 else _safe(y, a, b)
        return (d, 1, True) if d else None
    if kind == "range_dm":
        mon = MONTHS[g["mon"].lower().rstrip(".")]
        m1 = MONTHS.get((g["m1"] or "").lower(), mon)
        year = int(g["year"]) if g["year"] else None
        end = _no_later(year, mon, int(g["day"]), ref)
        if end is None:
            return None
        start = _safe(end.year if m1 <= mon else end.year - 1, m1, int(g["d1"]))
        if start is None or start > end:
            return None
        return (_middle(start, end), 2, True)
    if kind in ("dmy", "mdy"):
        mon = MONTHS[g["mon"].lower().rstrip(".")]
        if kind == "mdy" and g["mon"].lower() == "may" and m.group(0)[0].islower():
            return None  # "may 3" in lower case is more likely the modal verb
        d = _no_later(int(g["year"]) if g["year"] else None, mon, int(g["day"]), ref)
        return (d, 1, True) if d else None
    if kind == "my":
        mon = MONTHS[g["mon"].lower().rstrip(".")]
        if g["mon"].lower() == "may" and not g["mon"][0].isupper():
            return None
        y = int(g["year"]) if g["year"] else (ref.year if mon <= ref.month else ref.year - 1)
        if (y, mon) == (ref.year, ref.month):
            return (_middle(date(y, mon, 1), ref), 3, False)
        d = _safe(y, mon, 15)
        return (d, 3, False) if d else None
    if kind == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        back = (ref.weekday() - wd) % 7
        if (g["mod"] or "").lower() == "last" and back == 0:
            back = 7
        return (ref - timedelta(days=back), 1, False)
    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else NUMBER_WORDS[g["n"].lower()]
        unit = g["unit"].lower()
        if unit == "day":
            return (ref - timedelta(days=n), 1, False)
        if unit == "week":
            return (ref - timedelta(days=7 * n), 2, False)
        return (ref - timedelta(days=30 * n), 3, False)
    rel = g["rel"].lower()
    monday = ref - timedelta(days=ref.weekday())
    if rel in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return (ref, 1, False)
    if rel in ("yesterday", "last night", "overnight"):
        return (ref - timedelta(days=1), 1, False)
    if rel == "the day before yesterday":
        return (ref - timedelta(days=2), 1, False)
    if rel == "last weekend":
        sat = monday - timedelta(days=2) if ref.weekday() < 5 else monday - timedelta(days=9)
        return (sat, 2, False)
    if rel == "this weekend":
        return (ref if ref.weekday() >= 5 else monday - timedelta(days=2), 2, False)
    if rel in ("this week", "earlier this week"):
        return (_middle(monday, ref), 2, False)
    if rel == "last week":
        return (monday - timedelta(days=4), 2, False)  # Thursday of the previous week
    if rel in ("past week", "past few days"):
        return (ref - timedelta(days=3), 2, False)
    if rel in ("earlier this month", "this month"):
        return (_middle(ref.replace(day=1), ref), 3, False)
    if rel == "last month":
        last = ref.replace(day=1) - timedelta(days=1)
        return (last.replace(day=15), 3, False)
    return None


def find_dates(text: str, reference: date) -> list[DateFound]:
    """Every date expression in ``text``, resolved against ``reference``, in text order.

    Overlapping matches keep the earlier-listed (more specific) pattern; a weekday directly followed
    by an explicit date in brackets ("Monday (October 5th)") yields only the explicit date.
    """
    found: list[DateFound] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if kind == "weekday" and m.group("mod"):
                s = m.start("wd") if m.group("mod").lower() == "on" else s
            if any(s < b and e > a for a, b in taken):
                continue
            got = _resolve(kind, m, reference)
            if got is None:
                continue
            value, precision, explicit = got
            if value > reference:
                continue  # never after publication: a plan, a forecast or a misreading
            found.append(DateFound(value, precision, text[s:e].strip(), s, e, explicit))
            taken.append((s, e))
    found.sort(key=lambda f: f.start)
    # "Monday (October 5th)": the explicit date wins over the weekday just before it.
    out: list[DateFound] = []
    for f in found:
        if out and not out[-1].explicit and f.explicit and 0 <= f.start - out[-1].end <= 3:
            out[-1] = f
            continue
        out.append(f)
    return out
