import re
from html import unescape


def text(response):
    """The page's visible words with tags removed and white space folded, for plain assertions."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
