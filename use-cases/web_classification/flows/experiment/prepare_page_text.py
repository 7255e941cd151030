"""Prepares the page text carried by the data line for summarisation."""

import os

from promptflow.core import tool

# Roughly four characters per token; the page may use half of the token budget, the prompts the rest.
CHARS_PER_TOKEN = 4


@tool
def prepare_page_text(text: str) -> str:
    """Collapse whitespace and cut the text to half of MAX_TOTAL_TOKEN (environment/env.yaml)."""
    budget = int(os.environ.get("MAX_TOTAL_TOKEN", "4096"))
    max_chars = budget * CHARS_PER_TOKEN // 2
    cleaned = " ".join((text or "").split())
    if len(cleaned) <= max_chars:
        return cleaned
    cut = cleaned[:max_chars]
    if cleaned[max_chars] == " " or " " not in cut:
        return cut
    # Drop the word the limit cut in two, so the summariser never sees half a word.
    return cut[: cut.rfind(" ")]
