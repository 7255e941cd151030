"""Aggregation: share of correct lines in the run."""

from typing import List

from promptflow import log_metric
from promptflow.core import tool


@tool
def calculate_accuracy(grades: List[str]) -> dict:
    """Log accuracy = correct / graded lines, rounded to 4 decimals.

    Lines without a grade (their standard line failed) are left out; with none graded nothing is
    logged, because an accuracy of 0 would claim every line was wrong.
    """
    graded = [g for g in grades if g is not None]
    if not graded:
        return {}
    accuracy = round(sum(1 for g in graded if g == "Correct") / len(graded), 4)
    log_metric("accuracy", accuracy)
    return {"accuracy": accuracy}
