"""An Answer as an Adaptive Card (schema 1.5, Teams' full width), built with the Teams SDK's card models.

Top to bottom: each validity warning as a «Merk:» notice in the warning style, the answer with its [n]
markers, «Kilder» with one line per source (`[n] title · section · s. page`, the title a link when the
source has an http(s) url, «Vis sitat» to unfold the quoted passage), Lovdata's attribution when a law is
quoted, the answer's notice that an AI assistant wrote it (AI Act art. 50), and «Var svaret nyttig?» with
👍/👎 (`Action.Execute` with the verb of the vote and the data `action: kildesvar_vote`, so a click is an
invoke the SDK routes to the bot, which answers it). A refusal is one emphasis-styled block headed «Fant
ikke noe svar i kunnskapsbasen», followed by the notice and the votes.

Text from documents and users goes into TextRuns, which Teams does not read as markdown, so a passage
cannot plant a link, a heading or a mention. Lengths are capped so a card stays well under Teams' 28 KB
message limit.
"""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import (
    AdaptiveCard,
    CardElement,
    Column,
    ColumnSet,
    Container,
    ExecuteAction,
    OpenUrlAction,
    RichTextBlock,
    TeamsCardProperties,
    TextBlock,
    TextRun,
    ToggleVisibilityAction,
)

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

CARD_VERSION = "1.5"
VOTE_ACTION = "kildesvar_vote"
FEEDBACK_KEY = "kildesvar_feedback"
MAX_ANSWER_CHARS = 4000
MAX_QUOTE_CHARS = 1000
MAX_WARNING_CHARS = 600
MAX_FALLBACK_CHARS = 500


def answer_card(answer: Answer, question: str) -> AdaptiveCard:
    body: list[CardElement] = []
    if answer.abstained:
        body.append(_refusal(answer))
    else:
        body.extend(_warning(warning) for warning in answer.warnings)
        body.append(_text(answer.answer, MAX_ANSWER_CHARS))
        if answer.citations:
            body.append(TextBlock(text=texts.SOURCES, weight="Bolder", separator=True, spacing="Medium"))
            for citation in answer.citations:
                body.extend(source_line(citation))
        if cites_lovdata(answer):
            body.append(TextBlock(text=texts.LOVDATA_ATTRIBUTION, size="Small", is_subtle=True, wrap=True))
    body.append(RichTextBlock(inlines=[TextRun(text=f"🤖 {answer.notice}", size="Small", is_subtle=True)]))
    body.append(TextBlock(text=texts.WAS_IT_USEFUL, is_subtle=True, separator=True, spacing="Medium"))
    return AdaptiveCard(
        version=CARD_VERSION,
        body=body,
        actions=_votes(question, answer),
        fallback_text=truncate(answer.answer, MAX_FALLBACK_CHARS),
        msteams=TeamsCardProperties(width="full"),
    )


def source_line(citation: Citation) -> list[CardElement]:
    """The source's line with «Vis sitat», and the quote it unfolds (hidden until then)."""
    quote_id = f"kildesvar-quote-{citation.n}"
    link = source_link(citation)
    title = TextRun(text=source_title(citation), select_action=OpenUrlAction(url=link) if link else None)
    runs = [TextRun(text=f"[{citation.n}] ", weight="Bolder"), title]
    details = source_details(citation)
    if details:
        runs.append(TextRun(text=" · " + " · ".join(details), is_subtle=True))
    toggle = ToggleVisibilityAction(target_elements=[quote_id], title=texts.SHOW_QUOTE)
    line = ColumnSet(
        spacing="Small",
        columns=[
            Column(width="stretch", items=[RichTextBlock(inlines=runs)]),
            Column(
                width="auto",
                select_action=toggle,
                items=[TextBlock(text=texts.SHOW_QUOTE, color="Accent", size="Small")],
            ),
        ],
    )
    quote = Container(
        id=quote_id,
        is_visible=False,
        style="emphasis",
        items=[_text(f"«{truncate(citation.quote, MAX_QUOTE_CHARS)}»", italic=True)],
    )
    return [line, quote]


def _refusal(answer: Answer) -> Container:
    heading = TextBlock(text=f"🔍 {texts.NO_ANSWER}", weight="Bolder", wrap=True)
    return Container(style="emphasis", items=[heading, _text(answer.answer, MAX_ANSWER_CHARS)])


def _warning(warning: str) -> Container:
    runs = [
        TextRun(text=f"⚠️ {texts.NOTICE} ", weight="Bolder"),
        TextRun(text=truncate(warning_text(warning), MAX_WARNING_CHARS)),
    ]
    return Container(style="warning", items=[RichTextBlock(inlines=runs)])


def _text(text: str, limit: int = MAX_ANSWER_CHARS, italic: bool | None = None) -> RichTextBlock:
    return RichTextBlock(inlines=[TextRun(text=truncate(text, limit), italic=italic)])


def _votes(question: str, answer: Answer) -> list[Any]:
    data = {"action": VOTE_ACTION, FEEDBACK_KEY: feedback_value(question, answer)}
    return [
        ExecuteAction(title=f"👍 {texts.USEFUL}", verb=VOTE_UP, data=data),
        ExecuteAction(title=f"👎 {texts.NOT_USEFUL}", verb=VOTE_DOWN, data=data),
    ]
