import pytest

from service.question.language import is_elliptical, is_english, refers_back


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


@pytest.mark.parametrize(
    ("question", "refers"),
    [
        ("Hva er formålet med den?", True),
        ("Hvem eier dette programmet?", True),
        ("Hva koster det?", True),
        ("Når startet den?", True),
        ("Hva er den nasjonale terskelverdien?", False),
        ("Finnes det et gratis kurs?", False),
        ("Hva koster det å delta?", False),
        ("Hva er Læring for næring?", False),
    ],
)
def test_a_pronoun_without_its_noun_refers_to_the_earlier_question(question, refers):
    assert refers_back(question) is refers
