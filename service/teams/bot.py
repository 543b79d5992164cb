"""The Teams SDK's App for the bot: who it is, whose tokens it trusts, and which activities it answers.

- `message` activities in personal chats, and in group chats and channels when the bot is @mentioned:
  `Responder.on_message`.
- `adaptiveCard/action` invokes from the 👍/👎 buttons (`Action.Execute`, data `action: kildesvar_vote`):
  `Responder.on_vote`.

The SDK validates the JWT of every incoming request before any of this runs (signature against the keys
published beside `openid_metadata_url`, issuer, audience = the app id, expiry with five minutes' leeway,
and the token's `serviceurl` claim against the activity's `serviceUrl`). It is told explicitly never to
accept unauthenticated requests, whatever `DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS` says.
"""

from __future__ import annotations

from pathlib import Path

from microsoft_teams.api.auth.cloud_environment import PUBLIC, CloudEnvironment, with_overrides
from microsoft_teams.apps import App
from starlette.datastructures import State

from service.shared.seen import SeenKeys
from service.teams.adapter import MESSAGES_PATH, MessagesEndpoint
from service.teams.cards import VOTE_ACTION
from service.teams.responder import Responder
from service.teams.settings import TeamsSettings
from service.teams.threads import ThreadStore
from service.teams.tokens import AppTokens


def build_teams_app(
    settings: TeamsSettings, state: State, endpoint: MessagesEndpoint, data_dir: Path
) -> tuple[App, Responder]:
    """The SDK's App, serving its messaging handler through `endpoint`, and the Responder behind it.

    The threads' history is kept under `data_dir`, beside the feedback store.
    """
    assert settings.enabled, "build_teams_app needs the app id, the tenant id and a credential"
    app = App(
        client_id=settings.app_id,
        tenant_id=settings.tenant_id,
        token=AppTokens(settings),
        cloud=cloud_environment(settings),
        http_server_adapter=endpoint,
        messaging_endpoint=MESSAGES_PATH,
        dangerously_allow_unauthenticated_requests=False,
        state=False,
        fetch_user_token=False,
    )
    threads = ThreadStore.in_data_dir(data_dir, settings.history_days)
    responder = Responder(state, settings, threads, SeenKeys(state.shared_state, namespace="teams"))
    app.on_message(responder.on_message)
    app.on_card_action_execute(VOTE_ACTION, responder.on_vote)
    return app, responder


def cloud_environment(settings: TeamsSettings) -> CloudEnvironment:
    """Microsoft's public cloud, with the OpenID metadata (and the signing keys beside it) and the login
    endpoint the settings name; the SDK looks for the keys at `<metadata url without /openidconfiguration>/keys`.
    """
    return with_overrides(
        PUBLIC,
        openid_metadata_url=settings.openid_metadata_url,
        login_endpoint=settings.login_url,
    )
