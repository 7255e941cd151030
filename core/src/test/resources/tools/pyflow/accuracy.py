from typing import List

from promptflow import log_metric, tool


@tool
def accuracy(grades: List[str]) -> dict:
    correct = sum(1 for g in grades if g == "Correct")
    value = round(correct / len(grades), 2)
    log_metric(key="accuracy", value=value)
    log_metric("count", len(grades))
    return {"accuracy": value}
