"""Loads this use case's python tools for its unit tests, with or without Prompt Flow installed.

The tools import promptflow. When it is not installed, a small stand-in takes its place: @tool leaves the
function as it is and log_metric records into LOGGED (None when the real promptflow is in use).
"""

import importlib.util
import sys
import types
from pathlib import Path

USE_CASE = Path(__file__).resolve().parents[2]


def _install_promptflow_stub():
    try:
        import promptflow  # noqa: F401
        import promptflow.core  # noqa: F401
        return None
    except ImportError:
        pass
    logged = {}
    package = types.ModuleType("promptflow")
    package.tool = lambda func=None, **_: func if func else (lambda f: f)
    package.log_metric = lambda key, value: logged.__setitem__(key, value)
    core = types.ModuleType("promptflow.core")
    core.tool = package.tool
    package.core = core
    sys.modules["promptflow"] = package
    sys.modules["promptflow.core"] = core
    return logged


LOGGED = _install_promptflow_stub()


def load(relative, name):
    """The module at `relative` (a path inside the use case), imported under `name`."""
    spec = importlib.util.spec_from_file_location(name, USE_CASE / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
