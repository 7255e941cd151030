"""Aggregation: accuracy and error rate of the run."""

from typing import List

from promptflow import log_metric
from promptflow.core import tool


@tool
def aggregate(scores: List[int]) -> dict:
    """accuracy = share of 1 scores, error_rate = share of -1 scores, over scored lines, rounded to 4 decimals.

    Lines without a score (their standard line failed) are left out; with none scored nothing is logged.
    """
    scored = [int(s) for s in scores if s is not None]
    if not scored:
        return {}
    metrics = {
        "accuracy": round(scored.count(1) / len(scored), 4),
        "error_rate": round(scored.count(-1) / len(scored), 4),
    }
    for name, value in metrics.items():
        log_metric(name, value)
    return metrics
