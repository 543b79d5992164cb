import pytest

from service.question import (
    expected_answer,
    is_elliptical,
    is_english,
    provides_answer,
    question_terms,
    term_match,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hvor mye handler kommunesektoren for hvert år?", "amount"),
        ("Hva er den nasjonale terskelverdien?", "amount"),
        ("Hvor mange kommuner er med?", "count"),
        ("Hvor mange prosent har innkjøpene økt?", "percent"),
        ("Når startet første kull?", "date"),
        ("Hvor lenge har KS hatt tilbud?", "duration"),
        ("Hvem er prosjektleder for Bærekraftsløftet?", "person"),
        ("Hvem deler ut prisen Årets vertskommune?", "person"),
        ("Hvem var Læring for næring ment for?", None),
        ("Når kan kommunen bruke direkte anskaffelse?", None),
        ("Hva er en innovativ anskaffelse?", None),
    ],
)
def test_expected_answer_kind(question, kind):
    assert expected_answer(question) == kind


def test_count_needs_a_number_that_is_not_a_year():
    assert provides_answer("count", "Kull 1 kom i gang med 12 deltakende kommuner.", "Hvor mange kommuner?")
    assert not provides_answer("count", "Nettverket startet i januar 2023.", "Hvor mange kommuner?")


def test_amount_needs_a_number_with_a_unit():
    assert provides_answer("amount", "Omtrent 200 milliarder kroner i året.", "Hvor mye?")
    assert not provides_answer("amount", "Kull 1 hadde 12 deltakende kommuner.", "Hvor mye koster det?")


def test_free_answers_what_something_costs_but_not_what_a_threshold_is():
    assert expected_answer("Hva er prisen på kurset?") == "amount"
    assert provides_answer("amount", "Kurset er gratis.", "Hva koster kurset?")
    assert not provides_answer("amount", "Kurset er gratis.", "Hva er den nasjonale terskelverdien?")


def test_person_needs_a_name_the_question_does_not_hold():
    question = "Hvem er prosjektleder for Bærekraftsløftet Viken?"
    assert provides_answer("person", "Kommunene følges opp av prosjektleder Linda Dalene Bjerke.", question)
    assert not provides_answer("person", "Dette er utgangspunktet for Bærekraftsløftet Viken.", question)


def test_section_numbers_are_not_answers():
    assert not provides_answer("count", "Se § 5-3 (2).", "Hvor mange?")


def test_question_terms_leave_out_question_words_and_carry_earlier_terms_lighter():
    terms = question_terms("Hvor mange kommuner er med?", carried=["Bærekraftsløftet"], carried_weight=0.5)
    assert terms.weights == {"kommun": 1.0, "baerekraftsloeft": 0.5}
    assert terms.expected == "count"


def test_coverage_is_weighted_and_counts_compounds_half():
    terms = question_terms("terskelverdi varekontrakter")
    assert terms.coverage({"terskelverdi", "varekontrakt"}) == 1.0
    assert terms.coverage({"terskelverdi"}) == 0.5
    assert term_match("varekontrakt", {"kontrakt"}) == 0.5


@pytest.mark.parametrize(
    ("question", "elliptical"),
    [
        ("Og for bygge- og anleggskontrakter?", True),
        ("Hva med tjenestekontrakter?", True),
        ("Bygge- og anleggskontrakter?", True),
        ("Hva er EØS-terskelverdien for varekontrakter?", False),
        ("Hvem eier LUP?", False),
    ],
)
def test_elliptical_follow_ups_are_recognised(question, elliptical):
    assert is_elliptical(question) is elliptical


def test_elliptical_follow_up_asks_for_the_same_kind_of_answer():
    terms = question_terms("Og for bygge- og anleggskontrakter?", carried_question="Hvor mye er terskelverdien?")
    assert terms.expected == "amount"


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("What is the EEA threshold for works contracts?", True),
        ("Who owns LUP?", True),
        ("Can the municipality charge me for copies of public documents?", True),
        ("Hva er The Rutles?", False),
        ("Når ble The Beatles ordentlig kjent i Storbritannia?", False),
        ("Hvilke to land er i samme gruppe som Norge?", False),
        ("Hvordan kan jeg be om innsyn?", False),
    ],
)
def test_a_question_is_english_when_it_has_more_english_than_norwegian_function_words(question, english):
    assert is_english(question) is english
