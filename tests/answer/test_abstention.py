from dataclasses import replace
from datetime import date

from service.answer.abstention import abstention_reason
from service.answer.draft import Draft, Quote, Statement
from service.answer.settings import AnswerSettings
from service.question.analysis import analyse
from service.retrieval.law_references import ResolvedLaws
from service.retrieval.retriever import Retrieval
from tests.sample_laws import FOA_CHUNKS, GUIDE, KOMMUNELOVEN
from vectorstore.models import Chunk, Hit

SETTINGS = AnswerSettings()
TODAY = date(2026, 11, 28)


def draft_of(chunk: Chunk, text: str, support: float = 1.0) -> Draft:
    start = chunk.text.index(text)
    quote = Quote(chunk, start, start + len(text), 0.9)
    return Draft(statements=(Statement(text, (quote,), support),), support=support)


def retrieval_of(chunk: Chunk, dense: float = 0.9, **fields) -> Retrieval:
    return Retrieval(hits=[Hit(chunk, 1.0)], dense={chunk.id: dense}, **fields)


OWNERS = "Programmet har to eiere: KS og NHO."


def reason(question: str, retrieval: Retrieval, draft: Draft) -> str | None:
    return abstention_reason(analyse(question, today=TODAY), retrieval, draft, SETTINGS)


def test_nothing_to_quote_abstains():
    assert reason("Hvem eier LUP?", retrieval_of(GUIDE[0]), Draft()) == "no_statement"


def test_weak_support_abstains():
    draft = draft_of(GUIDE[0], OWNERS, support=0.1)
    assert reason("Hva koster LUP?", retrieval_of(GUIDE[0]), draft) == "low_support"


def test_supported_statement_of_the_asked_kind_is_shown():
    draft = draft_of(GUIDE[0], OWNERS)
    assert reason("Hvem eier LUP?", retrieval_of(GUIDE[0]), draft) is None


def test_a_place_the_sources_do_not_mention_abstains():
    draft = draft_of(GUIDE[0], OWNERS)
    question = "Hvem eier LUP i Trøndelag?"
    assert reason(question, retrieval_of(GUIDE[0]), draft) == "unknown_name"


def test_a_capitalised_compound_of_words_the_source_uses_is_not_an_unknown_name():
    draft = draft_of(GUIDE[0], OWNERS)
    question = "Hvem eier Leverandørutviklingsprogrammet?"
    assert reason(question, retrieval_of(GUIDE[0]), draft) is None
    elsewhere = "Hvem eier Leverandørutviklingsprogrammet i Trøndelagsfylket?"
    assert reason(elsewhere, retrieval_of(GUIDE[0]), draft) == "unknown_name"


def test_a_count_question_without_a_count_abstains():
    draft = draft_of(GUIDE[1], "Kommunene kan bruke LUP som sparringspartner.")
    question = "Hvor mange kommuner har brukt LUP?"
    assert reason(question, retrieval_of(GUIDE[1]), draft) == "wrong_answer_type"


def test_a_statement_as_well_supported_as_the_best_may_give_the_answer():
    course = replace(GUIDE[1], text="Om kurset\n\nKurset er åpent for alle. Kurset er gratis.")
    open_to_all = draft_of(course, "Kurset er åpent for alle.", support=0.4).statements[0]
    free = draft_of(course, "Kurset er gratis.", support=0.4).statements[0]
    draft = Draft(statements=(open_to_all, free), support=0.4)
    # The course is the third hit, and 0.4 is below the support an answer of the asked kind otherwise needs.
    retrieval = Retrieval(hits=[Hit(GUIDE[0], 2.0), Hit(KOMMUNELOVEN, 1.5), Hit(course, 1.0)])
    assert reason("Hva koster kurset?", retrieval, draft) is None
    assert reason("Hvor mange deltar på kurset?", retrieval, draft) == "wrong_answer_type"


def test_english_questions_are_judged_by_the_dense_match():
    draft = draft_of(GUIDE[0], OWNERS, support=0.0)
    assert reason("Who owns LUP?", retrieval_of(GUIDE[0], dense=0.86), draft) is None
    assert reason("Who owns LUP?", retrieval_of(GUIDE[0], dense=0.70), draft) == "weak_match"


def test_a_resolved_section_reference_is_never_abstained():
    draft = draft_of(KOMMUNELOVEN, "Folkevalgte organer behandler saker og treffer vedtak i møter.", support=0.0)
    laws = ResolvedLaws(named=(KOMMUNELOVEN.refid or "",), chunk_ids=(KOMMUNELOVEN.id,))
    question = "Hvor mange møter krever kommuneloven § 11-2?"
    assert reason(question, retrieval_of(KOMMUNELOVEN, laws=laws), draft) is None


def test_a_year_the_answer_never_reaches_abstains():
    since = "Siden 2024 har KS og NHO eid programmet sammen."
    chunk = replace(GUIDE[0], text=f"{GUIDE[0].text} {since}")
    draft, retrieval = draft_of(chunk, since), retrieval_of(chunk)
    assert reason("Hvem eide LUP i 2023?", retrieval, draft) == "unknown_year"
    assert reason("Hvem eide LUP i 2025?", retrieval, draft) is None
    assert reason("Hvem eier LUP i 2027?", retrieval, draft) == "unknown_year"


def test_a_year_only_elsewhere_in_the_cited_passage_does_not_count():
    chunk = replace(GUIDE[0], text=f"{GUIDE[0].text} Siden 2024 har programmet hatt egne rådgivere.")
    draft = draft_of(chunk, OWNERS)
    assert reason("Hvem eide LUP i 2025?", retrieval_of(chunk), draft) == "unknown_year"


def test_a_regulation_in_force_answers_for_this_year_and_later_but_not_for_past_years():
    chunk = FOA_CHUNKS[1]
    draft = draft_of(
        chunk, "EØS-terskelverdiene er 8,7 millioner kroner ekskl. mva. for kontrakter om særlige tjenester."
    )
    retrieval = retrieval_of(chunk)
    later = "Hva er EØS-terskelverdien for særlige tjenester i 2027?"
    assert reason(later, retrieval, draft) is None
    earlier = "Hva var EØS-terskelverdien for særlige tjenester i 2019?"
    assert reason(earlier, retrieval, draft) == "unknown_year"
