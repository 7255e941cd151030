"""llmops python tool worker: runs Prompt Flow python tools for the JVM, one call at a time.

Protocol: one JSON request per line on the process's original stdin, one JSON response per line on its
original stdout. Before any tool runs, both move to private descriptors: fd 0 reads /dev/null and fd 1 writes
to stderr, so tools that read stdin or print (even C extensions writing to fd 1) cannot touch the protocol.

Request:  {"id", "op": "call"|"check", "node", "flow_dir", "source", "inputs", "connections", "environment",
           "aggregation"}   ("check" loads the tool and binds the inputs without calling it)
          {"id", "op": "flex_call"|"flex_aggregate"|"flex_check"|"flex_init", "node", "flow_dir", "module", "symbol",
           "source",
           "instance_key", "init", "init_types", "connections", "environment", "inputs" | "line_results"}
           (flex entries: a function, or a class built once per instance_key and kept in this worker)
Callback: while a call runs, entry code may ask the JVM for a model call: the worker writes
           {"callback": {...}} on the protocol stream and reads one line {"ok", "result"|"message"} back.
Batch:    {"batch": [request, ...]}: the requests in order, one response line each (then the next request).
Response: {"id", "ok": true, "output", "metrics", "spans"}
       or {"id", "ok": false, "kind": "load"|"bind"|"tool"|"output", "type", "message", "traceback", "printed",
           "line", "column"}   (line/column: where in the tool file it failed, 0 when unknown; a module that is not
           installed adds "missing_module" and "python", the interpreter's path)
"""

import asyncio
import dataclasses
import hashlib
import importlib
import importlib.util
import inspect
import json
import os
import sys
import traceback
import typing

WORKER_FILE = os.path.abspath(__file__)


def _open_protocol_streams():
    """Moves the protocol off fds 0 and 1, so tools that read stdin or write stdout cannot touch it."""
    requests = os.fdopen(os.dup(0), "rb")
    responses = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    sys.stdin = os.fdopen(0, "r", encoding="utf-8", closefd=False)
    sys.stdout = os.fdopen(1, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)
    return requests, responses


def _install_promptflow(compat):
    """Uses the real promptflow when installed, else the compat module; either way log_metric is captured."""
    try:
        import promptflow  # noqa: F401
    except ImportError:
        compat.install()
        return False
    # Tools bind `log_metric` at import time, so patch it before any tool module loads.
    for name in ("promptflow", "promptflow.core"):
        module = sys.modules.get(name)
        if module is None:
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
        module.log_metric = compat.log_metric
    return True


class _Tee:
    """Passes writes through to the worker's stderr and keeps the first part for the line's error detail."""

    LIMIT = 16384

    def __init__(self, target):
        self.target = target
        self.parts = []
        self.size = 0

    def write(self, text):
        if self.size < self.LIMIT:
            kept = text[: self.LIMIT - self.size]
            self.parts.append(kept)
            self.size += len(kept)
        return self.target.write(text)

    def flush(self):
        self.target.flush()

    def __getattr__(self, name):
        return getattr(self.target, name)

    def text(self):
        captured = "".join(self.parts)
        return captured + ("\n[... more output cut]" if self.size >= self.LIMIT else "")


class ToolFailure(Exception):
    def __init__(self, kind, message, exc=None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.exc = exc
        self.printed = ""


class Worker:
    MAX_INSTANCES = 16

    def __init__(self, compat, real_promptflow):
        self.compat = compat
        self.real_promptflow = real_promptflow
        self.modules = {}
        self.current_flow_dir = None
        self.instances = {}
        # The loopback endpoint's address and this worker's token; set for flex calls that ask for it.
        self.loopback_url = os.environ.pop("LLMOPS_LOOPBACK_URL", "")
        self.loopback_token = os.environ.pop("LLMOPS_LOOPBACK_TOKEN", "")
        # What every call starts from; the last call's variables stay set until a call wants others.
        self.base_env = dict(os.environ)
        self.env_key = None
        self.env_data = None
        self.flow_dirs = {}
        # Entries found in the current flow folder, by (module, symbol); forgotten when the flow changes.
        self.entries = {}

    def loopback_environment(self, wanted):
        """The variables the openai package (and most clients) read, pointing at the JVM's loopback endpoint."""
        return {
            "OPENAI_BASE_URL": self.loopback_url + "/v1",
            "OPENAI_API_BASE": self.loopback_url + "/v1",
            "OPENAI_API_KEY": self.loopback_token,
            "AZURE_OPENAI_ENDPOINT": self.loopback_url,
            "AZURE_OPENAI_API_KEY": self.loopback_token,
            "OPENAI_API_VERSION": wanted.get("OPENAI_API_VERSION") or self.base_env.get("OPENAI_API_VERSION")
            or "2024-02-01",
        }

    # ---- module loading -------------------------------------------------------------------------------

    def enter_flow(self, flow_dir):
        if flow_dir == self.current_flow_dir:
            return
        old = self.current_flow_dir
        if old is not None:
            while old in sys.path:
                sys.path.remove(old)
            # Sibling modules of another flow may share names with this flow's (utils.py); forget them.
            prefix = os.path.join(old, "")
            for name, module in list(sys.modules.items()):
                file = getattr(module, "__file__", None)
                if file and os.path.abspath(file).startswith(prefix) and not name.startswith("__llmops_tool_"):
                    del sys.modules[name]
        sys.path.insert(0, flow_dir)
        self.current_flow_dir = flow_dir
        self.entries = {}

    def load_tool(self, flow_dir, source):
        path = os.path.abspath(os.path.join(flow_dir, source))
        try:
            stat = os.stat(path)
        except OSError:
            raise ToolFailure("load", "python tool file %s not found in flow folder %s" % (source, flow_dir))
        key = (path, stat.st_mtime_ns, stat.st_size)
        cached = self.modules.get(key)
        if cached is not None:
            return cached
        module_name = "__llmops_tool_" + hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None:
            raise ToolFailure("load", "%s is not a python file" % source)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException as exc:  # noqa: B902 - a SystemExit at import time is also the tool's failure
            del sys.modules[module_name]
            raise ToolFailure("load", "importing %s failed: %s: %s" % (source, type(exc).__name__, exc), exc)
        func = self.find_tool(module, source)
        self.modules = {k: v for k, v in self.modules.items() if k[0] != path}
        self.modules[key] = func
        return func

    @staticmethod
    def find_tool(module, source):
        own = [f for f in vars(module).values()
               if inspect.isfunction(f) and f.__module__ == module.__name__]
        marked = [f for f in own if getattr(f, "__llmops_tool__", False) or hasattr(f, "__original_function")]
        if not marked:
            # Real promptflow wraps tools; the wrapper's module is promptflow's, its __wrapped__ is ours.
            marked = [f for f in vars(module).values()
                      if callable(f) and getattr(getattr(f, "__wrapped__", None), "__module__", None) == module.__name__]
        if len(marked) == 1:
            return marked[0]
        if len(marked) > 1:
            names = ", ".join(sorted(f.__name__ for f in marked))
            raise ToolFailure("load", "%s has several @tool functions (%s); keep exactly one per file" % (source, names))
        public = [f for f in own if not f.__name__.startswith("_")]
        if len(public) == 1:
            return public[0]
        raise ToolFailure("load", "%s has no @tool function; decorate the tool function with "
                                  "@tool (from promptflow import tool)" % source)

    # ---- binding --------------------------------------------------------------------------------------

    def connection_object(self, spec):
        type_name = spec.get("type") or "CustomConnection"
        props = dict(spec.get("properties") or {})
        secret_keys = set(spec.get("secret_keys") or [])
        name = spec.get("name")
        classes = self.compat.CONNECTION_CLASSES
        if self.real_promptflow:
            try:
                import promptflow.connections as real
                classes = {n: getattr(real, n) for n in classes if hasattr(real, n)}
            except ImportError:
                pass
        cls = next((c for n, c in classes.items() if n.lower() == type_name.lower()), classes["CustomConnection"])
        if cls.__name__ == "CustomConnection":
            configs = {k: v for k, v in props.items() if k not in secret_keys}
            secrets = {k: v for k, v in props.items() if k in secret_keys}
            return cls(name=name, configs=configs, secrets=secrets)
        try:
            return cls(name=name, **props)
        except TypeError:
            return self.compat.CONNECTION_CLASSES.get(cls.__name__, self.compat.CustomConnection)(name=name, **props)

    def bind(self, func, source, inputs, connections):
        values = dict(inputs)
        params, takes_kwargs, required = _signature(func)
        for key, spec in connections.items():
            # As in Prompt Flow, only a parameter typed as a connection gets the object; others keep the name.
            if key in params and _wants_connection(params[key].annotation):
                values[key] = self.connection_object(spec)
        unknown = [k for k in values if k not in params and not takes_kwargs]
        if unknown:
            raise ToolFailure("bind", "%s() in %s has no parameter(s) %s; remove these node inputs or add the "
                                      "parameters" % (func.__name__, source, ", ".join(sorted(unknown))))
        missing = [n for n in required if n not in values]
        if missing:
            raise ToolFailure("bind", "%s() in %s needs input(s) %s that the node does not give; add them to the "
                                      "node's inputs" % (func.__name__, source, ", ".join(missing)))
        return values


    # ---- flex entries ---------------------------------------------------------------------------------

    def load_entry(self, request):
        module_name, symbol = request["module"], request["symbol"]
        try:
            module = importlib.import_module(module_name)
        except BaseException as exc:  # noqa: B902 - an import-time SystemExit is the entry's failure too
            sys.modules.pop(module_name, None)
            raise ToolFailure("load", "importing entry module %s failed: %s: %s"
                              % (module_name, type(exc).__name__, exc), exc)
        target = getattr(module, symbol, None)
        if target is None:
            names = sorted(n for n, v in vars(module).items()
                           if not n.startswith("_") and (inspect.isfunction(v) or inspect.isclass(v))
                           and getattr(v, "__module__", None) == module.__name__)
            raise ToolFailure("load", "entry '%s' not found in module %s%s" % (
                symbol, module_name, (" (it defines: %s)" % ", ".join(names)) if names else ""))
        if not callable(target):
            raise ToolFailure("load", "entry '%s' in %s is not a function or a class" % (symbol, module_name))
        return target

    def init_kwargs(self, cls, request):
        init = dict(request.get("init") or {})
        types = request.get("init_types") or {}
        connections = request.get("connections") or {}
        try:
            params = inspect.signature(cls.__init__).parameters
        except (TypeError, ValueError):
            params = {}
        params = {n: p for n, p in params.items() if n != "self"}
        takes_kwargs = any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params.values())
        unknown = [k for k in init if k not in params and not takes_kwargs]
        if unknown:
            raise ToolFailure("init", "%s.__init__ has no parameter(s) %s; remove them from the init "
                                      "(init.json, --init, flow.flex.yaml)" % (cls.__name__, ", ".join(sorted(unknown))))
        missing = [n for n, p in params.items()
                   if p.default is inspect.Parameter.empty and n not in init
                   and p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)]
        if missing:
            raise ToolFailure("init", "%s.__init__ needs init parameter(s) %s; give them in init.json beside the "
                                      "flow, with --init %s=VALUE, or as a default under init: in flow.flex.yaml"
                              % (cls.__name__, ", ".join(missing), missing[0]))
        kwargs = {}
        for name, value in init.items():
            annotation = params[name].annotation if name in params else inspect.Parameter.empty
            declared = types.get(name) or ""
            kwargs[name] = self.init_value(name, value, annotation, declared, connections)
        return kwargs

    def init_value(self, name, value, annotation, declared, connections):
        wanted = declared or (annotation if isinstance(annotation, str) else getattr(annotation, "__name__", ""))
        wanted = str(wanted).split(".")[-1]
        if wanted.endswith("ModelConfiguration") and isinstance(value, dict):
            return self.compat.model_configuration(wanted, value, connections)
        if (wanted.endswith("Connection") or _wants_connection(annotation)) and isinstance(value, str):
            spec = connections.get(value)
            if spec is None:
                raise ToolFailure("init", "init parameter '%s' names connection '%s', which the experiment does not "
                                          "define" % (name, value))
            return self.connection_object(spec)
        return value

    def instance(self, cls, request):
        key = request.get("instance_key") or ""
        held = self.instances.get(key)
        if held is not None:
            return held
        kwargs = self.init_kwargs(cls, request)
        try:
            obj = cls(**kwargs)
        except BaseException as exc:  # noqa: B902
            raise ToolFailure("init", "%s.__init__ failed: %s: %s" % (cls.__name__, type(exc).__name__, exc), exc)
        if len(self.instances) >= self.MAX_INSTANCES:
            self.instances.pop(next(iter(self.instances)))
        self.instances[key] = obj
        return obj

    def flex(self, request, metrics):
        op = request["op"]
        if op == "flex_requirements":
            return {"ok": True, "output": {"missing": _missing(request.get("requirements") or []),
                                           "python": sys.executable}, "metrics": {}}
        # A line's call skips the import machinery: the entry is looked up once per flow folder.
        key = (request["module"], request["symbol"])
        cached = self.entries.get(key) if op == "flex_call" else None
        if cached is None:
            target = self.load_entry(request)
            cached = (target, inspect.isclass(target))
            if op == "flex_call":
                self.entries[key] = cached
        target, is_class = cached
        if op == "flex_init":
            # a server warming up: the class is built for its key now, so the first line finds it built
            if is_class:
                self.instance(target, request)
            return {"ok": True, "output": None, "metrics": {}}
        if op == "flex_check":
            if is_class:
                kwargs = self.init_kwargs(target, request)
                check = getattr(target, "__llmops_check__", None)
                if check is not None:
                    try:
                        check(**kwargs)
                    except BaseException as exc:  # noqa: B902
                        raise ToolFailure("load", "%s: %s" % (type(exc).__name__, exc), exc)
                call = getattr(target, "__call__", None)
                func = call
                label = "%s.__call__" % target.__name__
            else:
                func = target
                label = target.__name__
            self.bind_flex(func, label, dict.fromkeys(request.get("inputs") or {}), check=True)
            return {"ok": True, "output": {"kind": "class" if is_class else "function",
                                           "aggregate": is_class and hasattr(target, "__aggregate__"),
                                           "outputs": _declared_outputs(func),
                                           "returns": _return_name(func),
                                           "python": sys.executable},
                    "metrics": {}}
        spans = []
        if hasattr(self.compat, "set_span_sink"):
            self.compat.set_span_sink(spans)
        try:
            return self.flex_run(request, target, is_class, metrics, spans)
        finally:
            if hasattr(self.compat, "set_span_sink"):
                self.compat.set_span_sink(None)

    def flex_run(self, request, target, is_class, metrics, spans):
        op = request["op"]
        func = self.instance(target, request) if is_class else target
        label = ("%s.__call__" % target.__name__) if is_class else target.__name__
        if op == "flex_aggregate":
            if not is_class or not hasattr(func, "__aggregate__"):
                return {"ok": True, "output": None, "metrics": {}}
            aggregate = func.__aggregate__
            if len(inspect.signature(aggregate).parameters) != 1:
                raise ToolFailure("bind", "%s.__aggregate__ must take exactly one parameter (the list of line "
                                          "results)" % target.__name__)
            lines = [_AttrDict(r) if isinstance(r, dict) else r for r in (request.get("line_results") or [])]
            result = self.run_user(aggregate, {"__args__": [lines]}, "%s.__aggregate__" % target.__name__)
            if result is None:
                result = {}
            if not isinstance(result, dict):
                raise ToolFailure("output", "%s.__aggregate__ returned %s; return a dict of metric name to value"
                                  % (target.__name__, type(result).__name__))
            metrics.update(result)
            return {"ok": True, "output": None, "metrics": metrics, "spans": spans}
        kwargs = self.bind_flex(func, label, request.get("inputs") or {}, check=False)
        result = self.run_user(func, kwargs, label, self.compat._ask if request.get("stream") else None)
        return {"ok": True, "output": _flex_output(result), "metrics": {}, "spans": spans}

    @staticmethod
    def bind_flex(func, label, inputs, check):
        """Prompt Flow's rule: inputs the entry does not take are dropped; a required one missing fails."""
        params, takes_kwargs, required = _signature(func)
        values = {k: v for k, v in inputs.items() if takes_kwargs or (k in params and k != "self")}
        missing = [n for n in required if n != "self" and n not in values]
        if missing:
            raise ToolFailure("bind", "%s() needs input(s) %s that the line does not give; map them in the "
                                      "dataset's mappings or declare defaults" % (label, ", ".join(missing)))
        return values

    def run_user(self, func, kwargs, label, ask=None):
        """Calls user code; a generator's items are joined into one string, and with ask (a streamed call) each
        item also goes to the JVM as a chunk callback the moment it is yielded."""
        try:
            if "__args__" in kwargs:
                result = func(*kwargs["__args__"])
            else:
                result = func(**kwargs)
            if inspect.isawaitable(result):
                result = asyncio.run(_await(result))
            if inspect.isgenerator(result) or inspect.isasyncgen(result):
                parts = []

                def emit(item):
                    text = str(item)
                    parts.append(text)
                    if ask is not None:
                        ask({"op": "chunk", "text": text})

                if inspect.isasyncgen(result):
                    asyncio.run(_relay(result, emit))
                else:
                    for item in result:
                        emit(item)
                result = "".join(parts)
            return result
        except ToolFailure:
            raise
        except BaseException as exc:  # noqa: B902
            raise ToolFailure("tool", "execution failure in '%s': %s: %s" % (label, type(exc).__name__, exc), exc)

    # ---- calling --------------------------------------------------------------------------------------

    def call(self, request):
        raw_dir = request["flow_dir"]
        flow_dir = self.flow_dirs.get(raw_dir)
        if flow_dir is None:
            flow_dir = self.flow_dirs[raw_dir] = os.path.abspath(raw_dir)
        source = request["source"]
        self.enter_flow(flow_dir)
        self.enter_environment(request)
        saved_streams = (sys.stdout, sys.stderr)
        # Both go to the worker's stderr anyway (fd 1 points there); one tee keeps them in order.
        printed = _Tee(sys.stderr)
        sys.stdout = sys.stderr = printed
        metrics = {}
        try:
            # The next call moves to its own flow folder; moving back after each call would cost system calls.
            if os.getcwd() != flow_dir:
                os.chdir(flow_dir)
            if request.get("op", "").startswith("flex_"):
                return self.flex(request, metrics)
            func = self.load_tool(flow_dir, source)
            kwargs = self.bind(func, source, request.get("inputs") or {}, request.get("connections") or {})
            if request.get("op") == "check":
                return {"ok": True, "output": func.__name__, "metrics": {}}
            self.compat.set_metric_sink(metrics)
            try:
                result = func(**kwargs)
                if inspect.isawaitable(result):
                    result = asyncio.run(_await(result))
                if inspect.isgenerator(result):
                    items = list(result)
                    result = "".join(items) if all(isinstance(i, str) for i in items) else items
            except ToolFailure:
                raise
            except BaseException as exc:  # noqa: B902 - sys.exit() in a tool fails the line, not the worker
                raise ToolFailure("tool", "%s: %s" % (type(exc).__name__, exc), exc)
            finally:
                self.compat.set_metric_sink(None)
            return {"ok": True, "output": result, "metrics": metrics}
        except ToolFailure as failure:
            failure.printed = printed.text()
            raise
        finally:
            sys.stdout, sys.stderr = saved_streams

    def enter_environment(self, request):
        """Gives the call the worker's environment plus the request's variables (and the loopback ones), as if
        no earlier call had run. Set only when it differs from the last call's: a system call per variable."""
        wanted = {k: str(v) for k, v in (request.get("environment") or {}).items()}
        if request.get("loopback") and self.loopback_url and request.get("op", "").startswith("flex_"):
            wanted.update(self.loopback_environment(wanted))
        key = tuple(wanted.items())
        data = getattr(os.environ, "_data", None)
        if key == self.env_key and data is not None and data == self.env_data:
            return
        _restore_variables(self.base_env)
        os.environ.update(wanted)
        self.env_key = key
        self.env_data = data.copy() if isinstance(data, dict) else None


def _restore_variables(saved):
    """Puts os.environ back as it was, touching only what changed (clearing and refilling it costs a system call
    per variable)."""
    current = os.environ
    for key in [k for k in current if k not in saved]:
        del current[key]
    for key, value in saved.items():
        if current.get(key) != value:
            current[key] = value


_SIGNATURES = {}


def _signature(func):
    """(parameters, takes **kwargs, names without defaults) of a callable; cached, inspect.signature is slow."""
    key = getattr(func, "__func__", func)
    cached = _SIGNATURES.get(key)
    if cached is None:
        params = inspect.signature(func).parameters
        takes_kwargs = any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params.values())
        required = [n for n, p in params.items() if p.default is inspect.Parameter.empty
                    and p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)]
        if len(_SIGNATURES) > 256:
            _SIGNATURES.clear()
        cached = _SIGNATURES[key] = (params, takes_kwargs, required)
    return cached


def _wants_connection(annotation):
    if annotation is inspect.Parameter.empty:
        return False
    if isinstance(annotation, str):
        return annotation.split(".")[-1].endswith("Connection")
    if any(_wants_connection(arg) for arg in typing.get_args(annotation)):
        return True
    return isinstance(annotation, type) and annotation.__name__.endswith("Connection")


async def _await(awaitable):
    return await awaitable


async def _relay(agen, emit):
    async for item in agen:
        emit(item)


def _missing(names):
    """The distributions of `names` that this interpreter does not have."""
    import importlib.metadata
    missing = []
    for name in names:
        try:
            importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    return missing


_BARE = (str, int, float, bool, list, tuple, set, bytes, type(None))


def _declared_outputs(func):
    """The output names an entry's return annotation promises: a bare value is 'output', a TypedDict, dataclass or
    pydantic model its fields; None when it does not tell (no annotation, a dict, a union)."""
    try:
        annotation = typing.get_type_hints(func).get("return", inspect.Parameter.empty)
    except Exception:  # noqa: BLE001 - an unresolvable forward reference: fall back to the raw annotation
        annotation = inspect.signature(func).return_annotation
    if annotation is inspect.Parameter.empty or isinstance(annotation, str):
        return None
    if isinstance(annotation, type):
        if dataclasses.is_dataclass(annotation):
            return [f.name for f in dataclasses.fields(annotation)]
        if hasattr(annotation, "model_fields"):
            return list(annotation.model_fields)
        if issubclass(annotation, dict):
            keys = typing.get_type_hints(annotation) if hasattr(annotation, "__total__") else {}
            return list(keys) or None
        return ["output"] if issubclass(annotation, _BARE) else None
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set) or (origin is not None and getattr(origin, "__name__", "") in (
            "Iterator", "Generator", "Iterable", "AsyncIterator", "AsyncGenerator")):
        return ["output"]
    return None


def _return_name(func):
    """The return annotation as the entry's author wrote it (a class name, or typing's spelling), for messages."""
    annotation = inspect.signature(func).return_annotation
    if annotation is inspect.Parameter.empty:
        return None
    if isinstance(annotation, str):
        return annotation
    return getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")


class _AttrDict(dict):
    """A line result for __aggregate__: a dict whose keys also read as attributes, as in Prompt Flow."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key)


def _flex_output(result):
    """Prompt Flow's rule: a dict is the outputs, a dataclass its fields, anything else the bare value, which the
    JVM keeps as the output 'output' (and a server answers bare)."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    if hasattr(result, "model_dump"):
        result = result.model_dump()
    return result


def _jsonable(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _user_traceback(exc):
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if os.path.abspath(f.filename) != WORKER_FILE and not f.filename.startswith("<frozen importlib")]
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)


def _source_line(exc, source_path):
    """The line of the tool file where the failure happened, for error locations; 0 when unknown."""
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == source_path:
        return exc.lineno or 0, exc.offset or 0
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if os.path.abspath(f.filename) == source_path]
    return (frames[-1].lineno or 0, 0) if frames else (0, 0)


def _failure(request_id, failure, source_path):
    response = {"id": request_id, "ok": False, "kind": failure.kind, "message": failure.message,
                "type": type(failure.exc).__name__ if failure.exc else "ToolError", "traceback": None,
                "printed": failure.printed, "line": 0, "column": 0}
    if failure.exc is not None:
        response["traceback"] = _user_traceback(failure.exc)
        response["line"], response["column"] = _source_line(failure.exc, source_path)
    missing = _missing_module(failure.exc)
    if missing:
        # The JVM turns this into the pip command for this interpreter (and the flow's requirements file).
        response["missing_module"] = missing
        response["python"] = sys.executable
    return response


def _missing_module(exc):
    """The (dotted) name of a module that could not be imported because it is not installed; None otherwise."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, ModuleNotFoundError) and exc.name:
            return exc.name
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def main():
    requests, proto = _open_protocol_streams()
    sys.path.insert(0, os.path.dirname(WORKER_FILE))
    import _llmops_pf_compat as compat
    import _llmops_pure_eval  # noqa: F401 - the entry of pure-python evaluators, found in sys.modules by name
    sys.path.remove(os.path.dirname(WORKER_FILE))
    worker = Worker(compat, _install_promptflow(compat))

    def channel(payload):
        proto.write(json.dumps({"callback": payload}, default=_jsonable, allow_nan=True) + "\n")
        proto.flush()
        answer = requests.readline()
        if not answer:
            raise RuntimeError("the JVM closed the worker while a model call was pending")
        reply = json.loads(answer)
        if not reply.get("ok"):
            raise RuntimeError(reply.get("message") or "the model call failed")
        return reply.get("result")

    compat.set_channel(channel)
    proto.write(json.dumps({"ready": True, "pid": os.getpid(), "promptflow": worker.real_promptflow}) + "\n")
    proto.flush()
    while True:
        line = requests.readline()
        if not line:
            return
        if not line.strip():
            continue
        message = json.loads(line)
        # A batch is several requests in one message: answered one line each, in order, each as soon as it is
        # done, so the JVM records every line when it finishes and a crash fails only the line it happened in.
        for request in message["batch"] if "batch" in message else (message,):
            proto.write(_answer(worker, request) + "\n")
            proto.flush()


def _answer(worker, request):
    request_id = request.get("id")
    try:
        response = worker.call(request)
        response["id"] = request_id
        try:
            text = _ENCODE(response)
        except (TypeError, ValueError) as exc:
            text = json.dumps(_failure(request_id, ToolFailure(
                "output", "the tool's return value cannot be converted to JSON: %s" % exc), _source_path(request)))
    except ToolFailure as failure:
        text = json.dumps(_failure(request_id, failure, _source_path(request)))
    sys.stdout.flush()
    sys.stderr.flush()
    return text


def _source_path(request):
    """The tool or entry file, for error locations (only a failure needs it)."""
    return os.path.abspath(os.path.join(request.get("flow_dir", ""), request.get("source", "")))


# One encoder for every answer: json.dumps with default= builds a new one per call.
_ENCODE = json.JSONEncoder(default=_jsonable, allow_nan=True).encode


if __name__ == "__main__":
    main()
