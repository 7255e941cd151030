import json

from promptflow.core import tool


@tool
def convert_to_dict(input_str: str) -> dict:
    try:
        parsed = json.loads(input_str)
        return {"category": parsed["category"], "details": {"evidence": parsed["evidence"]}}
    except Exception:
        return {"category": "None", "details": {"evidence": "None"}}
