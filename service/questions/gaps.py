"""The knowledge-gap report: what users asked that the documents did not answer, grouped by similar wording.

A gap is a question the engine refused (from the question log) or an answer that got a thumbs-down (from the
feedback store), within the report's period. Questions are embedded with the service's own embedding model
(as queries) and grouped by cosine similarity: the most frequent wordings go first, each question joins the
group whose centroid is most similar if that similarity is at least `SIMILARITY_THRESHOLD`, else it starts a
new group. Each group has its wordings with counts, refused and thumbs-down counts, and the first and last
date it was asked. `SIMILARITY_THRESHOLD` is chosen by `evaluation.gap_threshold` on the validation half
of a set of paraphrased questions (`evaluation/gold/paraphrases.jsonl`) and reported on its test half.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

import numpy as np

from service.feedback.store import FeedbackStore, neutralise_formula
from service.questions.log import QuestionLog
from vectorstore.embeddings import Embedder

SIMILARITY_THRESHOLD = 0.89
GapKind = Literal["refused", "thumbs_down"]
ReportFormat = Literal["csv", "markdown"]
CSV_COLUMNS = ("count", "refused", "thumbs_down", "first_asked", "last_asked", "question", "other_wordings")


@dataclass(frozen=True)
class Gap:
    question: str
    asked_at: datetime
    kind: GapKind


@dataclass
class GapGroup:
    wordings: Counter[str] = field(default_factory=Counter)
    refused: int = 0
    thumbs_down: int = 0
    first_asked: datetime | None = None
    last_asked: datetime | None = None

    @property
    def count(self) -> int:
        return sum(self.wordings.values())

    @property
    def question(self) -> str:
        """The most frequent wording (the first asked among equals)."""
        return self.wordings.most_common(1)[0][0]

    def add(self, gap: Gap) -> None:
        self.wordings[gap.question] += 1
        if gap.kind == "refused":
            self.refused += 1
        else:
            self.thumbs_down += 1
        self.first_asked = min(self.first_asked or gap.asked_at, gap.asked_at)
        self.last_asked = max(self.last_asked or gap.asked_at, gap.asked_at)


class BadPeriod(ValueError):
    """`since` is neither a number of days (`30d`) nor a date (`2026-11-01`)."""


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """The start of the period `text` names: `30d` (the last 30 days) or an ISO date (from its midnight, UTC)."""
    now = now or datetime.now(UTC)
    cleaned = text.strip().lower()
    if match := re.fullmatch(r"(\d{1,4})\s*d", cleaned):
        return now - timedelta(days=int(match.group(1)))
    try:
        return datetime.combine(date.fromisoformat(cleaned), datetime.min.time(), UTC)
    except ValueError:
        raise BadPeriod(f"«{text}» er verken et antall dager (som 30d) eller en dato (som 2026-11-01)") from None


def gap_report(log: QuestionLog, feedback: FeedbackStore, embedder: Embedder, since: datetime) -> list[GapGroup]:
    """The report: the gaps since `since`, grouped."""
    return group_gaps(collect_gaps(log, feedback, since), embedder)


def collect_gaps(log: QuestionLog, feedback: FeedbackStore, since: datetime) -> list[Gap]:
    """Refused questions and thumbs-down answers since `since`, oldest first."""
    refused = [Gap(entry.question, entry.asked_at, "refused") for entry in log.entries(since) if entry.refused]
    disliked = [
        Gap(entry.question, entry.created_at, "thumbs_down")
        for entry in feedback.entries()
        if entry.vote == -1 and entry.created_at is not None and entry.created_at >= since
    ]
    return sorted(refused + disliked, key=lambda gap: gap.asked_at)


def group_gaps(gaps: Sequence[Gap], embedder: Embedder, threshold: float = SIMILARITY_THRESHOLD) -> list[GapGroup]:
    """The gaps grouped by similar wording, the largest group first."""
    wordings = list(dict.fromkeys(gap.question.strip() for gap in gaps))
    frequency = Counter(gap.question.strip() for gap in gaps)
    wordings.sort(key=lambda wording: -frequency[wording])  # stable: equals stay in the order first asked
    vectors = np.asarray(embedder.embed(wordings, "query"), dtype=np.float32) if wordings else np.zeros((0, 1))
    group_of = dict(zip(wordings, group_indices(vectors, threshold, [frequency[w] for w in wordings]), strict=True))
    groups: dict[int, GapGroup] = {}
    for gap in gaps:
        groups.setdefault(group_of[gap.question.strip()], GapGroup()).add(gap)
    return sorted(groups.values(), key=lambda group: (-group.count, group.first_asked or datetime.min))


def group_indices(vectors: np.ndarray, threshold: float, weights: Sequence[int] | None = None) -> list[int]:
    """A group number for each row: rows in order, each joins the most similar group centroid at or above
    `threshold` (cosine), else starts a group. `weights` (how often each was asked) weigh the centroids."""
    weights = weights or [1] * len(vectors)
    centroids: list[np.ndarray] = []
    assigned: list[int] = []
    for vector, weight in zip(vectors, weights, strict=True):
        unit = vector / (np.linalg.norm(vector) or 1.0)
        similarities = [float(unit @ (centroid / (np.linalg.norm(centroid) or 1.0))) for centroid in centroids]
        best = int(np.argmax(similarities)) if similarities else -1
        if best >= 0 and similarities[best] >= threshold:
            centroids[best] = centroids[best] + weight * unit
            assigned.append(best)
        else:
            centroids.append(weight * unit)
            assigned.append(len(centroids) - 1)
    return assigned


def render(groups: Sequence[GapGroup], report_format: ReportFormat) -> str:
    return _markdown(groups) if report_format == "markdown" else _csv(groups)


def _csv(groups: Sequence[GapGroup]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for group in groups:
        others = " | ".join(wording for wording in group.wordings if wording != group.question)
        writer.writerow(
            (group.count, group.refused, group.thumbs_down, _date(group.first_asked), _date(group.last_asked))
            + (neutralise_formula(group.question), neutralise_formula(others))
        )
    return out.getvalue()


def _markdown(groups: Sequence[GapGroup]) -> str:
    lines = [
        "| antall | avslått | tommel ned | først | sist | spørsmål | andre formuleringer |",
        "|---:|---:|---:|---|---|---|---|",
    ]
    for group in groups:
        others = "; ".join(wording for wording in group.wordings if wording != group.question)
        cells = (group.count, group.refused, group.thumbs_down, _date(group.first_asked), _date(group.last_asked))
        texts = (_cell(group.question), _cell(others))
        lines.append("| " + " | ".join(str(cell) for cell in (*cells, *texts)) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _date(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""
