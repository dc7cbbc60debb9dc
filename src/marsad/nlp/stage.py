"""The spaCy stage: tokens, sentences, entities and dependencies for every document."""

from __future__ import annotations

from marsad.pipeline import Analysis, stage
from marsad.resources import Resources


@stage("nlp", requires=("document",), produces=("doc",), batch=True, version="2")
def nlp(analyses: list[Analysis], resources: Resources) -> list[Analysis]:
    """Parse a batch with ``nlp.pipe`` (faster than one by one; same result per document)."""
    model = resources.get_nlp()
    texts = [a.document.text for a in analyses]
    batch_size = getattr(resources.settings, "batch_size", 64) if resources.settings else 64
    for analysis, doc in zip(analyses, model.pipe(texts, batch_size=batch_size), strict=True):
        analysis.doc = doc
    return analyses
