import os

from promptflow.core import tool


@tool(name="read data", description="reads a file relative to the flow folder")
def read_data(file_name: str) -> dict:
    with open(file_name, encoding="utf-8") as f:
        return {"content": f.read().strip(), "cwd": os.getcwd()}
