from typing import TypedDict

from promptflow.tracing import trace

from llm import my_llm_tool


class ReturnType(TypedDict):
    output: str


@trace
def write_simple_program(text: str = "Hello World!", deployment_name: str = "gpt-35-turbo") -> ReturnType:
    prompt = "Write a simple " + text + " program that displays the greeting message."
    return {"output": my_llm_tool(prompt=prompt, deployment_name=deployment_name)}
