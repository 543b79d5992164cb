"""A small OpenAI-compatible chat server on loopback that replays scripted replies, for the LLM tests.

`POST /v1/chat/completions` answers with the next scripted `Reply`, as one JSON body or, when the request
says `"stream": true`, as Server-Sent Events in OpenAI's `chat.completion.chunk` format. Every request body
is recorded in `requests` (and its Authorization header in `authorizations`) so that tests can inspect
what was sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted answer: `content` as the assistant message, or an HTTP `status`, or a `raw` body."""

    content: str = ""
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering
    raw: str | None = None  # sent verbatim instead of a well-formed body (malformed replies)


# A scripted reply may be computed from the request body (to cite a source by the number the prompt gave it).
Script = Reply | str | Callable[[dict[str, Any]], Reply | str]


class FakeOpenAI:
    """Start with `with FakeOpenAI() as server:`; point the client at `server.base_url`."""

    def __init__(self) -> None:
        self.replies: deque[Script] = deque()
        self.requests: list[dict[str, Any]] = []
        self.authorizations: list[str | None] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    def script(self, *replies: Script) -> None:
        """Queue replies, oldest first; a plain string is a well-formed reply with that content."""
        self.replies.extend(replies)

    def next_reply(self, request: dict[str, Any]) -> Reply:
        if not self.replies:
            return Reply(status=500, raw='{"error": "no scripted reply"}')
        reply = self.replies.popleft()
        reply = reply(request) if callable(reply) else reply
        return reply if isinstance(reply, Reply) else Reply(reply)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            fake.authorizations.append(self.headers.get("Authorization"))
            if self.path.rstrip("/").endswith("/v1/models"):
                self._send(200, json.dumps({"object": "list", "data": [{"id": "fake-model", "object": "model"}]}))
            else:
                self._send(404, json.dumps({"error": {"message": "not found"}}))

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append(body)
            fake.authorizations.append(self.headers.get("Authorization"))
            reply = fake.next_reply(body)
            time.sleep(reply.delay)
            try:
                if reply.status != 200 or reply.raw is not None:
                    self._send(reply.status, reply.raw or json.dumps({"error": {"message": "scripted failure"}}))
                elif body.get("stream"):
                    self._send_stream(body["model"], reply.content)
                else:
                    self._send(200, json.dumps(_completion(body["model"], reply.content)))
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                pass

        def _send(self, status: int, text: str) -> None:
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _send_stream(self, model: str, content: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            pieces = [{"role": "assistant", "content": ""}] + [{"content": word} for word in _pieces(content)]
            for n, delta in enumerate(pieces):
                finish = "stop" if n == len(pieces) - 1 else None
                self.wfile.write(f"data: {json.dumps(_chunk(model, delta, finish))}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler


def _pieces(content: str) -> list[str]:
    """Split like a tokenizer would: words with their following space."""
    words = content.split(" ")
    return [word + " " for word in words[:-1]] + [words[-1]]


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def _chunk(model: str, delta: dict[str, str], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
