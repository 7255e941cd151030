import asyncio

from promptflow import tool


@tool
async def async_tool(words: list) -> str:
    await asyncio.sleep(0)
    return " ".join(reversed(words))
