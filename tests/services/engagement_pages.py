"""What the hire request tests read off pages: visible text and messages."""

import re
from html import unescape

from django.contrib.messages import get_messages

from services.models import Engagement

S = Engagement.Status


def visible_text(response):
    """The page's visible text, tags removed and white space folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
