"""The flex entry: render the prompt, call the model from code, return the program."""

from pathlib import Path

from promptflow.tracing import trace

from llm import chat
from prompt import render

BASE_DIR = Path(__file__).absolute().parent


@trace
def extract_code(answer: str) -> str:
    """The first fenced block of the answer, or the answer itself when there is none."""
    lines = answer.strip().splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("```")), None)
    if start is None:
        return answer.strip()
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip().startswith("```")), len(lines))
    return "\n".join(lines[start + 1:end]).strip()


@trace
def write_simple_program(text: str, deployment_name: str = "gpt-4o-mini") -> str:
    prompt = render((BASE_DIR / "programmer.jinja2").read_text(encoding="utf-8"), text=text)
    answer = chat(
        [{"role": "system", "content": "You are a careful programmer."}, {"role": "user", "content": prompt}],
        deployment_name,
        max_tokens=400,
        temperature=0,
    )
    return extract_code(answer)
