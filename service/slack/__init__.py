"""The Slack bot: the same answer path as the HTTP API, rendered as Block Kit messages.

`mount.install_slack(app)` serves it from the FastAPI app; `bot.build_bolt_app` holds the listeners.
"""
