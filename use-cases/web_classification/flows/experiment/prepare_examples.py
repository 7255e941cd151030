"""Few-shot examples for the classifier, one per category that is easy to confuse."""

from promptflow.core import tool


@tool
def prepare_examples() -> list:
    return [
        {
            "url": "https://example.com/apps/pocket-budget",
            "summary": "The store page of Pocket Budget, a budgeting app for Android with 4.4 stars and a free download.",
            "category": "App",
            "evidence": "budgeting app for Android, free download",
        },
        {
            "url": "https://example.com/people/jonas-berg",
            "summary": "A short biography of the architect Jonas Berg, listing his studio, awards and past projects.",
            "category": "Profile",
            "evidence": "biography of the architect",
        },
        {
            "url": "https://example.com/papers/soil-carbon",
            "summary": "The abstract of a study measuring soil carbon in grazed meadows, with its authors and university.",
            "category": "Academic",
            "evidence": "abstract of a study",
        },
    ]
