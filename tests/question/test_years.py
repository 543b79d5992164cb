"""Which years a question names and which a passage covers."""

from service.question.years import asked_years, covered_years


def test_a_question_names_its_years_and_the_ends_of_a_range():
    assert asked_years("Hvem vant kåringen i 2023?", 2026) == {2023}
    assert asked_years("Hva var prioriteringene for 2020-2023?", 2026) == {2020, 2023}
    assert asked_years("Hva sier § 5-3 om kontrakter over 1,63 millioner?", 2026) == set()


def test_last_year_and_the_year_before_are_years_too():
    assert asked_years("Hvem vant kåringen i fjor?", 2026) == {2025}
    assert asked_years("Hvem vant I forfjor?", 2026) == {2024}
    assert asked_years("Hva skjer med fjorden?", 2026) == set()


def test_an_amount_is_not_a_year():
    assert asked_years("Gjelder det kjøp over 2000 kroner eller 1999 kr?", 2026) == set()


def test_a_passage_covers_the_years_of_a_range():
    assert {2024, 2025, 2026, 2027} <= covered_years("i landstingsperioden 2024-2027", 2026)
    assert covered_years("fra 2020 til 2022", 2026) == {2020, 2021, 2022}


def test_a_passage_covers_every_year_since_the_one_it_names_up_to_this_year():
    assert covered_years("KS har fra og med 2020 bygget opp flere tilbud.", 2026) == set(range(2020, 2027))
    assert covered_years("Helt siden 2020 har KS utviklet tilbud.", 2026) == set(range(2020, 2027))
    assert 2027 not in covered_years("Helt siden 2020 har KS utviklet tilbud.", 2026)


def test_a_date_covers_its_year_only():
    assert covered_years("Kull 1 kom i gang i januar 2023.", 2026) == {2023}
