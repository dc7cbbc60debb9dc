"""Registered stages that declare what they need and produce, and the runner that chains them."""

from marsad.pipeline.record import Record
from marsad.pipeline.registry import STAGES, StageSpec, get_stage, stage
from marsad.pipeline.runner import DEFAULT_STAGES, Analysis, Pipeline

__all__ = ["DEFAULT_STAGES", "STAGES", "Analysis", "Pipeline", "Record", "StageSpec", "get_stage", "stage"]
