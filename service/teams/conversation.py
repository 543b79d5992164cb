"""What an incoming Teams message asks, and where its answer and its history belong.

Teams has three kinds of conversation. In a channel (`channel`) the bot hears only messages that @mention
it; each post opens a thread, and the activity's conversation id names it (`<channel>;messageid=<root>`),
so the thread is the conversation. In a group chat (`groupChat`) it also hears only @mentions, and in a
personal chat (`personal`) every message; chats have no threads, so a follow-up is a reply that quotes one
of the bot's answers (Teams' *Reply* on a message), and carries that answer's thread. In shared
conversations the answer quotes the question it answers, so the group sees who asked what.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from microsoft_teams.api.activities.message import MessageActivity
from microsoft_teams.api.activities.utils import StripMentionsTextOptions, strip_mentions_text
from microsoft_teams.api.models import ActivityBase

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


@dataclass(frozen=True)
class IncomingQuestion:
    text: str
    """The question as the user meant it: the bot's mention, markup and quoted-reply placeholders dropped."""
    conversation_id: str
    """Where the answer is posted: the channel thread, or the chat."""
    thread: str | None
    """The thread whose history the question carries: known at once in a channel, found from
    `replied_to` in a chat (None there)."""
    replied_to: tuple[str, ...]
    """Ids of the messages the user quoted; in a chat, one of them may be an earlier answer."""
    quote: str | None
    """The question's own id, quoted above the answer in shared conversations; None in a personal chat."""
    key: str
    """The delivery's identity: the Bot Framework redelivers an activity with the same id."""

    def new_thread(self) -> str:
        """The thread a chat question starts when it replies to no earlier answer."""
        return self.thread or f"{self.conversation_id}#{self.key}"


def read_question(activity: MessageActivity, tenant_id: str) -> IncomingQuestion | None:
    """The question in `activity`, or None when it is not for the bot.

    Not for the bot: its own messages and other bots', messages from another tenant than the bot's, and in
    channels and group chats every message that does not @mention it.
    """
    if activity.from_.id == activity.recipient.id or activity.from_.role == "bot":
        return None
    if tenant_of(activity) != tenant_id:
        return None
    kind = activity.conversation.conversation_type or "personal"
    if kind != "personal" and not activity.is_recipient_mentioned():
        return None
    conversation_id = activity.conversation.id
    thread = _channel_thread(conversation_id, activity.id) if kind == "channel" else None
    return IncomingQuestion(
        text=plain_text(activity),
        conversation_id=thread or conversation_id,
        thread=thread,
        replied_to=tuple(quoted.quoted_reply.message_id for quoted in activity.get_quoted_messages()),
        quote=None if kind == "personal" else activity.id,
        key=f"{conversation_id.split(';')[0]}:{activity.id}",
    )


def plain_text(activity: MessageActivity) -> str:
    """The message text without the bot's @mention and without Teams' markup, whitespace collapsed."""
    text = strip_mentions_text(activity, StripMentionsTextOptions(account_id=activity.recipient.id)) or ""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def _channel_thread(conversation_id: str, activity_id: str) -> str:
    """`<channel>;messageid=<root>`: the id Teams gives a thread, for a root post as for a reply in it."""
    if ";messageid=" in conversation_id:
        return conversation_id
    return f"{conversation_id};messageid={activity_id}"


def tenant_of(activity: ActivityBase) -> str | None:
    """The Entra ID tenant the activity comes from."""
    tenant = activity.channel_data.tenant if activity.channel_data else None
    return (tenant.id if tenant else None) or activity.conversation.tenant_id
