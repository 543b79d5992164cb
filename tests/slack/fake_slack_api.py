"""A small Slack stand-in on loopback (aiohttp): the Web API methods the bot calls, response URLs and a
Socket Mode WebSocket. It records every call so tests can assert on what the bot posted.

Messages posted through chat.postMessage are kept per channel, so conversations.replies returns a thread
the way Slack does: the parent first, then the replies, oldest first, with metadata when asked for.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.chat.app import poll

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """Start with `await FakeSlack().start()`; `api_url` is the WebClient base URL (ends with `/`)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.socket_acks: list[dict[str, Any]] = []
        self._ticks = itertools.count(1)
        self._start = int(time.time())
        self.sockets: list[web.WebSocketResponse] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        for socket in self.sockets:
            await socket.close()
        if self._runner:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base_url}/response/{name}"

    def next_ts(self) -> str:
        """A message timestamp later than every earlier one, as Slack's are."""
        return f"{self._start}.{next(self._ticks):06d}"

    def add_user_message(self, channel: str, text: str, user: str = "UASKER", thread_ts: str | None = None) -> dict:
        """A human's message as Slack would store it; returns it (with its `ts`)."""
        message = {"type": "message", "user": user, "text": text, "ts": self.next_ts()}
        if thread_ts:
            message["thread_ts"] = thread_ts
        self.messages.setdefault(channel, []).append(message)
        return message

    def called(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Poll until `condition()` is truthy; fail the test after `timeout` seconds."""
        return await poll(condition, timeout, lambda: [call.method for call in self.calls])

    async def push_socket_event(self, payload: dict[str, Any], envelope_id: str) -> None:
        """Deliver an Events API payload over every open Socket Mode connection."""
        envelope = {
            "type": "events_api",
            "envelope_id": envelope_id,
            "payload": payload,
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
        }
        for socket in self.sockets:
            await socket.send_str(json.dumps(envelope))

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        self.calls.append(Call(method, args, dict(request.headers)))
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        body = handler(args) if handler else {"ok": False, "error": "unknown_method"}
        return web.json_response(body)

    async def _response_url(self, request: web.Request) -> web.Response:
        self.calls.append(Call("response_url", await request.json(), dict(request.headers)))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.append(socket)
        await socket.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
        self.sockets.remove(socket)
        return socket

    def _auth_test(self, args: dict) -> dict:
        return {
            "ok": True,
            "team": "Kommunen",
            "user": "kildesvar",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _chat_postMessage(self, args: dict) -> dict:
        message = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "ts": self.next_ts(),
            "text": args.get("text", ""),
            "blocks": args.get("blocks", []),
        }
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        self.messages.setdefault(args["channel"], []).append(message)
        return {"ok": True, "channel": args["channel"], "ts": message["ts"], "message": message}

    def _chat_update(self, args: dict) -> dict:
        for message in self.messages.get(args["channel"], []):
            if message["ts"] == args["ts"]:
                message.update({key: args[key] for key in ("text", "blocks", "metadata") if key in args})
                return {"ok": True, "channel": args["channel"], "ts": args["ts"], "text": message["text"]}
        return {"ok": False, "error": "message_not_found"}

    def _chat_postEphemeral(self, args: dict) -> dict:
        return {"ok": True, "message_ts": self.next_ts()}

    def _conversations_replies(self, args: dict) -> dict:
        thread_ts = args["ts"]
        thread = [
            dict(message)
            for message in self.messages.get(args["channel"], [])
            if message["ts"] == thread_ts or message.get("thread_ts") == thread_ts
        ]
        if str(args.get("include_all_metadata")).lower() not in ("1", "true"):
            for message in thread:
                message.pop("metadata", None)
        return {"ok": True, "messages": sorted(thread, key=lambda message: message["ts"]), "has_more": False}

    def _apps_connections_open(self, args: dict) -> dict:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}


async def _arguments(request: web.Request) -> dict[str, Any]:
    """Query string, form body or JSON body, as the Web API accepts them; JSON-looking form values decoded."""
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        args.update(await request.json())
    elif request.can_read_body:
        args.update(await request.post())
    for key, value in args.items():
        if isinstance(value, str) and value[:1] in "[{":
            args[key] = json.loads(value)
    return args
