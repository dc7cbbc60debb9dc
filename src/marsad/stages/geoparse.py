"""Toponym recognition and resolution (placeholder until the gazetteer helper lands)."""

from __future__ import annotations

from marsad.pipeline import Analysis, Resources, stage


@stage("geoparse", requires=("doc",), produces=("toponyms",))
def geoparse(analysis: Analysis, resources: Resources) -> Analysis:
    return analysis
