from typing import Optional

from promptflow import tool
from promptflow.connections import AzureOpenAIConnection


@tool
def connection_name(deployment: str, untyped, conn: Optional[AzureOpenAIConnection] = None) -> dict:
    return {"deployment": deployment, "untyped": untyped, "conn": type(conn).__name__}
