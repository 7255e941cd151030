from promptflow import tool

from helpers import shout


@tool
def greet(name: str, punctuation: str = ".") -> str:
    return shout("hello " + name) + punctuation
