from promptflow import tool

from helpers import divide


@tool
def compute(numerator: int, denominator: int) -> float:
    return divide(numerator, denominator)
