"""Contact details in messages: an e-mail address, a phone number, or an off-site chat app.

Used to show a calm notice ("keep the conversation here"), never to block: a false
positive costs a sentence on the page. Phone numbers need nine digits or more, so dates
(2026-01-15) and prices (1,500) pass.
"""

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
# A run of digits with the separators phone numbers are written with (no commas).
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d\s().\-/]{6,}\d")
PHONE_MIN_DIGITS = 9
_CHAT_APPS = re.compile(
    r"\b(?:telegram|whats\s?app|skype|discord|wechat|weixin|viber)\b"
    r"|\b(?:t\.me|telegram\.me|wa\.me|signal\.me|signal\.group|discord\.gg|join\.skype\.com)/"
    r"|\b(?:skype|viber|weixin|tg|whatsapp|sgnl):",
    re.IGNORECASE,
)


def has_contact_details(text: str) -> bool:
    """True if `text` holds an e-mail address, a phone number or an off-site chat app."""
    if not text:
        return False
    if _EMAIL.search(text) or _CHAT_APPS.search(text):
        return True
    return any(
        sum(c.isdigit() for c in match.group()) >= PHONE_MIN_DIGITS
        for match in _PHONE_LIKE.finditer(text)
    )
