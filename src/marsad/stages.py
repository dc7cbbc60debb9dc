"""The default stages, registered explicitly in one place.

Each stage lives in its own folder (``nlp/``, ``toponyms/``, ``events/``, ``geocode/``) and declares
what it requires and produces with ``marsad.pipeline.stage``; importing this module registers the
four of them. Nothing below imports this module except the entry points that build a pipeline.
"""

from marsad.events.stage import extract
from marsad.geocode.stage import geocode
from marsad.nlp.stage import nlp
from marsad.pipeline import DEFAULT_STAGES, Pipeline
from marsad.resources import Resources
from marsad.toponyms.stage import geoparse

#: The registered functions of the default chain, in order (their specs are in ``marsad.pipeline.STAGES``).
DEFAULT_FUNCTIONS = (nlp, geoparse, extract, geocode)


def build_pipeline(resources: Resources, names: tuple[str, ...] = DEFAULT_STAGES) -> Pipeline:
    """The default pipeline over the given resources."""
    return Pipeline(names, resources)
