"""A test stand-in for python-dotenv: the template's function flow only calls load_dotenv()."""


def load_dotenv(*args, **kwargs):
    return False
