from promptflow import tool


@tool
def streaming(count: int):
    for i in range(count):
        yield "chunk%d;" % i
