"""Settings of `kildesvar eval`, read from `KILDESVAR_*` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


class EvalSettings(BaseSettings):
    """Where the evaluation finds its data and keeps its cached indexes. CLI options override these."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_", extra="ignore")

    shared_dir: Path = Field(
        REPO_ROOT.parent / "shared",
        description="The shared data folder with `data/norquad/` and `data/lovdata/` (default: `../shared` beside "
        "the repository). Suites whose data is absent are skipped.",
    )
    eval_cache_dir: Path = Field(
        Path("data/eval-cache"),
        description="Where `kildesvar eval` keeps each suite's index, rebuilt only when the corpus, the chunker, "
        "the embedded text or the model changes.",
    )
    eval_report: Path = Field(
        Path("data/eval-report.json"), description="Where `kildesvar eval` writes its JSON report."
    )

    @property
    def corpus_dir(self) -> Path:
        return REPO_ROOT / "corpus"
