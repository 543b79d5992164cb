from datetime import date

from service.question.analysis import analyse, carried_words
from service.question.settings import QuestionSettings
from service.question.terms import term_match


def test_weighted_terms_leave_out_question_words_and_carry_an_elliptical_follow_ups_terms_lighter():
    question = analyse(
        "Og hvor mange kommuner?", ["Hva er Bærekraftsløftet?"], settings=QuestionSettings(history_weight=0.5)
    )
    assert question.elliptical
    terms = question.weighted_terms()
    assert terms.weights == {"kommun": 1.0, "baerekraftsloeft": 0.5}
    assert terms.expected == "count"


def test_a_full_new_question_is_weighed_on_its_own_words():
    question = analyse("Hvor mange kommuner er med?", ["Hva er Bærekraftsløftet?"])
    assert not question.elliptical
    assert question.context_terms == ("bærekraftsløftet",)
    assert question.weighted_terms().weights == {"kommun": 1.0}
    assert question.topic_terms == {"kommun", "baerekraftsloeft"}


def test_weighted_terms_ignore_the_words_that_name_a_law():
    question = analyse("Hva sier anskaffelsesforskriften om kunngjøring?")
    assert set(question.weighted_terms(ignore=["anskaffelsesforskriften"]).weights) == {"kunngjoering"}


def test_coverage_is_weighted_and_counts_compounds_half():
    terms = analyse("terskelverdi varekontrakter").weighted_terms()
    assert terms.coverage({"terskelverdi", "varekontrakt"}) == 1.0
    assert terms.coverage({"terskelverdi"}) == 0.5
    assert term_match("varekontrakt", {"kontrakt"}) == 0.5


def test_elliptical_follow_up_asks_for_the_same_kind_of_answer():
    question = analyse("Og for bygge- og anleggskontrakter?", ["Hvor mye er terskelverdien?"])
    assert question.expected is None
    assert question.expected_in_context == "amount"
    assert question.weighted_terms().expected == "amount"


def test_carried_words_skip_stop_words_and_words_already_asked():
    present = set(analyse("Og for varekontrakter?").stems)
    assert carried_words(["Hva er EØS-terskelverdiene for varekontrakter?"], present) == ("eøs", "terskelverdiene")


def test_a_follow_up_carries_the_words_of_the_last_two_questions_only():
    question = analyse("Og for bygg?", ["Hva med varer?", "Hva er terskelverdien?", "Hvem eier LUP?"])
    assert question.context_terms == ("varer", "terskelverdien")


def test_years_and_names_are_read_with_the_date_the_question_is_asked():
    question = analyse("Hvem vant prisen i Trøndelag i fjor?", today=date(2026, 12, 1))
    assert question.years == {2025}
    assert question.names == ("trøndelag",)
    assert question.english is False


def test_a_member_of_a_numbered_series_is_a_name_the_answer_must_hold():
    assert analyse("Hva er søknadsfristen for kull 3 av Bærekraftsløftet Viken?").names == (
        "bærekraftsløftet",
        "viken",
        "kull 3",
    )


def test_a_question_naming_its_topic_by_a_pronoun_follows_the_one_before():
    question = analyse("Hva er formålet med den?", ["Hva er Læring for næring?"])
    assert question.elliptical and question.follows == "Hva er Læring for næring?"
    assert {"laering", "naering"} <= set(question.weighted_terms().weights)
    assert not analyse("Hva er den nasjonale terskelverdien?", ["Hva er LUP?"]).elliptical


def test_how_high_and_how_long_are_what_is_asked_not_what_it_is_about():
    assert "hoeyt" not in analyse("Hvor høyt kan gebyret bli?").key_terms
    assert analyse("Hvor lang er karensperioden?").key_terms == ("karensperiod",)
