def _helper(x):
    return x * 2


def double(x: int) -> int:
    return _helper(x)
