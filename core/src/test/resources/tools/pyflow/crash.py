import os

from promptflow import tool


@tool
def crash(die: bool) -> int:
    if die:
        os._exit(3)
    return os.getpid()
