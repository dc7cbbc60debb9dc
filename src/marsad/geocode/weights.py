"""The cut-offs of event geocoding, in one table: each entry with its meaning; the code cites the
name, never the figure. Scores are on the gazetteer's 0-1 scale, populations in people."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WEIGHTS", "Weights"]


@dataclass(frozen=True)
class Weights:
    site_part_people: int = 100_000  # a site's first word names a town only if the town is this big ...
    site_no_country_score: float = 0.45  # ... and, with no document country, scores at least this


WEIGHTS = Weights()
