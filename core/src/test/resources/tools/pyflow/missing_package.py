from promptflow import tool

import llmops_no_such_package_xyz


@tool
def uses_package(text: str) -> str:
    return llmops_no_such_package_xyz.run(text)
