"""The template's pure-python evaluators (an evaluator folder of eval_*.py files and no flow file) as a flex class
entry of the llmops worker.

Each line's mapped inputs (the evaluation data's columns and the evaluated run's outputs, ${target.output} among
them) are the line's outputs. After the last line, __aggregate__ writes those lines to <output_path>/<run_name>.jsonl
and calls every function whose name starts with eval_ in every eval_*.py of the folder, as the template does:
eval_x(run_name, data_path, column_mapping, output_path), with column_mapping naming that file's columns
({"answer": "${data.answer}"}). A returned dict is the run's metrics: its "metrics" entry when it has one (what
promptflow-evals' evaluate() returns), else its numeric values.
"""

import importlib.util
import inspect
import json
import numbers
import os
import sys


class PureEvaluator:
    def __init__(self, folder, files, run_name, output_path, import_paths=()):
        self.folder = folder
        self.files = list(files)
        self.run_name = run_name
        self.output_path = output_path
        # The template imports the standard flow's code by repository paths (class_flows.flows.chat_basic.flow).
        for path in import_paths:
            if path not in sys.path:
                sys.path.append(path)
        self.functions = _load(folder, self.files)

    @classmethod
    def __llmops_check__(cls, folder, files, run_name, output_path, import_paths=()):
        """Imports the eval_*.py files, as the run will, so that a module they lack shows before any line runs."""
        for path in import_paths:
            if path not in sys.path:
                sys.path.append(path)
        functions = _load(folder, list(files))
        if not functions:
            raise ValueError("no function named eval_* in %s" % ", ".join(files))

    def __call__(self, **inputs):
        return inputs

    def __aggregate__(self, line_results):
        os.makedirs(self.output_path, exist_ok=True)
        data_path = os.path.join(self.output_path, self.run_name + ".jsonl")
        columns = []
        with open(data_path, "w", encoding="utf-8") as out:
            for line in line_results:
                row = dict(line)
                for key in row:
                    if key not in columns:
                        columns.append(key)
                out.write(json.dumps(row, default=str) + "\n")
        mapping = {key: "${data.%s}" % key for key in columns}
        metrics = {}
        for name, function in self.functions:
            result = function(*_arguments(function, self.run_name, data_path, mapping, self.output_path))
            print("%s returned: %r" % (name, result))
            metrics.update(_metrics(result, name, len(self.functions) > 1))
        return metrics


def _load(folder, files):
    functions = []
    for file in files:
        path = os.path.join(folder, file)
        stem = os.path.splitext(os.path.basename(file))[0]
        module = sys.modules.get(stem)
        if module is None or os.path.abspath(getattr(module, "__file__", "") or "") != os.path.abspath(path):
            spec = importlib.util.spec_from_file_location(stem, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[stem] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[stem]
                raise
        for name, value in sorted(vars(module).items()):
            if (name.lower().startswith("eval_") and inspect.isfunction(value)
                    and value.__module__ == module.__name__):
                functions.append(("%s.%s" % (stem, name), value))
    return functions


def _arguments(function, run_name, data_path, mapping, output_path):
    """The template passes four arguments (a fifth, the Azure project, only in AZURE mode)."""
    args = [run_name, data_path, mapping, output_path]
    params = inspect.signature(function).parameters.values()
    if any(p.kind == inspect.Parameter.VAR_POSITIONAL for p in params):
        return args
    return args[:len([p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])]


def _metrics(result, name, prefixed):
    if not isinstance(result, dict):
        return {}
    source = result.get("metrics") if isinstance(result.get("metrics"), dict) else result
    out = {}
    for key, value in source.items():
        if isinstance(value, bool) or not isinstance(value, numbers.Number):
            continue
        value = float(value) if not isinstance(value, int) else value
        out[("%s.%s" % (name.split(".")[-1], key)) if prefixed else key] = value
    return out

