import sys

from promptflow import tool


@tool
def reads_stdin(tag: int) -> dict:
    return {"tag": tag, "stdin": sys.stdin.read()}
