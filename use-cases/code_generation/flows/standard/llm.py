"""One chat call from code, as the template's function flow makes it: with the openai package when it is installed,
else with a standard-library client reading the same variables (OPENAI_BASE_URL / OPENAI_API_KEY, or
AZURE_OPENAI_ENDPOINT / AZURE_OPENAI_API_KEY / OPENAI_API_VERSION). Under llmops those variables point at its loopback
endpoint, so the call gets the run's connection, cache, recordings and token accounting."""

import json
import os
import urllib.error
import urllib.request

from promptflow.tracing import trace


@trace
def chat(messages, deployment_name, **parameters):
    try:
        import openai
    except ImportError:
        return _stdlib_chat(messages, deployment_name, parameters)
    if os.environ.get("OPENAI_API_KEY"):
        client = openai.OpenAI()
    else:
        client = openai.AzureOpenAI(api_version=os.environ.get("OPENAI_API_VERSION", "2024-06-01"))
    response = client.chat.completions.create(messages=messages, model=deployment_name, **parameters)
    if not response.choices or response.choices[0].message is None:
        raise ValueError("the model returned an empty or filtered answer")
    return response.choices[0].message.content


def _stdlib_chat(messages, deployment_name, parameters):
    body = dict(parameters, messages=messages, model=deployment_name)
    if os.environ.get("OPENAI_API_KEY"):
        url = os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1").rstrip("/") + "/chat/completions"
        headers = {"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]}
    else:
        endpoint = os.environ["AZURE_OPENAI_ENDPOINT"].rstrip("/")
        version = os.environ.get("OPENAI_API_VERSION", "2024-06-01")
        url = "%s/openai/deployments/%s/chat/completions?api-version=%s" % (endpoint, deployment_name, version)
        headers = {"api-key": os.environ["AZURE_OPENAI_API_KEY"]}
    headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, json.dumps(body).encode("utf-8"), headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", errors="replace")
        try:
            detail = json.loads(detail)["error"]["message"]
        except (ValueError, KeyError, TypeError):
            pass
        raise RuntimeError("the model endpoint answered %d: %s" % (error.code, detail)) from None
    choices = answer.get("choices") or []
    if not choices or not choices[0].get("message"):
        raise ValueError("the model returned an empty or filtered answer")
    return choices[0]["message"]["content"]
