"""The flex class entry: built once per worker with its init, called once per line."""

import os
from pathlib import Path

from promptflow.core import AzureOpenAIModelConfiguration, Prompty
from promptflow.tracing import trace

BASE_DIR = Path(__file__).absolute().parent


def log(message: str):
    if os.environ.get("VERBOSE", "false").lower() == "true":
        print(message, flush=True)


def trim_history(count_tokens, question: str, chat_history: list, budget: int) -> list:
    """Drops the oldest turns until the rendered prompt fits the token budget (the newest turns matter most)."""
    history = list(chat_history or [])
    while history and count_tokens(question=question, chat_history=history) > budget:
        history = history[1:]
        log("Reducing chat history count to %d to fit token limit" % len(history))
    return history


class ChatFlow:
    def __init__(self, model_config: AzureOpenAIModelConfiguration, max_total_token: int = 4096):
        self.model_config = model_config
        self.max_total_token = max_total_token
        self.prompty = Prompty.load(source=BASE_DIR / "chat.prompty", model={"configuration": model_config})

    @trace
    def __call__(self, question: str, chat_history: list = None) -> str:
        history = trim_history(self.prompty.estimate_token_count, question, chat_history, self.max_total_token)
        return self.prompty(question=question, chat_history=history)
