from evaluation.answers import citation_validity, phrase_citations, unused_citations, verbatim_quotes
from service.answer.contract import Answer, Citation, source_fields
from vectorstore.models import Chunk

CHUNK = Chunk(source="lup.md", position=0, text="Programmet har to eiere: KS og NHO. Det gir råd.", title="LUP")


def citation(n: int, quote: str) -> Citation:
    return Citation(n=n, **source_fields(CHUNK), quote=quote, score=1.0)


def answer(text: str, *citations: Citation) -> Answer:
    return Answer(answer=text, abstained=False, citations=list(citations), warnings=[], timings_ms={})


def test_unused_citations_counts_unmarked_sources_and_markers_without_a_source():
    assert unused_citations(answer("KS og NHO. [1]", citation(1, "KS og NHO"))) == 0
    assert unused_citations(answer("KS og NHO. [1]", citation(1, "KS"), citation(2, "NHO"))) == 1
    assert unused_citations(answer("KS og NHO. [1] [3]", citation(1, "KS"))) == 1


def test_verbatim_quotes_checks_each_quote_against_the_stored_chunk(hashing_store):
    hashing_store.replace_source(CHUNK.source, [CHUNK])
    answers = [answer("x [1] [2]", citation(1, "Programmet har to eiere: KS og NHO."), citation(2, "KS eier det."))]
    assert verbatim_quotes(answers, hashing_store) == (1, 2)


def test_phrase_citations_are_the_ones_marked_on_the_statement_that_states_the_phrase():
    first, second = citation(1, "Programmet har to eiere: KS og NHO."), citation(2, "Det gir råd.")
    text = "Programmet har to eiere: KS og NHO. [1] Det gir råd. [2]"
    assert phrase_citations(answer(text, first, second), "KS og NHO") == [first]
    assert phrase_citations(answer(text, first, second), "gir råd") == [second]
    assert phrase_citations(answer(text, first, second), "Bærekraftsløftet") == []


def test_citation_validity_needs_a_verbatim_quote_that_contains_the_phrase(hashing_store):
    hashing_store.replace_source(CHUNK.source, [CHUNK])
    valid = answer("To eiere: KS og NHO. [1]", citation(1, "Programmet har to eiere: KS og NHO."))
    off_the_point = answer("To eiere: KS og NHO. [1]", citation(1, "Det gir råd."))
    not_verbatim = answer("To eiere: KS og NHO. [1]", citation(1, "Programmet eies av KS og NHO."))
    pairs = [(valid, "KS og NHO"), (off_the_point, "KS og NHO"), (not_verbatim, "KS og NHO")]
    assert citation_validity(pairs, hashing_store) == (1, 3)
