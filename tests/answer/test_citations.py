import pytest

from service.answer.citations import CitationError, render, verify
from service.answer.draft import Quote, Statement
from tests.sample_laws import FOA_CHUNKS, GUIDE
from vectorstore.models import Chunk


def quote_of(chunk: Chunk, text: str, score: float = 0.5) -> Quote:
    start = chunk.text.index(text)
    return Quote(chunk, start, start + len(text), score)


def statement(*quotes: Quote) -> Statement:
    return Statement(text=" ".join(quotes[0].text.split()), quotes=quotes)


def test_markers_follow_each_statement_and_pieces_join_to_the_answer():
    first = quote_of(FOA_CHUNKS[1], "62,9 millioner kroner ekskl. mva. for bygge- og anleggskontrakter.")
    second = quote_of(GUIDE[0], "Programmet har to eiere: KS og NHO.")
    rendered = render([statement(first), statement(second)])
    assert rendered.text == (
        "62,9 millioner kroner ekskl. mva. for bygge- og anleggskontrakter. [1] Programmet har to eiere: KS og NHO. [2]"
    )
    assert [citation.n for citation in rendered.citations] == [1, 2]
    assert rendered.citations[0].section == FOA_CHUNKS[1].section


def test_two_sentences_of_one_section_share_a_citation_with_their_span_as_quote():
    chunk = FOA_CHUNKS[2]
    first = quote_of(chunk, "Del II gjelder for kontrakter under EØS-terskelverdiene.")
    second = quote_of(chunk, "Oppdragsgiveren skal kunngjøre konkurransen i Doffin.")
    rendered = render([statement(first), statement(second)])
    assert rendered.text.count("[1]") == 2 and "[2]" not in rendered.text
    (citation,) = rendered.citations
    assert citation.quote == chunk.text[first.start : second.end]


def test_same_sentence_in_two_documents_cites_both():
    same = [quote_of(chunk, "Programmet har to eiere: KS og NHO.") for chunk in GUIDE]
    rendered = render([statement(*same)])
    assert rendered.text.endswith("[1] [2]")
    assert [citation.source for citation in rendered.citations] == ["lup.md", "veileder.md"]


def test_a_quote_not_in_its_chunk_raises():
    tampered = render([statement(quote_of(GUIDE[0], "Programmet har to eiere: KS og NHO."))]).citations[0]
    tampered = tampered.model_copy(update={"quote": "Programmet har tre eiere."})
    with pytest.raises(CitationError):
        verify("Programmet har tre eiere. [1]", [tampered], [GUIDE[0]])


def test_a_marker_without_citation_or_an_unused_citation_raises():
    rendered = render([statement(quote_of(GUIDE[0], "Programmet har to eiere: KS og NHO."))])
    with pytest.raises(CitationError):
        verify(rendered.text + " [2]", rendered.citations, [GUIDE[0]])
    with pytest.raises(CitationError):
        verify("Uten markører.", rendered.citations, [GUIDE[0]])
