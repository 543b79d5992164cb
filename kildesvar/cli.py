"""The `kildesvar` console script. Each sub-command lives in its own package and is imported when it runs."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False)

# Options are parsed by the sub-command's own typer app, so `kildesvar serve --help` shows them.
_FORWARD = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}


@app.callback()
def kildesvar() -> None:
    """Kildesvar: korte norske svar med kildehenvisninger."""


@app.command(context_settings=_FORWARD, add_help_option=False)
def ingest(ctx: typer.Context) -> None:
    """Ingest a folder of documents into the index (`kildesvar ingest --help` for its options)."""
    from ingest.cli import app as ingest_app

    ingest_app(ctx.args, prog_name="kildesvar ingest")


@app.command(context_settings=_FORWARD, add_help_option=False)
def serve(ctx: typer.Context) -> None:
    """Start the HTTP API (`kildesvar serve --help` for its options)."""
    from service.http.cli import app as serve_app

    serve_app(ctx.args, prog_name="kildesvar serve")


@app.command(context_settings=_FORWARD, add_help_option=False)
def feedback(ctx: typer.Context) -> None:
    """Export votes and comments on answers (`kildesvar feedback export --help`)."""
    from service.feedback.cli import app as feedback_app

    feedback_app(ctx.args, prog_name="kildesvar feedback")


@app.command(context_settings=_FORWARD, add_help_option=False)
def questions(ctx: typer.Context) -> None:
    """Delete the question log (`kildesvar questions delete --all`)."""
    from service.questions.cli import questions_app

    questions_app(ctx.args, prog_name="kildesvar questions")


@app.command(context_settings=_FORWARD, add_help_option=False)
def report(ctx: typer.Context) -> None:
    """The knowledge-gap report (`kildesvar report gaps --since 30d --format csv|markdown`)."""
    from service.questions.cli import report_app

    report_app(ctx.args, prog_name="kildesvar report")


@app.command(context_settings=_FORWARD, add_help_option=False)
def keys(ctx: typer.Context) -> None:
    """Create, list and revoke API keys (`kildesvar keys --help`)."""
    from service.keys.cli import app as keys_app

    keys_app(ctx.args, prog_name="kildesvar keys")


@app.command(context_settings=_FORWARD, add_help_option=False)
def teams(ctx: typer.Context) -> None:
    """The Microsoft Teams bot: build its app package (`kildesvar teams package --help`)."""
    from service.teams.cli import app as teams_app

    teams_app(ctx.args, prog_name="kildesvar teams")


@app.command(name="eval", context_settings=_FORWARD, add_help_option=False)
def evaluate(ctx: typer.Context) -> None:
    """Measure retrieval and answer quality side by side (`kildesvar eval --help` for its options)."""
    from evaluation.cli import app as eval_app

    eval_app(ctx.args, prog_name="kildesvar eval")


@app.command(name="bench", context_settings=_FORWARD, add_help_option=False)
def benchmark(ctx: typer.Context) -> None:
    """Measure ingest and the query path on Lovdata tiers beside LlamaIndex (`kildesvar bench --help`)."""
    from bench.cli import app as bench_app

    bench_app(ctx.args, prog_name="kildesvar bench")


@app.command(context_settings=_FORWARD, add_help_option=False)
def train(ctx: typer.Context) -> None:
    """Train the answer's sentence and refusal models on NorQuAD (`kildesvar train --help` for its options)."""
    from evaluation.train_cli import app as train_app

    train_app(ctx.args, prog_name="kildesvar train")


def main() -> None:
    app()
