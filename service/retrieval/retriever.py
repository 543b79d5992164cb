"""Hybrid retrieval: dense + keyword search, fused; chunks a § / chapter reference points to come first.

A follow-up question is searched twice, alone and with the previous questions' key terms added; the second
search is fused with a lower weight, so the new words lead and the old ones only fill in. An elliptical
follow-up ("Og for bygge- og anleggskontrakter?") is read as the previous question with new words: there
the combined search leads and the follow-up alone gets the lower weight.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from service.question.analysis import Question, analyse
from service.retrieval.fusion import Ranking, minmax_fusion, reciprocal_rank_fusion, zscore_fusion
from service.retrieval.law_catalogue import CatalogueCache, LawCatalogue
from service.retrieval.law_references import ResolvedLaws, resolve_laws
from service.retrieval.rerank import rerank_by_sentence_coverage
from service.retrieval.sectors import unasked_sectors
from service.retrieval.settings import RetrievalSettings
from vectorstore.models import Chunk, Hit
from vectorstore.sentence_terms import SentenceTerms
from vectorstore.store import KnowledgeStore


@dataclass(frozen=True)
class Retrieval:
    """Ranked hits (fused scores, best first) and the raw signals composition and abstention look at."""

    hits: list[Hit]
    dense: dict[str, float] = field(default_factory=dict)  # chunk id -> cosine for the question alone
    keyword: dict[str, float] = field(default_factory=dict)  # chunk id -> BM25 score for the question alone
    laws: ResolvedLaws = ResolvedLaws()
    pool: tuple[Chunk, ...] = ()  # every candidate either search found, for term statistics
    sentence_terms: Mapping[str, SentenceTerms] = field(default_factory=dict)  # chunk id -> the pool's sentences


class Retriever:
    """Searches one store; cheap to create, safe to share between threads."""

    def __init__(
        self, store: KnowledgeStore, settings: RetrievalSettings | None = None, catalogue: CatalogueCache | None = None
    ):
        self.store = store
        self.settings = settings or RetrievalSettings()
        self.catalogue = catalogue or CatalogueCache(store)

    def search(self, query: str, k: int) -> list[Hit]:
        return self.retrieve(analyse(query), k).hits

    def retrieve(self, question: Question, k: int, exclude: Collection[str] = ()) -> Retrieval:
        """The top k hits for `question`, with the earlier questions of its conversation.

        `exclude` names sources to search as if the store did not hold them (the evaluation asks questions
        with their own passage or law left out, to see whether the answer path then refuses).
        """
        catalogue = self.catalogue.get()
        laws = resolve_laws(question.text, catalogue, question.earlier)
        if exclude:
            laws = _without(laws, self.store.chunk_ids_of(exclude), catalogue)
        english = question.english
        dense, keyword = self._search(question.search_text, laws.named, english, exclude)
        rankings: list[list[Hit]] = [dense, keyword]
        weights = [self.settings.dense_weight, 1.0 - self.settings.dense_weight]
        if question.context_terms:
            combined = f"{question.search_text} {' '.join(question.context_terms)}"
            rankings.extend(self._search(combined, laws.named, english, exclude))
            history = [w * question.context_weight for w in weights]
            weights = history + weights if question.elliptical else weights + history
        chunks = {hit.chunk.id: hit.chunk for ranking in rankings for hit in ranking}
        sentences = self.store.sentence_terms(chunks.values())
        fused = self._fuse([[(hit.chunk.id, hit.score) for hit in ranking] for ranking in rankings], weights)
        fused = fused if english else self._rerank(question, fused, sentences)
        hits = self._order(fused, chunks, laws, unasked_sectors(question.text, laws.named))
        return Retrieval(
            hits=hits[:k],
            dense={hit.chunk.id: hit.score for hit in dense},
            keyword={hit.chunk.id: hit.score for hit in keyword},
            laws=laws,
            pool=tuple(chunks.values()),
            sentence_terms=sentences,
        )

    def _search(
        self, query: str, named: Sequence[str], english: bool, exclude: Collection[str]
    ) -> tuple[list[Hit], list[Hit]]:
        """Dense and keyword candidates; when the question names laws, their own best candidates join in.

        An English question gets dense candidates only (and no sentence-coverage stage): its words cannot meet
        the Norwegian text, and the few passages with English in them (a regulation's list of conventions)
        would win on "the" and "for". Measured on the law suite: nDCG@10 0.488 -> 0.504.

        A named law's passages can rank below the first `candidates` of a large corpus ("Hva er formålet med
        anskaffelsesloven?" finds regulations first); searched within the laws (`named` refids), they join with
        the scores the whole search gives them, so fusion and the law-name boost can weigh them.
        """
        depth = self.settings.candidates
        dense = self.store.dense_search(query, depth, exclude=exclude)
        keyword = [] if english else self.store.keyword_search(query, depth, exclude=exclude)
        if not named:
            return dense, keyword
        return (
            _merged(dense, self.store.dense_search(query, depth, refids=named, exclude=exclude)),
            keyword
            if english
            else _merged(keyword, self.store.keyword_search(query, depth, refids=named, exclude=exclude)),
        )

    def _fuse(self, rankings: list[Ranking], weights: list[float]) -> list[tuple[str, float]]:
        match self.settings.fusion:
            case "rrf":
                return reciprocal_rank_fusion(rankings, weights, k=self.settings.rrf_k)
            case "minmax":
                return minmax_fusion(rankings, weights)
            case "zscore":
                return zscore_fusion(rankings, weights)

    def _rerank(
        self, question: Question, fused: list[tuple[str, float]], sentences: Mapping[str, SentenceTerms]
    ) -> list[tuple[str, float]]:
        """The second stage: sentence coverage of the question's terms, weighted by their rarity."""
        weight = self.settings.sentence_weight
        if weight <= 0:
            return fused
        terms = self.store.keyword_index.idf(question.stems)
        return rerank_by_sentence_coverage(fused, sentences.__getitem__, terms, weight)

    def _order(
        self, fused: list[tuple[str, float]], chunks: dict[str, Chunk], laws: ResolvedLaws, unasked: frozenset[str]
    ) -> list[Hit]:
        """Boost chunks of a law the question names and lower those of a sector regulation it gives no sign of
        (`sectors.py`), then put the chunks its § / chapter points to first."""
        top = fused[0][1] if fused else 1.0
        boost = self.settings.law_name_boost * top
        penalty = self.settings.sector_penalty * abs(top)
        named = set(laws.named)

        def adjusted(chunk_id: str, score: float) -> float:
            refid = chunks[chunk_id].refid
            return score + (boost if refid in named else 0.0) - (penalty if refid in unasked else 0.0)

        scored = sorted(((chunk_id, adjusted(chunk_id, score)) for chunk_id, score in fused), key=lambda p: -p[1])
        referenced = self._referenced(laws.chunk_ids, chunks)
        best = scored[0][1] if scored else 1.0
        first = [Hit(chunk, best) for chunk in referenced]
        seen = {chunk.id for chunk in referenced}
        return first + [Hit(chunks[chunk_id], score) for chunk_id, score in scored if chunk_id not in seen]

    def _referenced(self, ids: Sequence[str], chunks: dict[str, Chunk]) -> list[Chunk]:
        missing = [chunk_id for chunk_id in ids if chunk_id not in chunks]
        available = chunks | {chunk.id: chunk for chunk in self.store.get(missing)} if missing else chunks
        return [available[chunk_id] for chunk_id in ids if chunk_id in available]


def _without(laws: ResolvedLaws, excluded: set[str], catalogue: LawCatalogue) -> ResolvedLaws:
    """The laws and § chunks as a store without the excluded chunks would resolve them."""
    named = tuple(refid for refid in laws.named if set(catalogue.law_chunks(refid)) - excluded)
    return replace(
        laws,
        named=named,
        chunk_ids=tuple(chunk_id for chunk_id in laws.chunk_ids if chunk_id not in excluded),
        mentions=laws.mentions if named else (),
    )


def _merged(first: list[Hit], second: list[Hit]) -> list[Hit]:
    """Both rankings as one, best score first, each chunk once."""
    by_id = {hit.chunk.id: hit for hit in [*first, *second]}
    return sorted(by_id.values(), key=lambda hit: -hit.score)
