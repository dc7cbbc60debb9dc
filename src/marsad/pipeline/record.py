"""What a run keeps of one document's Analysis: plain data that pickles, without the spaCy Doc.

A ``Record`` is what the store and the commands need (the document, its toponyms, its mentions with
their places, the country and province it is mostly about), so it can come back from a worker
process and be written to a database or a file in the parent.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.model import Document, Mention, Toponym
from marsad.pipeline.runner import Analysis


@dataclass(frozen=True)
class Record:
    """One processed document: everything of its Analysis but the spaCy parse."""

    document: Document
    toponyms: list[Toponym]
    mentions: list[Mention]
    country: str | None = None
    admin1: str | None = None

    @classmethod
    def of(cls, analysis: Analysis) -> Record:
        return cls(document=analysis.document, toponyms=list(analysis.toponyms), mentions=list(analysis.mentions),
                   country=analysis.country, admin1=analysis.admin1)
