"""A test stand-in for the `openai` package (which cannot be installed here): the client classes and the one call
the template's function flow makes, on the standard library, reading the same variables the real package reads."""

import json
import os
import urllib.request
from types import SimpleNamespace


class _Completions:
    def __init__(self, client):
        self._client = client

    def create(self, messages, model, **parameters):
        body = dict(parameters, messages=messages, model=model)
        url, headers = self._client._target(model)
        headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, json.dumps(body).encode("utf-8"), headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        choices = [SimpleNamespace(index=c.get("index", 0),
                                   message=SimpleNamespace(role="assistant", content=c["message"]["content"]))
                   for c in answer.get("choices", [])]
        return SimpleNamespace(choices=choices, usage=SimpleNamespace(**answer.get("usage", {})))


class _Chat:
    def __init__(self, client):
        self.completions = _Completions(client)


class OpenAI:
    def __init__(self, api_key=None, base_url=None):
        self.api_key = api_key or os.environ["OPENAI_API_KEY"]
        self.base_url = (base_url or os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1")).rstrip("/")
        self.chat = _Chat(self)

    def _target(self, model):
        return self.base_url + "/chat/completions", {"Authorization": "Bearer " + self.api_key}


class AzureOpenAI:
    def __init__(self, api_version=None, azure_endpoint=None, api_key=None):
        self.api_version = api_version or os.environ["OPENAI_API_VERSION"]
        self.endpoint = (azure_endpoint or os.environ["AZURE_OPENAI_ENDPOINT"]).rstrip("/")
        self.api_key = api_key or os.environ["AZURE_OPENAI_API_KEY"]
        self.chat = _Chat(self)

    def _target(self, model):
        return ("%s/openai/deployments/%s/chat/completions?api-version=%s" % (self.endpoint, model, self.api_version),
                {"api-key": self.api_key})
