from promptflow.core import tool


@tool
def explain(score: float) -> str:
    return "groundedness scored " + str(score)
