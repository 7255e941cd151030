"""Per-line grade: is the predicted category the expected one?"""

from promptflow.core import tool


@tool
def grade(groundtruth: str, prediction: str) -> str:
    """Return "Correct" when both categories are equal ignoring case and surrounding spaces, else "Incorrect".

    A missing prediction means the standard line failed; grading it would hide that failure in the accuracy,
    so the evaluation line fails instead.
    """
    if prediction is None:
        raise ValueError("prediction is missing: the standard run produced no category for this line")
    expected = (groundtruth or "").strip().lower()
    predicted = prediction.strip().lower()
    return "Correct" if expected and expected == predicted else "Incorrect"
