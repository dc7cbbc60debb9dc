"""What geoparsing makes of a short text, for the tests of recognition and resolution."""

from __future__ import annotations

from typing import Any

from marsad.gazetteer import Gazetteer
from marsad.model import Document, Place
from marsad.pipeline import Pipeline
from marsad.resources import Resources
from marsad.stages import build_pipeline  # noqa: F401  (registers the stages)


def places(text: str, nlp: Any, gazetteer: Gazetteer) -> dict[str, Place | None]:
    """Each toponym's text and the place it resolved to (real spaCy, a real gazetteer)."""
    analysis = Pipeline(("nlp", "geoparse"), Resources(nlp=nlp, gazetteer=gazetteer)).run_one(Document(id="t", text=text))
    return {t.text: t.place for t in analysis.toponyms}
