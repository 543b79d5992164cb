"""Settings of answer composition and refusal, read from `KILDESVAR_*` variables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AnswerSettings(BaseSettings):
    """How ranked chunks become an extractive answer, or a refusal. Defaults are chosen by measurement."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_", extra="ignore")

    answer_model: Literal["rules", "learned"] = Field(
        "rules",
        description='Who chooses the sentence an answer leads with: "rules" (the hand-set score) or "learned" (the '
        "sentence model `kildesvar train` fits, in service/answer/models/, which reads the hand-set score among its "
        "signals; the hand rules still choose the sentences that follow it; docs/quality.md).",
    )
    refusal_model: Literal["rules", "learned"] = Field(
        "rules",
        description='With answer_model "learned", who refuses a Norwegian question: "rules" (the hand-set refusal '
        'rules) or "learned" (the refusal model `kildesvar train` fits, which reads the rules\' verdicts among its '
        "signals).",
    )
    min_confidence: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description='With refusal_model "learned": refuse when the refusal model\'s probability that the documents '
        "answer is below this; unset: the threshold `kildesvar train` chose on validation (stored with the model).",
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
