"""Event extraction (placeholder until the extraction helper lands)."""

from __future__ import annotations

from marsad.pipeline import Analysis, Resources, stage


@stage("extract", requires=("doc",), produces=("mentions",))
def extract(analysis: Analysis, resources: Resources) -> Analysis:
    return analysis
