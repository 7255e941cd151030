"""Per-line comparison of the extracted entities with the expected ones."""

import re
from typing import List

from promptflow.core import tool


def _normalise(values):
    """Compare as sets, ignoring case, surrounding spaces/dots/quotes and repeated inner spaces."""
    cleaned = (re.sub(r"\s+", " ", str(v).strip(" \t\r\n.\"'")).lower() for v in values)
    return {v for v in cleaned if v}


@tool
def match(entities: List[str], ground_truth: List[str]) -> dict:
    """exact_match: 1 when both sets are equal (two empty sets included); partial_match: 1 on an exact match
    or when one extracted entity equals, contains or is contained in an expected one."""
    if entities is None:
        raise ValueError("entities is missing: the standard run produced no entities for this line")
    if ground_truth is None:
        raise ValueError("ground_truth is missing: give the expected entities as a list, [] for none")
    predicted = _normalise(entities)
    expected = _normalise(ground_truth)
    exact = predicted == expected
    partial = exact or any(p in e or e in p for p in predicted for e in expected)
    return {"exact_match": int(exact), "partial_match": int(partial)}
