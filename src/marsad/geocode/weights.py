"""The cut-offs of event geocoding, in one table: each entry with its meaning; the code cites the
name, never the figure. Scores are on the gazetteer's 0-1 scale, populations in people."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WEIGHTS", "Weights"]


@dataclass(frozen=True)
class Weights:
    front_namesake_score: float = 0.6  # least score of a front-line namesake of a village read off the front
    front_namesake_ratio: int = 85  # rapidfuzz ratio for a near spelling of it
    front_city_people: int = 50_000  # a town this big off the front is itself, not a front village's namesake
    site_part_people: int = 100_000  # a site's first word names a town only if the town is this big ...
    site_no_country_score: float = 0.45  # ... and, with no document country, scores at least this


WEIGHTS = Weights()
