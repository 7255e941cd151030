import os
import sys

from promptflow import tool


@tool
def noisy(text: str) -> str:
    print("{\"ok\": false, \"message\": \"a tool printing JSON must not fool the runner\"}")
    os.write(1, b"raw bytes on fd 1\n")
    sys.stdout.write("no newline at the end")
    return text[::-1]
