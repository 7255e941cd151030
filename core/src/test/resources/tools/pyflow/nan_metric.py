import math

from promptflow import log_metric, tool


@tool
def nan_metric(scores: list) -> float:
    log_metric("average_score", float("nan"))
    return math.nan
