"""Turns the model's comma-separated answer into a list of entities."""

from typing import List

from promptflow.core import tool

# Characters trimmed from both ends of every item; inner ones (an initial's dot, a phone number's
# parentheses) are kept.
EDGES = " \t\r\n.\"'"


@tool
def cleansing(answer: str) -> List[str]:
    """Split on commas, trim spaces, dots and quotes around each item, drop empty items.

    A whole answer of "None" (the prompt's "nothing found" reply) or a missing answer gives [].
    """
    if answer is None or answer.strip(EDGES).lower() == "none":
        return []
    items = (item.strip(EDGES) for item in answer.split(","))
    return [item for item in items if item]
