"""Maps the model's answer onto one of the known categories."""

import re

from promptflow.core import tool

CATEGORIES = ("Billing", "Technical", "Account", "Shipping")
UNKNOWN = "Unknown"


@tool
def parse_category(answer: str) -> str:
    """The category the answer names, spelled as in CATEGORIES; "Unknown" when it names none or several.

    Models often add a dot or a short sentence ("The category is Billing."), so a category named exactly
    once as a word is accepted.
    """
    if answer is None:
        return UNKNOWN
    cleaned = answer.strip().strip(".\"'").strip()
    for category in CATEGORIES:
        if cleaned.lower() == category.lower():
            return category
    named = [c for c in CATEGORIES if re.search(rf"\b{c}\b", answer, re.IGNORECASE)]
    return named[0] if len(named) == 1 else UNKNOWN
