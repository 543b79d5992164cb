"""An Answer as a Slack message: Block Kit blocks plus the plain `text` Slack shows in notifications.

Everything from documents and users is mrkdwn-escaped (`&`, `<`, `>`), so a passage cannot mention
`<!channel>` or forge a link. The thumbs buttons carry what the feedback store needs in their `value`
(`service.chat.votes`), because Slack does not send the message back for ephemeral answers.
"""

from __future__ import annotations

from typing import Any

from service.answer.contract import Answer, Citation
from service.chat import texts
from service.chat.rendering import (
    cites_lovdata,
    source_details,
    source_link,
    source_title,
    truncate,
    warning_text,
)
from service.chat.votes import VOTE_DOWN, VOTE_UP, feedback_value
from service.slack.mrkdwn import escape

Block = dict[str, Any]

FEEDBACK_BLOCK_ID = "kildesvar_feedback"
SEARCHING = f":hourglass_flowing_sand: {texts.SEARCHING}"
ABSTAINED_HEADING = f":mag: *{texts.NO_ANSWER}*"
LOVDATA_ATTRIBUTION = texts.LOVDATA_ATTRIBUTION

MAX_SECTION_CHARS = 3000
MAX_ANSWER_CHARS = 2500
MAX_QUOTE_CHARS = 500
MAX_TEXT_CHARS = 4000


def notice_blocks(text: str) -> list[Block]:
    """A one-section message (placeholder, help, error); `text` is already mrkdwn."""
    return [_section(text)]


def answer_text(answer: Answer) -> str:
    """The plain fallback text: notifications, screen readers, and the thread history read it back."""
    return escape(truncate(answer.answer, MAX_TEXT_CHARS))


def answer_blocks(answer: Answer, question: str, asker: str | None = None) -> list[Block]:
    """Warnings first, then the answer with its [n] markers, one context block per citation, the AI-assistant
    notice, the votes."""
    blocks: list[Block] = []
    if asker:
        blocks.append(_context(f"<@{asker}> spurte: {escape(truncate(question, MAX_QUOTE_CHARS))}"))
    if answer.abstained:
        blocks.append(_section(f"{ABSTAINED_HEADING}\n{escape(truncate(answer.answer, MAX_ANSWER_CHARS))}"))
    else:
        blocks.extend(
            _section(f":warning: *{texts.NOTICE}* {escape(warning_text(warning))}") for warning in answer.warnings
        )
        blocks.append(_section(escape(truncate(answer.answer, MAX_ANSWER_CHARS))))
        blocks.extend(citation_block(citation) for citation in answer.citations)
        if cites_lovdata(answer):
            blocks.append(_context(LOVDATA_ATTRIBUTION))
    blocks.append(_context(f":robot_face: {escape(answer.notice)}"))
    blocks.append(feedback_block(question, answer))
    return blocks


def citation_block(citation: Citation) -> Block:
    """`[n] title · section · s. page` (title linked when the source has a url), then the quote."""
    title = escape(source_title(citation))
    link = source_link(citation)
    if link:
        title = f"<{_link_target(link)}|{title}>"
    where = [f"*[{citation.n}]* {title}", *(escape(detail) for detail in source_details(citation))]
    quote = f"«{escape(truncate(citation.quote, MAX_QUOTE_CHARS))}»"
    return {"type": "context", "elements": [_mrkdwn(" · ".join(where)), _mrkdwn(quote)]}


def feedback_block(question: str, answer: Answer) -> Block:
    value = feedback_value(question, answer)
    buttons = [(VOTE_UP, f":+1: {texts.USEFUL}"), (VOTE_DOWN, f":-1: {texts.NOT_USEFUL}")]
    return {
        "type": "actions",
        "block_id": FEEDBACK_BLOCK_ID,
        "elements": [
            {
                "type": "button",
                "action_id": action_id,
                "text": {"type": "plain_text", "text": label, "emoji": True},
                "value": value,
            }
            for action_id, label in buttons
        ],
    }


def _link_target(url: str) -> str:
    return escape(url).replace("|", "%7C")


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(truncate(text, MAX_SECTION_CHARS))}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(text)]}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}
