"""Renders the Jinja2 prompt; without jinja2 installed, a minimal {{ name }} substitution does the same here."""

import re


def render(template: str, **variables) -> str:
    try:
        import jinja2
    except ImportError:
        return re.sub(r"{{\s*(\w+)\s*}}", lambda m: str(variables.get(m.group(1), "")), template)
    return jinja2.Template(template, keep_trailing_newline=True).render(**variables)
