def shout(text):
    return text.upper() + "!"


def divide(a, b):
    return a / b
