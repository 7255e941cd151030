from promptflow.core import tool


@tool
def concat_scores(relevance: float = None, groundedness: float = None) -> dict:
    return {"relevance": relevance, "groundedness": groundedness}
