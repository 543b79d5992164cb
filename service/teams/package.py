"""The Teams app package: `manifest.json` (schema 1.17) with the two icons, zipped for upload to Teams.

The package names the bot by its Microsoft App ID (also used as the Teams app id), lets it be added to
personal chats, group chats and teams, and lists the service's public host as its only valid domain.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.teams.icons import color_icon, outline_icon
from service.teams.settings import GUID

MANIFEST_VERSION = "1.17"
MANIFEST_SCHEMA = (
    f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
)
ACCENT_COLOR = "#1D3A5F"
SCOPES = ["personal", "team", "groupChat"]
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")

SHORT_DESCRIPTION = "Korte svar med kilder fra kommunens kunnskapsbase"
FULL_DESCRIPTION = (
    "Kildesvar svarer på spørsmål om kommunens dokumenter: rapporter, programbeskrivelser, veiledere og "
    "regelverk for offentlige anskaffelser. Hvert svar viser de nøyaktige avsnittene det bygger på, med "
    "tittel, kapittel og side, og sier fra når en regel er endret eller opphevet. Finner Kildesvar ikke "
    "noe svar i dokumentene, sier den det i stedet for å gjette. Skriv til Kildesvar i en chat, eller nevn "
    "@Kildesvar i en kanal eller gruppechat; svar i tråden for å stille et oppfølgingsspørsmål."
)


@dataclass(frozen=True)
class AppListing:
    """What the municipality fills in: the bot's app id, the service's public host and who publishes it."""

    app_id: str
    host: str
    version: str = "1.0.0"
    developer: str = "Kildesvar"
    privacy_url: str | None = None
    terms_url: str | None = None

    def __post_init__(self) -> None:
        if not GUID.match(self.app_id):
            raise ValueError(f"{self.app_id!r} is not a Microsoft App ID (a GUID)")
        if not _HOST.match(self.host):
            raise ValueError(f"{self.host!r} is not a host name such as kildesvar.kommune.no (no scheme, no path)")
        if not _VERSION.match(self.version):
            raise ValueError(f"{self.version!r} is not a version such as 1.0.0")


def manifest(listing: AppListing) -> dict[str, Any]:
    site = f"https://{listing.host}/"
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": listing.version,
        "id": listing.app_id,
        "developer": {
            "name": listing.developer,
            "websiteUrl": site,
            "privacyUrl": listing.privacy_url or site,
            "termsOfUseUrl": listing.terms_url or site,
        },
        "name": {"short": "Kildesvar", "full": "Kildesvar – svar med kilder"},
        "description": {"short": SHORT_DESCRIPTION, "full": FULL_DESCRIPTION},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT_COLOR,
        "bots": [
            {
                "botId": listing.app_id,
                "scopes": SCOPES,
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {
                        "scopes": SCOPES,
                        "commands": [{"title": "hjelp", "description": "Hva Kildesvar kan svare på, og hvordan"}],
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [listing.host],
    }


def build_package(listing: AppListing, out: Path) -> Path:
    """Write the zip Teams takes (manifest and icons at its root) to `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest(listing), ensure_ascii=False, indent=2))
        package.writestr("color.png", color_icon())
        package.writestr("outline.png", outline_icon())
    return out
