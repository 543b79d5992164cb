"""Slack's text format, both ways: escaping what we post, turning what users type back into plain text."""

from __future__ import annotations

import re

_LINK = re.compile(r"<(?P<target>[^<>|]+)(?:\|(?P<label>[^<>]*))?>")
_PRIVATE = re.compile(r"^privat\b[\s:,.-]*", re.IGNORECASE)


def escape(text: str) -> str:
    """Slack's three control characters, escaped as Slack asks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain_text(text: str, bot_user_id: str | None = None) -> str:
    """A message as the user meant it: the bot's mention dropped, links and mentions as their labels."""

    def label(match: re.Match[str]) -> str:
        target, shown = match["target"], match["label"]
        if target.startswith("@") and target[1:] == bot_user_id:
            return ""
        if target.startswith(("@", "#", "!")):
            return shown or ""
        return shown or target

    return " ".join(unescape(_LINK.sub(label, text)).split())


def split_private(text: str) -> tuple[bool, str]:
    """`privat <question>` -> (True, question); anything else -> (False, text)."""
    stripped = _PRIVATE.sub("", text, count=1)
    return stripped != text, stripped.strip()
