from service.abstention import abstention_reason
from service.answer_settings import AnswerSettings
from service.draft import Draft, Quote, Statement
from service.law_references import ResolvedLaws
from service.retrieval import Retrieval
from tests.service.sample_laws import GUIDE, KOMMUNELOVEN
from vectorstore.models import Chunk, Hit

SETTINGS = AnswerSettings()


def draft_of(chunk: Chunk, text: str, support: float = 1.0) -> Draft:
    start = chunk.text.index(text)
    quote = Quote(chunk, start, start + len(text), 0.9)
    return Draft(statements=(Statement(text, (quote,), support),), support=support)


def retrieval_of(chunk: Chunk, dense: float = 0.9, **fields) -> Retrieval:
    return Retrieval(hits=[Hit(chunk, 1.0)], dense={chunk.id: dense}, **fields)


OWNERS = "Programmet har to eiere: KS og NHO."


def test_nothing_to_quote_abstains():
    assert abstention_reason("Hvem eier LUP?", retrieval_of(GUIDE[0]), Draft(), SETTINGS) == "no_statement"


def test_weak_support_abstains():
    draft = draft_of(GUIDE[0], OWNERS, support=0.1)
    assert abstention_reason("Hva koster LUP?", retrieval_of(GUIDE[0]), draft, SETTINGS) == "low_support"


def test_supported_statement_of_the_asked_kind_is_shown():
    draft = draft_of(GUIDE[0], OWNERS)
    assert abstention_reason("Hvem eier LUP?", retrieval_of(GUIDE[0]), draft, SETTINGS) is None


def test_a_place_the_sources_do_not_mention_abstains():
    draft = draft_of(GUIDE[0], OWNERS)
    question = "Hvem eier LUP i Trøndelag?"
    assert abstention_reason(question, retrieval_of(GUIDE[0]), draft, SETTINGS) == "unknown_name"


def test_a_capitalised_compound_of_words_the_source_uses_is_not_an_unknown_name():
    draft = draft_of(GUIDE[0], OWNERS)
    question = "Hvem eier Leverandørutviklingsprogrammet?"
    assert abstention_reason(question, retrieval_of(GUIDE[0]), draft, SETTINGS) is None
    elsewhere = "Hvem eier Leverandørutviklingsprogrammet i Trøndelagsfylket?"
    assert abstention_reason(elsewhere, retrieval_of(GUIDE[0]), draft, SETTINGS) == "unknown_name"


def test_a_count_question_without_a_count_abstains():
    draft = draft_of(GUIDE[1], "Kommunene kan bruke LUP som sparringspartner.")
    question = "Hvor mange kommuner har brukt LUP?"
    assert abstention_reason(question, retrieval_of(GUIDE[1]), draft, SETTINGS) == "wrong_answer_type"


def test_english_questions_are_judged_by_the_dense_match():
    draft = draft_of(GUIDE[0], OWNERS, support=0.0)
    assert abstention_reason("Who owns LUP?", retrieval_of(GUIDE[0], dense=0.86), draft, SETTINGS) is None
    assert abstention_reason("Who owns LUP?", retrieval_of(GUIDE[0], dense=0.70), draft, SETTINGS) == "weak_match"


def test_a_resolved_section_reference_is_never_abstained():
    draft = draft_of(KOMMUNELOVEN, "Folkevalgte organer behandler saker og treffer vedtak i møter.", support=0.0)
    laws = ResolvedLaws(named=(KOMMUNELOVEN.refid or "",), chunk_ids=(KOMMUNELOVEN.id,))
    question = "Hvor mange møter krever kommuneloven § 11-2?"
    assert abstention_reason(question, retrieval_of(KOMMUNELOVEN, laws=laws), draft, SETTINGS) is None
