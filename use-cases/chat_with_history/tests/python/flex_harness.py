"""Loads this use case's flex flow modules for its unit tests, with or without Prompt Flow installed.

The modules import promptflow.tracing and promptflow.core. When promptflow is not installed, a small stand-in
takes its place: @trace leaves the function as it is, model configurations keep their fields, and Prompty must
be replaced by the test (the tests never call a model).
"""

import importlib.util
import sys
import types
from pathlib import Path

USE_CASE = Path(__file__).resolve().parents[2]


def _install_promptflow_stub():
    try:
        import promptflow.core  # noqa: F401
        import promptflow.tracing  # noqa: F401
        return
    except ImportError:
        pass

    def trace(func=None, **_):
        return func if func else (lambda f: f)

    class ModelConfiguration:
        def __init__(self, **fields):
            self.__dict__.update(fields)

    class Prompty:
        @classmethod
        def load(cls, source, model=None, **_):
            raise RuntimeError("unit tests replace Prompty; they never call a model")

    package = types.ModuleType("promptflow")
    core = types.ModuleType("promptflow.core")
    tracing = types.ModuleType("promptflow.tracing")
    tracing.trace = trace
    tracing.start_trace = lambda *a, **k: None
    core.Prompty = Prompty
    core.AzureOpenAIModelConfiguration = type("AzureOpenAIModelConfiguration", (ModelConfiguration,), {})
    core.OpenAIModelConfiguration = type("OpenAIModelConfiguration", (ModelConfiguration,), {})
    package.core = core
    package.tracing = tracing
    sys.modules.update({"promptflow": package, "promptflow.core": core, "promptflow.tracing": tracing})


_install_promptflow_stub()


def load(relative, name):
    """The module at `relative` (a path inside the use case), imported under `name`; its folder is importable, so
    sibling modules (`from llm import chat`) resolve as they do when llmops runs the flow."""
    path = USE_CASE / relative
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
