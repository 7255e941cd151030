"""Per-line grade: is the predicted category the expected one?"""

from promptflow.core import tool


@tool
def grade(groundtruth: str, prediction: str) -> int:
    """1 when both categories are equal ignoring case and surrounding spaces, else 0.

    A missing prediction means the standard line failed; grading it 0 would hide that failure in the
    accuracy, so the evaluation line fails instead.
    """
    if prediction is None:
        raise ValueError("prediction is missing: the standard run produced no category for this line")
    if not groundtruth or not groundtruth.strip():
        raise ValueError("groundtruth is empty: fix the category column of the data")
    return int(groundtruth.strip().lower() == prediction.strip().lower())
