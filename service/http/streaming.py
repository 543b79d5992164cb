"""Server-Sent Events of one answer: `delta` events with pieces of text, then one `answer` event.

A failure after the stream has started cannot change the status code any more; it ends the stream with an
`error` event that carries the one error shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from sse_starlette import ServerSentEvent

from service.answer.contract import Answer, Turn
from service.answer.engine import AnswerEngine
from service.answer.trace import Channel
from service.http.errors import error_body


def answer_events(
    engine: AnswerEngine, question: str, history: Sequence[Turn], channel: Channel = "api"
) -> Iterator[ServerSentEvent]:
    """The engine's answer stream as SSE events. A plain iterator: sse-starlette runs it in a thread."""
    try:
        for piece in engine.ask_stream(question, history, channel=channel):
            if isinstance(piece, Answer):
                yield ServerSentEvent(piece.model_dump_json(), event="answer")
            else:
                yield ServerSentEvent(json.dumps({"text": piece}, ensure_ascii=False), event="delta")
    except Exception as error:
        yield ServerSentEvent(error_body(error).model_dump_json(), event="error")
