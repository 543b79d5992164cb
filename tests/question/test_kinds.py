import pytest

from service.question.kinds import expected_answer, provides_answer


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
        ("Kan vi velge leverandør bare på laveste pris?", None),
        ("Kan kommunen kreve gebyr for innsyn?", None),
        ("Hva er budsjettet for Bærekraftsløftet?", "amount"),
        ("Hvor høyt kan gebyret for en ulovlig direkte anskaffelse bli?", "number"),
        ("Hvor lang er karensperioden?", "duration"),
        ("Hva er telefonnummeret til KS Viken?", "contact"),
        ("Hva er klagefristen til KOFA?", "deadline"),
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


def test_a_number_is_any_figure_but_a_year_and_contact_details_need_a_number_or_an_address():
    assert provides_answer("number", "Gebyret kan ikke overstige 15 prosent av kontraktens verdi.", "Hvor høyt?")
    assert not provides_answer("number", "Gebyret fastsettes av klagenemnda i 2026.", "Hvor høyt?")
    assert provides_answer("contact", "Ring oss på 22 33 44 55.", "Hva er telefonnummeret?")
    assert provides_answer("contact", "Skriv til post@ks.no.", "Hva er e-postadressen?")
    assert not provides_answer("contact", "Ta gjerne kontakt med KS Viken.", "Hva er telefonnummeret?")
