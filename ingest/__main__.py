"""`python -m ingest PATH`: the same command as `kildesvar ingest PATH`."""

from ingest.cli import app

app(prog_name="python -m ingest")
