import os

from promptflow import tool


@tool
def no_inputs() -> dict:
    return {"greeting": os.environ.get("GREETING"), "pid": os.getpid()}
