"""The stage registry and runner: declared inputs and outputs are checked, stages run in order."""

from __future__ import annotations

import pytest

import marsad.stages  # noqa: F401  (registers the stages)
from marsad.errors import MarsadError
from marsad.model import Document
from marsad.pipeline import DEFAULT_STAGES, STAGES, Analysis, Pipeline, stage
from marsad.resources import Resources


def test_default_stages_are_registered_and_chain() -> None:
    for name in DEFAULT_STAGES:
        assert name in STAGES
    pipeline = Pipeline(DEFAULT_STAGES, Resources())
    assert [s.name for s in pipeline.stages] == list(DEFAULT_STAGES)
    assert pipeline.version.startswith("1+nlp")


def test_unknown_stage_is_a_numbered_error() -> None:
    with pytest.raises(MarsadError) as exc:
        Pipeline(("nlp", "no-such-stage"))
    assert exc.value.code == "E020"
    assert "no-such-stage" in str(exc.value)


def test_missing_input_is_caught_when_the_pipeline_is_built() -> None:
    # geocode needs mentions and toponyms, which nothing before it produces here.
    with pytest.raises(MarsadError) as exc:
        Pipeline(("nlp", "geocode"))
    assert exc.value.code == "E021"
    assert "mentions" in str(exc.value)


def test_custom_stage_runs_per_document_in_order() -> None:
    seen: list[str] = []

    @stage("test-upper", requires=("doc",), produces=("country",))
    def upper(analysis: Analysis, resources: Resources) -> Analysis:
        seen.append(analysis.document.id)
        analysis.country = "IQ" if "Iraq" in analysis.document.text else None
        return analysis

    try:
        pipeline = Pipeline(("nlp", "test-upper"), Resources())
        docs = [Document(id=str(i), text=t) for i, t in enumerate(["Fighting in Iraq.", "Rain in Oslo."] * 3)]
        out = list(pipeline.run(docs, batch_size=4))
    finally:
        del STAGES["test-upper"]
    assert seen == [d.id for d in docs]
    assert [a.country for a in out] == ["IQ", None] * 3
    assert all(a.doc is not None and a.doc.text == a.document.text for a in out)


def test_the_version_follows_the_gazetteer_and_fits_the_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A gazetteer rebuilt or imported into is a different pipeline: stored documents become outdated."""
    from marsad.gazetteer import Gazetteer, build_default

    versions = {Pipeline(DEFAULT_STAGES, Resources()).version}
    for countries in ({"IQ"}, {"IQ", "SY"}):
        path = tmp_path / f"{len(countries)}.sqlite"
        build_default(path, countries=countries)
        versions.add(Pipeline(DEFAULT_STAGES, Resources(gazetteer=Gazetteer.open(path))).version)
    assert len(versions) == 3
    assert all(v.startswith("1+nlp.geoparse.extract.geocode+") and len(v) <= 64 for v in versions)
    # The same inputs give the same version (documents are not re-run for nothing).
    again = Pipeline(DEFAULT_STAGES, Resources(gazetteer=Gazetteer.open(tmp_path / "1.sqlite"))).version
    assert again in versions
