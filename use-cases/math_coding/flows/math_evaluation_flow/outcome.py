from promptflow.core import tool


@tool
def outcome(score: int) -> dict:
    """Per-line indicators of the rates the aggregation logs (accuracy, error_rate)."""
    return {"accuracy": 1 if score == 1 else 0, "error": 1 if score == -1 else 0}
