"""Places for events (placeholder until the gazetteer helper lands)."""

from __future__ import annotations

from marsad.pipeline import Analysis, Resources, stage


@stage("geocode", requires=("mentions", "toponyms"), produces=())
def geocode(analysis: Analysis, resources: Resources) -> Analysis:
    return analysis
