"""Aggregation: the run's exact and partial match rates."""

from typing import List

from promptflow import log_metric
from promptflow.core import tool


@tool
def match_rates(matches: List[dict]) -> dict:
    """Share of lines with exact_match / partial_match 1, over the lines that were scored.

    Lines without a result (their standard line failed) are left out; with none scored nothing is logged,
    because a rate of 0 would claim that every line was wrong.
    """
    scored = [m for m in matches if m is not None]
    if not scored:
        return {}
    metrics = {
        "exact_match_rate": sum(m["exact_match"] for m in scored) / len(scored),
        "partial_match_rate": sum(m["partial_match"] for m in scored) / len(scored),
    }
    for name, value in metrics.items():
        log_metric(name, value)
    return metrics
