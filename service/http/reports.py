"""Reports for content owners (admin only): the knowledge-gap report and the feedback, as JSON or for download.

`GET /v1/reports/gaps` groups the refused and thumbs-down questions of a period by similar wording with the
store's own embedding model (`service.questions.gaps`); `GET /v1/reports/feedback` lists the votes and
comments, filtered by vote, channel, period and text, as JSON or as CSV (the columns of `kildesvar feedback
export`). Routes are plain `def`s: the embedding and the SQLite reads run in the thread pool.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from service.feedback.store import FeedbackEntry, FeedbackStore
from service.http.admin_auth import AdminAccess
from service.http.deps import StoreDep
from service.http.documented import CALLER, error_responses
from service.http.errors import InvalidRequest
from service.questions.gaps import BadPeriod, GapGroup, gap_report, parse_since, render

MAX_FEEDBACK = 1000
CSV_MEDIA = "text/csv; charset=utf-8"

router = APIRouter(prefix="/v1/reports", tags=["rapporter"])

Since = Annotated[str, Query(max_length=20, description="Perioden: antall dager (`30d`) eller en dato (`2026-11-01`).")]


class Wording(BaseModel):
    text: str
    count: int


class GapGroupOut(BaseModel):
    question: str = Field(..., description="The most frequent wording of the group.")
    count: int = Field(..., description="Times a question of the group was refused or got a thumbs-down.")
    refused: int
    thumbs_down: int
    first_asked: datetime
    last_asked: datetime
    wordings: list[Wording]


class GapReport(BaseModel):
    since: datetime
    until: datetime
    groups: list[GapGroupOut]


class FeedbackOut(BaseModel):
    id: int
    created_at: datetime
    channel: str
    vote: int = Field(..., description="1 (thumbs up) or -1 (thumbs down).")
    question: str
    answer: str
    comment: str
    sources: list[str]


class FeedbackList(BaseModel):
    entries: list[FeedbackOut]
    total: int = Field(..., description="Entries matching the filters (at most the newest 1000 are listed).")


def _start(since: str) -> datetime:
    try:
        return parse_since(since)
    except BadPeriod as error:
        raise InvalidRequest(f"{error}.") from None


_BAD_PERIOD = InvalidRequest("«forrige uke» er verken et antall dager (som 30d) eller en dato (som 2026-11-01).")


@router.get(
    "/gaps",
    summary="Kunnskapshull",
    description="Spørsmål som ble avslått eller fikk tommel ned i perioden, gruppert etter lik formulering (med "
    "tjenestens embeddingmodell), med antall og datoer. `format=csv` eller `markdown` gir en fil å laste ned.",
    responses=error_responses(*CALLER, _BAD_PERIOD),
    response_model=GapReport,
)
def gaps_report(
    _caller: AdminAccess,
    request: Request,
    store: StoreDep,
    since: Since = "30d",
    format: Annotated[Literal["json", "csv", "markdown"], Query()] = "json",
) -> GapReport | Response:
    start = _start(since)
    data_dir = store.settings.data_dir
    groups = gap_report(request.app.state.question_log, FeedbackStore.in_data_dir(data_dir), store.embedder, start)
    if format != "json":
        media = CSV_MEDIA if format == "csv" else "text/markdown; charset=utf-8"
        name = f"kunnskapshull.{'csv' if format == 'csv' else 'md'}"
        return _download(render(groups, format), media, name)
    return GapReport(since=start, until=datetime.now(UTC), groups=[_group(group) for group in groups])


@router.get(
    "/feedback",
    summary="Tilbakemeldinger",
    description="Stemmer og kommentarer på svar, nyeste først, filtrert på stemme, kanal, periode og tekst. "
    "`format=csv` gir alle treff som CSV (som `kildesvar feedback export`).",
    responses=error_responses(*CALLER, _BAD_PERIOD),
    response_model=FeedbackList,
)
def feedback_report(
    _caller: AdminAccess,
    store: StoreDep,
    vote: Annotated[Literal["up", "down"] | None, Query(description="`up` or `down`.")] = None,
    channel: Annotated[Literal["widget", "slack", "teams", "api"] | None, Query()] = None,
    since: Annotated[str | None, Query(max_length=20, description="`30d` or `2026-11-01`.")] = None,
    q: Annotated[str, Query(max_length=200, description="Søk i spørsmål, svar og kommentar.")] = "",
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> FeedbackList | Response:
    start = _start(since) if since else None
    feedback = FeedbackStore.in_data_dir(store.settings.data_dir)
    needle = q.strip().casefold()
    wanted = {"up": 1, "down": -1}.get(vote or "")
    found = [
        entry
        for entry in feedback.entries()
        if (wanted is None or entry.vote == wanted)
        and (channel is None or entry.channel == channel)
        and (start is None or (entry.created_at is not None and entry.created_at >= start))
        and (not needle or needle in f"{entry.question}\n{entry.answer}\n{entry.comment}".casefold())
    ]
    found.reverse()
    if format == "csv":
        out = io.StringIO()
        feedback.export_csv(out, found)
        return _download(out.getvalue(), CSV_MEDIA, "tilbakemeldinger.csv")
    return FeedbackList(entries=[_feedback(entry) for entry in found[:MAX_FEEDBACK]], total=len(found))


def _download(text: str, media_type: str, filename: str) -> Response:
    body = ("\ufeff" + text if media_type == CSV_MEDIA else text).encode()  # a BOM: Excel reads UTF-8
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _group(group: GapGroup) -> GapGroupOut:
    assert group.first_asked is not None and group.last_asked is not None
    return GapGroupOut(
        question=group.question,
        count=group.count,
        refused=group.refused,
        thumbs_down=group.thumbs_down,
        first_asked=group.first_asked,
        last_asked=group.last_asked,
        wordings=[Wording(text=text, count=count) for text, count in group.wordings.most_common()],
    )


def _feedback(entry: FeedbackEntry) -> FeedbackOut:
    assert entry.id is not None and entry.created_at is not None
    sources = list(dict.fromkeys(str(citation.get("source", "")) for citation in entry.citations))
    return FeedbackOut(
        id=entry.id,
        created_at=entry.created_at,
        channel=entry.channel,
        vote=entry.vote,
        question=entry.question,
        answer=entry.answer,
        comment=entry.comment,
        sources=[source for source in sources if source],
    )
