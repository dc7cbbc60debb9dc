"""Evaluation against coded data (``marsad evaluate``), and the coded-data reader ``marsad train`` uses."""

from marsad.evaluation.coded import CodedRow, parse_date, read_coded
from marsad.evaluation.scoring import Evaluation, TypeScore, evaluate, primary, same_admin, score

__all__ = ["CodedRow", "Evaluation", "TypeScore", "evaluate", "parse_date", "primary", "read_coded", "same_admin",
           "score"]  # fmt: skip
