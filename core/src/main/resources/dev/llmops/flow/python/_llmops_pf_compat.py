"""Stand-in for the parts of the `promptflow` package that flow tools use.

Installed into sys.modules by the llmops worker only when `import promptflow` fails, so that unmodified
Prompt Flow tools (`from promptflow import tool`, `from promptflow.core import tool`,
`from promptflow.connections import AzureOpenAIConnection`, `log_metric`) run without installing promptflow.
"""

import sys
import types

_metric_sink = None


def set_metric_sink(sink):
    """The worker points this at the current call's metric dict (None between calls)."""
    global _metric_sink
    _metric_sink = sink


def log_metric(key, value, variant_id=None):
    """Records a run metric; only meaningful in aggregation nodes, as in Prompt Flow."""
    if _metric_sink is not None:
        _metric_sink[str(key)] = value


def tool(func=None, *, name=None, description=None, type=None, input_settings=None, streaming_option_parameter=None,
         **kwargs):
    """Marks the tool function; usable bare (`@tool`) and with arguments (`@tool(name=...)`)."""

    def mark(f):
        f.__llmops_tool__ = True
        return f

    if func is not None and callable(func):
        return mark(func)
    return mark


def trace(func=None, **kwargs):
    """No-op tracing decorator (`promptflow.tracing.trace`)."""
    if func is not None and callable(func):
        return func
    return lambda f: f


def start_trace(*args, **kwargs):
    return None


class _Connection:
    """Attribute holder built from the connection's resolved properties."""

    _secret_keys = ()

    def __init__(self, name=None, **properties):
        self.name = name
        for key, value in properties.items():
            setattr(self, key, value)

    def __repr__(self):
        # Never show values: some are secrets.
        return "%s(name=%r)" % (type(self).__name__, self.name)


class AzureOpenAIConnection(_Connection):
    def __init__(self, name=None, api_key=None, api_base=None, api_type="azure", api_version=None, **kwargs):
        super().__init__(name=name, api_key=api_key, api_base=api_base, api_type=api_type or "azure",
                         api_version=api_version, **kwargs)


class OpenAIConnection(_Connection):
    def __init__(self, name=None, api_key=None, organization=None, base_url=None, **kwargs):
        super().__init__(name=name, api_key=api_key, organization=organization, base_url=base_url, **kwargs)


class CognitiveSearchConnection(_Connection):
    pass


class FormRecognizerConnection(_Connection):
    def __init__(self, name=None, api_type="Form Recognizer", **kwargs):
        super().__init__(name=name, api_type=api_type or "Form Recognizer", **kwargs)


class SerpConnection(_Connection):
    pass


class AzureContentSafetyConnection(_Connection):
    pass


class CustomConnection:
    """Configs and secrets readable as attributes (`conn.api_base`) and items (`conn["api_key"]`)."""

    def __init__(self, name=None, configs=None, secrets=None, **kwargs):
        self.name = name
        self.configs = dict(configs or {})
        self.secrets = dict(secrets or {})
        self.configs.update(kwargs)

    def __getattr__(self, key):
        if key in ("configs", "secrets", "name"):
            raise AttributeError(key)
        if key in self.secrets:
            return self.secrets[key]
        if key in self.configs:
            return self.configs[key]
        raise AttributeError("CustomConnection %r has no config or secret %r" % (self.name, key))

    def __getitem__(self, key):
        if key in self.secrets:
            return self.secrets[key]
        return self.configs[key]

    def __contains__(self, key):
        return key in self.secrets or key in self.configs

    def get(self, key, default=None):
        return self[key] if key in self else default

    def keys(self):
        return list(self.configs.keys()) + list(self.secrets.keys())

    def is_secret(self, key):
        return key in self.secrets

    def __repr__(self):
        return "CustomConnection(name=%r)" % (self.name,)


CONNECTION_CLASSES = {
    cls.__name__: cls
    for cls in (AzureOpenAIConnection, OpenAIConnection, CognitiveSearchConnection, FormRecognizerConnection,
                SerpConnection, AzureContentSafetyConnection, CustomConnection)
}


def install():
    """Registers promptflow, promptflow.core, .tracing, .connections and .entities in sys.modules."""
    root = types.ModuleType("promptflow")
    root.__path__ = []
    root.__llmops_compat__ = True
    core = types.ModuleType("promptflow.core")
    tracing = types.ModuleType("promptflow.tracing")
    connections = types.ModuleType("promptflow.connections")
    entities = types.ModuleType("promptflow.entities")
    for module in (root, core):
        module.tool = tool
        module.log_metric = log_metric
    tracing.trace = trace
    tracing.start_trace = start_trace
    root.trace = trace
    root.start_trace = start_trace
    for module in (connections, entities, core):
        for cls_name, cls in CONNECTION_CLASSES.items():
            setattr(module, cls_name, cls)
    root.core = core
    root.tracing = tracing
    root.connections = connections
    root.entities = entities
    sys.modules.update({
        "promptflow": root,
        "promptflow.core": core,
        "promptflow.tracing": tracing,
        "promptflow.connections": connections,
        "promptflow.entities": entities,
    })

