"""Aggregation: the run's mean F1 score."""

from typing import List

from promptflow import log_metric
from promptflow.core import tool


@tool
def f1_mean(scores: List[float]) -> dict:
    """f1_score = mean of the line scores, rounded to 4 decimals.

    Lines without a score (their standard line failed) are left out; with none scored nothing is logged,
    because a score of 0 would claim that every answer was wrong.
    """
    scored = [s for s in scores if s is not None]
    if not scored:
        return {}
    value = round(sum(scored) / len(scored), 4)
    log_metric("f1_score", value)
    return {"f1_score": value}
