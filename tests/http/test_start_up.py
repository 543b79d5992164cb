"""A service without Slack and without an LLM does not import their libraries: each costs start-up time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# What a start-up imports: the app, and the LLM mode its lifespan creates.
_PROBE = """
import json, sys
from service.answer.settings import AnswerSettings
from service.http.app import create_app
from service.llm.mode import create_llm_mode
from service.llm.settings import LlmSettings
create_app()
create_llm_mode(LlmSettings(), AnswerSettings())
libraries = ("slack_bolt", "openai", "llama_index.llms.openai_like")
print(json.dumps(sorted(name for name in libraries if name in sys.modules)))
"""


def _libraries_imported_by_create_app(data_dir: Path, **settings: str) -> list[str]:
    env = {"KILDESVAR_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", **settings}
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(probe.stdout.strip().splitlines()[-1])


def test_an_app_without_slack_or_an_llm_imports_neither_library(tmp_path: Path) -> None:
    assert _libraries_imported_by_create_app(tmp_path) == []


def test_an_app_with_slack_and_an_llm_imports_both(tmp_path: Path) -> None:
    imported = _libraries_imported_by_create_app(
        tmp_path,
        SLACK_SIGNING_SECRET="test-signing-secret",
        SLACK_BOT_TOKEN="xoxb-test-token",
        KILDESVAR_LLM_BASE_URL="http://127.0.0.1:9/v1",
        KILDESVAR_LLM_MODEL="test-model",
    )
    assert imported == ["llama_index.llms.openai_like", "openai", "slack_bolt"]
