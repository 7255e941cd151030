import os
import time

from promptflow import tool


@tool
def sleepy(seconds: float, tag: int) -> dict:
    time.sleep(seconds)
    return {"tag": tag, "pid": os.getpid()}
