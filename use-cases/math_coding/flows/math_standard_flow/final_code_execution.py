"""Runs the generated program in a restricted, isolated python3 subprocess and returns what it printed.

Restrictions (best effort: they stop honest mistakes and casual misuse, not a determined attacker,
so never point this at untrusted users without an OS-level sandbox as well):
- a separate `python3 -I` process (isolated mode: no user site-packages, PYTHON* variables ignored),
  started with an almost empty environment so it never sees connection secrets;
- a wall-clock time limit (CODE_TIMEOUT_SECONDS, default 5 s) and CPU, memory and file-size limits;
- an empty temporary working directory, deleted afterwards;
- `open` for writing, sockets, and starting other processes raise PermissionError.
"""

import os
import subprocess
import sys
import tempfile

from promptflow.core import tool

DEFAULT_TIMEOUT_SECONDS = 5.0
MEMORY_LIMIT_BYTES = 1 << 30

# Runs inside the child before the generated code, which it reads from stdin.
_RUNNER = r'''
import builtins, io, os, socket, subprocess, sys

try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
except (ImportError, ValueError, OSError):
    pass  # not POSIX or limits not allowed: the wall-clock timeout still applies

def _refuse(what):
    def refuse(*args, **kwargs):
        raise PermissionError(what + " is not allowed in generated code")
    return refuse

_real_open = builtins.open
def _read_only_open(file, mode="r", *args, **kwargs):
    if any(flag in str(mode) for flag in "wax+"):
        raise PermissionError("writing files is not allowed in generated code")
    return _real_open(file, mode, *args, **kwargs)
builtins.open = _read_only_open
io.open = _read_only_open

class _ReadOnlyFileIO(io.FileIO):
    def __init__(self, file, mode="r", *args, **kwargs):
        if any(flag in str(mode) for flag in "wax+"):
            raise PermissionError("writing files is not allowed in generated code")
        super().__init__(file, mode, *args, **kwargs)
io.FileIO = _ReadOnlyFileIO

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_real_os_open = os.open
def _read_only_os_open(path, flags, *args, **kwargs):
    if flags & _WRITE_FLAGS:
        raise PermissionError("writing files is not allowed in generated code")
    return _real_os_open(path, flags, *args, **kwargs)
os.open = _read_only_os_open

class _NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        raise PermissionError("network access is not allowed in generated code")
socket.socket = _NoSocket
for _name in ("create_connection", "create_server", "getaddrinfo", "socketpair", "fromfd"):
    setattr(socket, _name, _refuse("network access"))
for _name in ("system", "popen", "fork", "forkpty", "execv", "execve", "execvp", "execvpe",
              "spawnv", "spawnve", "spawnvp", "spawnvpe", "posix_spawn", "posix_spawnp",
              "remove", "unlink", "rmdir", "removedirs", "rename", "replace", "mkdir", "makedirs"):
    if hasattr(os, _name):
        setattr(os, _name, _refuse("os." + _name))
subprocess.Popen = _refuse("starting a process")

_source = sys.stdin.read()
sys.stdin = io.StringIO("")
exec(compile(_source, "<generated>", "exec"), {"__name__": "__main__", "__builtins__": builtins})
'''


def _timeout_seconds() -> float:
    value = os.environ.get("CODE_TIMEOUT_SECONDS", "")
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_TIMEOUT_SECONDS
    return seconds if seconds > 0 else DEFAULT_TIMEOUT_SECONDS


def _last_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


@tool
def final_code_execution(code: str) -> str:
    """Return the last line the program printed, or "ERROR: <reason>" when it failed."""
    if not (code or "").strip():
        return "ERROR: the model returned no code"
    timeout = _timeout_seconds()
    runner = (_RUNNER.replace("MEMORY_LIMIT", str(MEMORY_LIMIT_BYTES))
              .replace("CPU_SECONDS", str(int(timeout) + 1)))
    with tempfile.TemporaryDirectory(prefix="math-code-") as workdir:
        try:
            completed = subprocess.run(
                [sys.executable, "-I", "-c", runner],
                input=code,
                capture_output=True,
                text=True,
                cwd=workdir,
                env={"PATH": os.environ.get("PATH", ""), "PYTHONIOENCODING": "utf-8"},
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return f"ERROR: TimeoutError: the program ran longer than {timeout:g} s"
    if completed.returncode != 0:
        reason = _last_line(completed.stderr) or f"exit code {completed.returncode}"
        return f"ERROR: {reason}"
    answer = _last_line(completed.stdout)
    return answer if answer else "ERROR: the program printed nothing"
