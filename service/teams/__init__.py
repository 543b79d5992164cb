"""The Teams bot: the same answer path as the HTTP API, rendered as Adaptive Cards, on Microsoft's Teams SDK
for Python (`microsoft-teams-apps`).

`mount.install_teams(app)` serves it from the FastAPI app at `/teams/messages`; `bot.build_teams_app`
builds the SDK's App and its handlers.

The SDK reads a `.env` file from the working directory when it is imported (python-dotenv); Kildesvar
reads its settings from the environment only, so that loading is switched off before the SDK is imported,
unless `PYTHON_DOTENV_DISABLED` says otherwise.
"""

import os
import warnings

os.environ.setdefault("PYTHON_DOTENV_DISABLED", "1")

# The SDK warns at import about a preview class it uses itself (HtmlWidgetSecurityPolicy); nothing of ours uses it.
warnings.filterwarnings("ignore", message="HtmlWidgetSecurityPolicy is in preview")
