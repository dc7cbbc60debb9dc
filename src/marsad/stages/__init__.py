"""The per-document stages. Importing this package registers them with ``marsad.pipeline``."""

from marsad.pipeline import DEFAULT_STAGES, Pipeline, Resources  # noqa: E402
from marsad.stages import extract, geocode, geoparse, nlp  # noqa: F401  (registration)


def build_pipeline(resources: Resources, names: tuple[str, ...] = DEFAULT_STAGES) -> Pipeline:
    """The default pipeline over the given resources (stages are registered by this package)."""
    return Pipeline(names, resources)
