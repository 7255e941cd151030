from promptflow.core import tool


@tool
def fetch_text_content_from_url(url: str) -> str:
    # The fixture does not go to the network: the page text is derived from the url.
    return "Page at " + url + ": an electric kettle, 1.7 litres, boils in three minutes."
