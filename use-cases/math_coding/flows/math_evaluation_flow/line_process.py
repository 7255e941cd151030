"""Per-line score of a numeric answer."""

import math

from promptflow.core import tool

RELATIVE_TOLERANCE = 1e-6
# Only matters when the expected value is 0, where a relative tolerance accepts nothing but 0 itself.
ABSOLUTE_TOLERANCE = 1e-9


def _number(value):
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@tool
def line_process(groundtruth: str, prediction: str) -> int:
    """1 when the prediction equals the ground truth within 1e-6 relative, 0 when it is another number,
    -1 when the program failed or printed something that is not a number."""
    expected = _number(groundtruth)
    if expected is None:
        raise ValueError(f"ground truth {groundtruth!r} is not a number: fix the evaluation data")
    answer = _number(prediction)
    if answer is None:
        return -1
    close = math.isclose(answer, expected, rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE)
    return 1 if close else 0
