"""Few-shot examples for the program writer: a problem and the answer we want back."""

from promptflow.core import tool

FENCE = "```"


def _answer(code: str) -> str:
    return f"{FENCE}python\n{code}\n{FENCE}"


@tool
def math_example() -> list:
    return [
        {
            "question": "A cinema has 18 rows of 24 seats and 37 seats are taken. How many seats are free?",
            "code": _answer("rows = 18\nseats_per_row = 24\ntaken = 37\nprint(rows * seats_per_row - taken)"),
        },
        {
            "question": "A jacket costs 80 dollars after a 20 percent discount. What was the price before?",
            "code": _answer("price_after = 80\nprint(price_after / (1 - 0.20))"),
        },
    ]
