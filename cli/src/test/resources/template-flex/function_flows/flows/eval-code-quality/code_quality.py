import json
from pathlib import Path
from typing import TypedDict

from promptflow.tracing import trace
from promptflow.core import AzureOpenAIModelConfiguration
from promptflow.core._flow import Prompty

BASE_DIR = Path(__file__).absolute().parent


class Result(TypedDict):
    correctness: float
    readability: float
    explanation: str


class CodeEvaluator:
    def __init__(self, model_config: AzureOpenAIModelConfiguration):
        self.model_config = model_config

    @trace
    def __call__(self, code: str) -> Result:
        prompty = Prompty.load(source=BASE_DIR / "eval_code_quality.prompty", model={"configuration": self.model_config})
        output = prompty(code=code)
        return json.loads(output)

    def __aggregate__(self, line_results: list) -> dict:
        total = len(line_results)
        return {
            "average_correctness": sum(r["correctness"] for r in line_results) / total,
            "average_readability": sum(r["readability"] for r in line_results) / total,
            "total": total,
        }
