"""Takes the program out of the model's answer."""

import re

from promptflow.core import tool

# The first fenced block, with or without a language tag; models often add a sentence around it.
_FENCED = re.compile(r"```[ \t]*(?:python|py)?[ \t]*\n(.*?)```", re.DOTALL | re.IGNORECASE)


@tool
def code_refine(answer: str) -> str:
    """Return the code of the first fenced block, or the whole answer when there is no fence."""
    text = answer or ""
    found = _FENCED.search(text)
    code = found.group(1) if found else text
    return code.strip("\n").rstrip() + "\n" if code.strip() else ""
