"""The read-only services the stages are handed, as typed protocols (the implementations live
above ``model``: ``marsad.gazetteer.Gazetteer`` is a ``GazetteerService``)."""

from __future__ import annotations

from typing import Protocol

from marsad.model.place import Place


class GazetteerService(Protocol):
    """What the stages ask a gazetteer: every method they call, and nothing else."""

    def fingerprint(self) -> str:
        """A digest of what the gazetteer file holds (part of the pipeline version)."""
        ...

    def has_key(self, key: str) -> bool:
        """Whether any place has this exact name key (``marsad.gazetteer.name_key``)."""
        ...

    def lookup(
        self,
        name: str,
        country: str | None = None,
        admin1: str | None = None,
        limit: int = 10,
        feature: str | None = None,
        exact: bool = False,
    ) -> list[Place]:
        """Candidates for ``name``, best first, in the context of a country (ISO2) and province."""
        ...

    def admin1(self, name: str, country: str | None = None) -> Place | None:
        """A province or governorate by name, as a Place at its centroid."""
        ...

    def variant_in(self, name: str, country: str, admin1: str, strict: bool = False) -> Place | None:
        """The place of one province whose name is a transliteration variant of ``name``."""
        ...

    def outside_km(self, place: Place, area: Place) -> float | None:
        """How far (km) a point lies outside an area's boundary (0 inside); None without one."""
        ...

    def country(self, iso2: str) -> Place | None:
        """A country as a Place, at its centroid."""
        ...

    def country_of(self, name: str) -> str | None:
        """The ISO2 code of a country written as ``name``, or None."""
        ...
