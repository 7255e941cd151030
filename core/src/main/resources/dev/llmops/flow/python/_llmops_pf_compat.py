"""Stand-in for the parts of the `promptflow` package that flow tools use.

Installed into sys.modules by the llmops worker only when `import promptflow` fails, so that unmodified
Prompt Flow tools (`from promptflow import tool`, `from promptflow.core import tool`,
`from promptflow.connections import AzureOpenAIConnection`, `log_metric`) and flex entries (`promptflow.tracing.trace`,
`promptflow.core.Prompty`, `AzureOpenAIModelConfiguration`, `OpenAIModelConfiguration`) run without installing
promptflow. A Prompty's model call goes back to the JVM over the worker's callback channel.
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


# ---- flex entries: tracing, model configurations, Prompty -------------------------------------------------

_channel = None
_spans = None


def set_channel(channel):
    """The worker points this at a function that sends one callback to the JVM and returns its answer."""
    global _channel
    _channel = channel


def set_span_sink(sink):
    """The worker points this at the current call's span list (None between calls)."""
    global _spans
    _spans = sink


def _ask(payload):
    if _channel is None:
        raise RuntimeError("model calls are only available while llmops runs the flow")
    return _channel(payload)


def trace(func=None, **kwargs):
    """`promptflow.tracing.trace`: records each call's name, start and duration for the line's trace."""

    def wrap(f):
        import functools
        import inspect
        import time

        name = getattr(f, "__qualname__", getattr(f, "__name__", "call"))

        def record(start, error):
            if _spans is not None:
                _spans.append({"name": name, "start_ms": int(start * 1000),
                               "duration_ms": int((time.time() - start) * 1000), "error": error})

        if inspect.iscoroutinefunction(f):
            @functools.wraps(f)
            async def traced_async(*args, **kw):
                start = time.time()
                try:
                    result = await f(*args, **kw)
                except BaseException as exc:
                    record(start, "%s: %s" % (type(exc).__name__, exc))
                    raise
                record(start, None)
                return result
            return traced_async

        @functools.wraps(f)
        def traced(*args, **kw):
            start = time.time()
            try:
                result = f(*args, **kw)
            except BaseException as exc:
                record(start, "%s: %s" % (type(exc).__name__, exc))
                raise
            record(start, None)
            return result
        return traced

    if func is not None and callable(func):
        return wrap(func)
    return wrap


def start_trace(*args, **kwargs):
    return None


class _ModelConfiguration:
    _type = None
    _fields = ()

    def __init__(self, **kwargs):
        for field in self._fields:
            setattr(self, field, kwargs.pop(field, None))
        self.connection = kwargs.pop("connection", None)
        for key, value in kwargs.items():
            setattr(self, key, value)

    def _as_dict(self):
        out = {"type": self._type}
        for key, value in vars(self).items():
            if value is not None and not key.startswith("_"):
                out[key] = value
        return out

    def __repr__(self):
        shown = {k: v for k, v in vars(self).items() if k != "api_key" and v is not None}
        return "%s(%s)" % (type(self).__name__, ", ".join("%s=%r" % kv for kv in shown.items()))


class AzureOpenAIModelConfiguration(_ModelConfiguration):
    """`promptflow.core.AzureOpenAIModelConfiguration`."""
    _type = "azure_openai"
    _fields = ("azure_deployment", "azure_endpoint", "api_version", "api_key")

    def __init__(self, azure_deployment=None, azure_endpoint=None, api_version=None, api_key=None, connection=None,
                 **kwargs):
        super().__init__(azure_deployment=azure_deployment, azure_endpoint=azure_endpoint, api_version=api_version,
                         api_key=api_key, connection=connection, **kwargs)

    @classmethod
    def from_connection(cls, connection, azure_deployment=None):
        return cls(azure_deployment=azure_deployment, azure_endpoint=getattr(connection, "api_base", None),
                   api_version=getattr(connection, "api_version", None), api_key=getattr(connection, "api_key", None),
                   connection=getattr(connection, "name", None))


class OpenAIModelConfiguration(_ModelConfiguration):
    """`promptflow.core.OpenAIModelConfiguration`."""
    _type = "openai"
    _fields = ("model", "base_url", "api_key", "organization")

    def __init__(self, model=None, base_url=None, api_key=None, organization=None, connection=None, **kwargs):
        super().__init__(model=model, base_url=base_url, api_key=api_key, organization=organization,
                         connection=connection, **kwargs)

    @classmethod
    def from_connection(cls, connection, model=None):
        return cls(model=model, base_url=getattr(connection, "base_url", None),
                   api_key=getattr(connection, "api_key", None),
                   organization=getattr(connection, "organization", None),
                   connection=getattr(connection, "name", None))


MODEL_CONFIGURATIONS = {c.__name__: c for c in (AzureOpenAIModelConfiguration, OpenAIModelConfiguration)}


def model_configuration(type_name, values, connections):
    """Builds a model configuration from an init dict; `connection: name` keeps the name for the JVM's client."""
    cls = MODEL_CONFIGURATIONS.get(type_name, AzureOpenAIModelConfiguration)
    values = dict(values)
    name = values.get("connection")
    spec = connections.get(name) if name else None
    if spec is not None:
        props = spec.get("properties") or {}
        if cls is AzureOpenAIModelConfiguration:
            values.setdefault("azure_endpoint", props.get("api_base"))
            values.setdefault("api_version", props.get("api_version"))
        else:
            values.setdefault("base_url", props.get("base_url"))
        # The key stays with the JVM: calls go through the named connection there.
        values.pop("api_key", None)
    return cls(**values)


def _configuration_dict(configuration):
    if configuration is None:
        return None
    if isinstance(configuration, _ModelConfiguration):
        return configuration._as_dict()
    if isinstance(configuration, dict):
        return dict(configuration)
    if hasattr(configuration, "__dict__"):
        out = {k: v for k, v in vars(configuration).items() if not k.startswith("_") and v is not None}
        kind = type(configuration).__name__
        out.setdefault("type", "openai" if kind.startswith("OpenAI") else "azure_openai")
        return out
    raise TypeError("model configuration must be a dict or a ModelConfiguration, not %s" % type(configuration).__name__)


class Prompty:
    """`promptflow.core.Prompty`: the file renders and calls its model in the JVM (llmops' template engine and chat
    client: same cache, retries, recordings and token accounting as a prompty node)."""

    def __init__(self, path=None, model=None, **kwargs):
        import os
        self._path = os.path.abspath(str(path))
        model = dict(model or {})
        self._configuration = _configuration_dict(model.get("configuration"))
        self._parameters = dict(model.get("parameters") or {})

    @classmethod
    def load(cls, source, model=None, **kwargs):
        import os
        if not os.path.isfile(str(source)):
            raise FileNotFoundError("prompty file not found: %s" % source)
        return cls(path=source, model=model, **kwargs)

    def _request(self, op, inputs):
        return {"op": op, "path": self._path, "configuration": self._configuration,
                "parameters": self._parameters, "inputs": inputs}

    def __call__(self, *args, **kwargs):
        if args:
            raise TypeError("Prompty takes keyword inputs only")
        return _ask(self._request("prompty", kwargs))["output"]

    def estimate_token_count(self, *args, **kwargs):
        """The rendered prompt's tokens, estimated (about four characters a token) plus per-message overhead."""
        return int(_ask(self._request("prompty_tokens", kwargs))["tokens"])

    def __repr__(self):
        return "Prompty(%r)" % self._path


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
    flow_module = types.ModuleType("promptflow.core._flow")
    for module in (core, flow_module):
        module.Prompty = Prompty
    for module in (core, entities):
        for cls_name, cls in MODEL_CONFIGURATIONS.items():
            setattr(module, cls_name, cls)
    core._flow = flow_module
    root.core = core
    root.tracing = tracing
    root.connections = connections
    root.entities = entities
    sys.modules.update({
        "promptflow": root,
        "promptflow.core": core,
        "promptflow.core._flow": flow_module,
        "promptflow.tracing": tracing,
        "promptflow.connections": connections,
        "promptflow.entities": entities,
    })

