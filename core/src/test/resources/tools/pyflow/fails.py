from promptflow import tool

from helpers import divide


@tool
def compute(numerator: int, denominator: int) -> float:
    print("computing %s / %s" % (numerator, denominator))
    return divide(numerator, denominator)
