"""Per-line token-overlap F1 between an answer and its reference answer."""

import re
import string
from collections import Counter

from promptflow.core import tool

ARTICLES = re.compile(r"\b(a|an|the)\b")
PUNCTUATION = str.maketrans(string.punctuation, " " * len(string.punctuation))


def _tokens(text):
    """Lower case, punctuation as spaces, articles removed, split on whitespace."""
    return ARTICLES.sub(" ", text.lower().translate(PUNCTUATION)).split()


@tool
def f1(answer: str, ground_truth: str) -> float:
    """Harmonic mean of precision (shared tokens / answer tokens) and recall (shared tokens / reference
    tokens), counting repeated tokens as often as they occur in both; 0.0 when nothing is shared."""
    if answer is None:
        raise ValueError("answer is missing: the standard run produced no answer for this line")
    if not ground_truth or not _tokens(ground_truth):
        raise ValueError("ground_truth is empty: fix the ground_truth column of the data")
    predicted = _tokens(answer)
    expected = _tokens(ground_truth)
    shared = sum((Counter(predicted) & Counter(expected)).values())
    if shared == 0:
        return 0.0
    precision = shared / len(predicted)
    recall = shared / len(expected)
    return 2 * precision * recall / (precision + recall)
