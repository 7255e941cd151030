"""A class evaluator: one Prompty judge call per line, averages over the run in __aggregate__."""

from pathlib import Path

from promptflow.core import AzureOpenAIModelConfiguration, Prompty
from promptflow.tracing import trace

BASE_DIR = Path(__file__).absolute().parent


def score(value) -> int:
    """A 1-5 score from the judge's answer; anything else counts as 0 (and shows in the report)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if 1 <= number <= 5 else 0


class CodeEvaluator:
    def __init__(self, model_config: AzureOpenAIModelConfiguration):
        self.model_config = model_config

    @trace
    def __call__(self, task: str, code: str) -> dict:
        judge = Prompty.load(source=BASE_DIR / "judge.prompty", model={"configuration": self.model_config})
        verdict = judge(task=task, code=code)
        return {
            "correctness": score(verdict.get("correctness")),
            "readability": score(verdict.get("readability")),
            "explanation": str(verdict.get("explanation", "")),
        }

    def __aggregate__(self, line_results: list) -> dict:
        total = len(line_results)
        return {
            "average_correctness": round(sum(r["correctness"] for r in line_results) / total, 4),
            "average_readability": round(sum(r["readability"] for r in line_results) / total, 4),
            "total": total,
        }
