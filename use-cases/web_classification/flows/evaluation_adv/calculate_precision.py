"""Aggregation: precision per predicted category, and their unweighted mean."""

from typing import Dict, List

from promptflow import log_metric
from promptflow.core import tool


def _key(category: str) -> str:
    return (category or "none").strip().lower().replace(" ", "_") or "none"


@tool
def calculate_precision(groundtruths: List[str], predictions: List[str]) -> Dict[str, float]:
    """For each category the run predicted at least once, log precision_<category> = correct / predicted.

    precision is the mean of those per-category values (macro average). Values are rounded to 4 decimals
    after averaging. Categories never predicted have no precision and are not logged; lines without a
    prediction (failed standard lines) are left out.
    """
    predicted: Dict[str, int] = {}
    correct: Dict[str, int] = {}
    for expected, prediction in zip(groundtruths, predictions):
        if prediction is None:
            continue
        key = _key(prediction)
        predicted[key] = predicted.get(key, 0) + 1
        if key == _key(expected):
            correct[key] = correct.get(key, 0) + 1
    if not predicted:
        return {}
    per_category = {key: correct.get(key, 0) / predicted[key] for key in sorted(predicted)}
    metrics = {f"precision_{key}": round(value, 4) for key, value in per_category.items()}
    metrics["precision"] = round(sum(per_category.values()) / len(per_category), 4)
    for name, value in metrics.items():
        log_metric(name, value)
    return metrics
