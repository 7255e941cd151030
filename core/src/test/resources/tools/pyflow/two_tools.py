from promptflow import tool


@tool
def first(x):
    return x


@tool
def second(x):
    return x
