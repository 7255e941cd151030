from promptflow import tool
from promptflow.connections import AzureOpenAIConnection, CustomConnection


@tool
def use_connections(aoai: AzureOpenAIConnection, search: CustomConnection, question: str) -> dict:
    return {
        "aoai_type": type(aoai).__name__,
        "api_base": aoai.api_base,
        "api_type": aoai.api_type,
        "key_length": len(aoai.api_key),
        "search_endpoint": search.endpoint,
        "search_key_item": search["api_key"],
        "question": question,
    }
