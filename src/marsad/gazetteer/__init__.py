"""The gazetteer service (built into SQLite), importers, and name matching.

``build_default`` makes the default gazetteer from installed packages only; ``import_path`` and
``fetch`` add GeoNames dumps, Who's On First tables and admin boundary polygons; ``Gazetteer`` is
the read-only service the stages get through ``Resources.gazetteer``.
"""

from marsad.gazetteer.build import build_default
from marsad.gazetteer.importers import fetch, import_path
from marsad.gazetteer.names import name_key, skeleton
from marsad.gazetteer.service import Gazetteer

__all__ = ["Gazetteer", "build_default", "fetch", "import_path", "name_key", "skeleton"]
