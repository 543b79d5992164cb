"""`kildesvar teams package`: a manifest that Microsoft's own schema accepts, with icons Teams accepts."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from PIL import Image
from typer.testing import CliRunner

from kildesvar.cli import app as kildesvar_app
from service.teams.package import MANIFEST_VERSION, AppListing, manifest
from tests.conftest import REPO_ROOT
from tests.teams.fake_bot_framework import APP_ID

SCHEMAS = REPO_ROOT / "scripts" / "teams-card" / "node_modules" / "@microsoft" / "app-manifest" / "build"
SCHEMA = SCHEMAS / "json-schemas" / "teams" / f"v{MANIFEST_VERSION}" / "MicrosoftTeams.schema.json"


def build(tmp_path: Path, *args: str, env: dict[str, str] | None = None):
    out = tmp_path / "kildesvar-teams.zip"
    result = CliRunner().invoke(kildesvar_app, ["teams", "package", "--out", str(out), *args], env=env)
    return result, out


def test_the_package_holds_a_manifest_for_the_bot_and_both_icons(tmp_path: Path, no_teams_env: None):
    result, out = build(tmp_path, "--host", "kildesvar.kommune.no", env={"KILDESVAR_TEAMS_APP_ID": APP_ID})
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        app = json.loads(package.read("manifest.json"))
        color = Image.open(io.BytesIO(package.read("color.png")))
        outline = Image.open(io.BytesIO(package.read("outline.png")))
    assert app["id"] == app["bots"][0]["botId"] == APP_ID
    assert app["bots"][0]["scopes"] == ["personal", "team", "groupChat"]
    assert app["validDomains"] == ["kildesvar.kommune.no"]
    assert app["developer"]["privacyUrl"] == "https://kildesvar.kommune.no/"
    assert (color.format, color.size) == ("PNG", (192, 192))
    assert (outline.format, outline.size, outline.mode) == ("PNG", (32, 32), "RGBA")
    pixels = [outline.getpixel((x, y)) for x in range(32) for y in range(32)]
    visible = [pixel for pixel in pixels if pixel[3] > 0]
    assert visible and all(pixel[:3] == (255, 255, 255) for pixel in visible), "the outline icon is white only"
    assert outline.getpixel((0, 0))[3] == 0, "on a transparent background"


def test_the_manifest_follows_microsofts_schema():
    if not SCHEMA.exists():
        pytest.skip(f"{SCHEMA} is missing: run `npm ci --prefix scripts/teams-card` (make test does)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    listing = AppListing(APP_ID, "kildesvar.kommune.no", version="2.3.4", developer="Eksempel kommune")
    jsonschema.Draft4Validator(schema).validate(manifest(listing))


def test_bad_input_is_refused_with_a_clear_message(tmp_path: Path, no_teams_env: None):
    result, out = build(tmp_path, "--host", "https://kildesvar.kommune.no/", "--app-id", APP_ID)
    assert result.exit_code == 2 and "is not a host name" in result.output and not out.exists()
    result, _ = build(tmp_path, "--host", "kildesvar.kommune.no", "--app-id", "kildesvar")
    assert result.exit_code == 2 and "is not a Microsoft App ID" in result.output
    result, _ = build(tmp_path, "--host", "kildesvar.kommune.no")
    assert result.exit_code == 2 and "KILDESVAR_TEAMS_APP_ID" in result.output
