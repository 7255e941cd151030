from promptflow.core import tool

EXAMPLES = [
    {"url": "https://play.google.com/store/apps/details?id=com.spotify.music", "text_content": "Spotify is a free music and podcast streaming app.", "category": "App", "evidence": "Both"},
    {"url": "https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw", "text_content": "NFL Sunday Ticket is a service offered by Google LLC.", "category": "Channel", "evidence": "URL"},
    {"url": "https://arxiv.org/abs/2303.04671", "text_content": "Visual ChatGPT is a system that enables users to interact with ChatGPT.", "category": "Academic", "evidence": "Text content"},
]


@tool
def prepare_examples(count: int = 2) -> list:
    return EXAMPLES[:count]
