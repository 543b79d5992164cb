"""An Answer as a Slack message: Block Kit blocks plus the plain `text` Slack shows in notifications.

Everything from documents and users is mrkdwn-escaped (`&`, `<`, `>`), so a passage cannot mention
`<!channel>` or forge a link. The thumbs buttons carry what the feedback store needs in their `value`
(at most 2,000 characters), because Slack does not send the message back for ephemeral answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from service.answer.contract import Answer, Citation
from service.feedback.store import Vote
from service.slack.mrkdwn import escape, truncate

Block = dict[str, Any]

FEEDBACK_BLOCK_ID = "kildesvar_feedback"
VOTES: dict[str, Vote] = {"kildesvar_vote_up": 1, "kildesvar_vote_down": -1}
SEARCHING = ":hourglass_flowing_sand: Søker i kunnskapsbasen ..."
ABSTAINED_HEADING = ":mag: *Fant ikke noe svar i kunnskapsbasen*"
LOVDATA_ATTRIBUTION = "Lovtekst: Kilde: Lovdata (NLOD 2.0)"

MAX_SECTION_CHARS = 3000
MAX_ANSWER_CHARS = 2500
MAX_QUOTE_CHARS = 500
MAX_TEXT_CHARS = 4000
MAX_VALUE_CHARS = 2000
MAX_VALUE_QUESTION_CHARS = 600


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
        blocks.extend(_section(f":warning: *Merk:* {escape(warning)}") for warning in answer.warnings)
        blocks.append(_section(escape(truncate(answer.answer, MAX_ANSWER_CHARS))))
        blocks.extend(citation_block(citation) for citation in answer.citations)
        if any("lovdata.no" in (citation.url or "") for citation in answer.citations):
            blocks.append(_context(LOVDATA_ATTRIBUTION))
    blocks.append(_context(f":robot_face: {escape(answer.notice)}"))
    blocks.append(feedback_block(question, answer))
    return blocks


def citation_block(citation: Citation) -> Block:
    """`[n] title · section · s. page` (title linked when the source has a url), then the quote."""
    title = escape(citation.title or citation.source)
    if citation.url and citation.url.startswith(("https://", "http://")):
        title = f"<{_link_target(citation.url)}|{title}>"
    where = [f"*[{citation.n}]* {title}"]
    if citation.section:
        where.append(escape(citation.section))
    if citation.page is not None:
        where.append(f"s. {citation.page}")
    quote = f"«{escape(truncate(citation.quote, MAX_QUOTE_CHARS))}»"
    return {"type": "context", "elements": [_mrkdwn(" · ".join(where)), _mrkdwn(quote)]}


def feedback_block(question: str, answer: Answer) -> Block:
    value = feedback_value(question, answer)
    buttons = [
        ("kildesvar_vote_up", ":+1: Nyttig"),
        ("kildesvar_vote_down", ":-1: Ikke nyttig"),
    ]
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


@dataclass(frozen=True)
class VotedAnswer:
    """What a thumbs button carries back: the question, the answer text and the cited chunks."""

    question: str
    answer: str
    citations: list[dict[str, object]]


def feedback_value(question: str, answer: Answer) -> str:
    """Compact JSON that fits a button value; the answer is shortened first, then the question."""
    cited = [[citation.n, citation.chunk_id] for citation in answer.citations]
    shown_question = truncate(question, MAX_VALUE_QUESTION_CHARS)
    shown_answer = answer.answer
    while True:
        value = json.dumps(
            {"q": shown_question, "a": shown_answer, "c": cited}, ensure_ascii=False, separators=(",", ":")
        )
        overflow = len(value) - MAX_VALUE_CHARS
        if overflow <= 0:
            return value
        if len(shown_answer) > 1:
            shown_answer = truncate(shown_answer, max(1, len(shown_answer) - overflow - 1))
        elif cited:
            cited = cited[:-1]
        else:
            shown_question = truncate(shown_question, max(1, len(shown_question) - overflow - 1))


def parse_feedback_value(value: str) -> VotedAnswer:
    """The inverse of `feedback_value`; raises ValueError on anything else."""
    data = json.loads(value)
    if not isinstance(data, dict) or not isinstance(data.get("q"), str) or not isinstance(data.get("a"), str):
        raise ValueError("not a Kildesvar feedback value")
    citations = [{"n": int(n), "chunk_id": str(chunk_id)} for n, chunk_id in data.get("c", [])]
    return VotedAnswer(question=data["q"], answer=data["a"], citations=citations)


def _link_target(url: str) -> str:
    return escape(url).replace("|", "%7C")


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(truncate(text, MAX_SECTION_CHARS))}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(text)]}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}
