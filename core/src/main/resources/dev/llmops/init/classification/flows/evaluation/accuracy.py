"""Aggregation: share of correct lines in the run."""

from typing import List

from promptflow import log_metric
from promptflow.core import tool


@tool
def accuracy(grades: List[int]) -> dict:
    """accuracy = correct / graded lines, not rounded.

    Lines without a grade (their standard line failed) are left out; with none graded nothing is logged,
    because an accuracy of 0 would claim that every line was wrong.
    """
    graded = [g for g in grades if g is not None]
    if not graded:
        return {}
    value = sum(graded) / len(graded)
    log_metric("accuracy", value)
    return {"accuracy": value}
