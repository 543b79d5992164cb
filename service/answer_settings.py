"""Settings of the answer path (retrieval, fusion, composition, abstention), read from `KILDESVAR_*` variables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

FusionKind = Literal["rrf", "minmax", "zscore"]


class AnswerSettings(BaseSettings):
    """How a question becomes ranked chunks and an extractive answer. Defaults are chosen by measurement."""

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
    answer_chunks: int = Field(5, ge=1, le=50, description="Top-ranked chunks whose sentences may make up the answer.")
    max_sentences: int = Field(4, ge=1, le=10, description="Most sentences in an answer.")
    sentence_keep_ratio: float = Field(
        0.6,
        ge=0.0,
        le=1.0,
        description="A sentence joins the answer only when its score is at least this share of the best sentence's.",
    )
    answer_type_boost: float = Field(
        1.5,
        ge=1.0,
        description="Score factor for sentences that give the kind of answer the question asks for (an amount, "
        'count, date, duration or name: "Hvor mye ...", "Når ...", "Hvem ...").',
    )
    min_support: float = Field(
        0.28,
        ge=0.0,
        le=1.0,
        description="Abstain when the best sentence, with its chunk's title and heading, covers less than this "
        "share of the question's key terms (weighted by rarity).",
    )
    min_answer_support: float = Field(
        0.6,
        ge=0.0,
        le=1.0,
        description="When the question asks for an amount, count, date, duration or person, a statement with at "
        "least this support must give one; else the engine abstains.",
    )
    min_dense_score: float = Field(
        0.80,
        ge=-1.0,
        le=1.0,
        description="For questions in English (whose words cannot meet Norwegian text): abstain when the best "
        "dense cosine of any chunk is below this.",
    )
    history_weight: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Weight of the search that adds the previous question's terms, relative to the new question's.",
    )
