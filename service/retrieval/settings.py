"""Settings of retrieval (candidates, fusion, second stage, law names), read from `KILDESVAR_*` variables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

FusionKind = Literal["rrf", "minmax", "zscore"]


class RetrievalSettings(BaseSettings):
    """How a question becomes ranked chunks. Defaults are chosen by measurement (docs/quality.md)."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_", extra="ignore")

    candidates: int = Field(
        50, ge=1, le=500, description="Candidates fetched from each search method (dense and keyword) before fusion."
    )
    fusion: FusionKind = Field(
        "zscore",
        description="How dense and keyword rankings are combined: `zscore` (weighted sum of standardised scores), "
        "`minmax` (weighted sum of min-max normalised scores) or `rrf` (weighted reciprocal rank fusion).",
    )
    dense_weight: float = Field(
        0.5, ge=0.0, le=1.0, description="Weight of the dense ranking in fusion; the keyword ranking gets the rest."
    )
    sentence_weight: float = Field(
        0.4,
        ge=0.0,
        le=5.0,
        description="Weight of the second stage, which rewards candidates with one sentence holding most of the "
        "question's rare words (standardised, added to the fused score); 0 turns it off.",
    )
    rrf_k: int = Field(60, ge=1, description="The k constant of reciprocal rank fusion (only used with `rrf`).")
    law_name_boost: float = Field(
        0.6,
        ge=0.0,
        description="Added to the fused score (as a share of the top score) of chunks from a law the question names.",
    )
    sector_penalty: float = Field(
        0.3,
        ge=0.0,
        description="Taken from the fused score (as a share of the top score) of chunks from a sector regulation "
        "(forsyningsforskriften, the defence and concession regulations) when the question names neither the "
        "regulation nor its sector.",
    )
