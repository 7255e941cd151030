"""Per-line grade: is the predicted category the expected one?"""

from promptflow.core import tool


@tool
def grade(groundtruth: str, prediction: str) -> str:
    """Return "Correct" when both categories are equal ignoring case and surrounding spaces."""
    expected = (groundtruth or "").strip().lower()
    predicted = (prediction or "").strip().lower()
    return "Correct" if expected and expected == predicted else "Incorrect"
