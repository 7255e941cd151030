from promptflow.core import tool


@tool
def validate_input(answer: str, check_relevance: bool, documents: str) -> dict:
    return {"relevance": bool(answer) and check_relevance, "groundedness": bool(documents)}
