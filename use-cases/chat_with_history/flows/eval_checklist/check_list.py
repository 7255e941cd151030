"""A class evaluator: one Prompty check per statement and line; averages per statement in __aggregate__."""

import json
from pathlib import Path

from promptflow.core import AzureOpenAIModelConfiguration, Prompty
from promptflow.tracing import trace

BASE_DIR = Path(__file__).absolute().parent


class EvalFlow:
    def __init__(self, model_config: AzureOpenAIModelConfiguration):
        self.check = Prompty.load(source=BASE_DIR / "check.prompty", model={"configuration": model_config})

    @trace
    def __call__(self, answer: str, statements: dict) -> dict:
        if isinstance(statements, str):
            statements = json.loads(statements)
        results = {}
        for key, statement in statements.items():
            verdict = self.check(answer=answer, statement=statement)
            results[key] = {"score": int(verdict["score"]), "explanation": str(verdict.get("explanation", ""))}
        return results

    def __aggregate__(self, line_results: list) -> dict:
        total = len(line_results)
        keys = sorted(set().union(*(r.keys() for r in line_results))) if line_results else []
        metrics = {}
        for key in keys:
            scored = [r[key]["score"] for r in line_results if key in r]
            metrics["average_" + key] = round(sum(scored) / len(scored), 4)
        metrics["total"] = total
        return metrics
