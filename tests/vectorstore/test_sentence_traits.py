import pytest

from vectorstore.sentence_traits import sentence_traits


@pytest.mark.parametrize(
    "sentence",
    [
        "Det er utgangspunktet for Bærekraftsløftet Viken.",
        "Dette gjelder likevel ikke ved tildeling av kontrakter.",
        "I vår region er dette blant annet kunnskapsgrunnlaget om gode vertskommuner.",
        "Flere av dem har plassert seg helt i toppen av kåringen.",
        "Den tar for seg hvilke kjennetegn gode vertskommuner har.",
        "Det samme gjelder vedtak om avvisning av klage.",
        "Derfor bør næringsutvikling være en sak for kommunestyret.",
        "Rapporten egner seg derfor best som et verktøy for endring.",
        "Da får leverandørene rom til å foreslå nye produkter.",
        "Samtidig skal eksemplene deres gi andre kommuner inspirasjon.",
        "I tillegg samler den en lang rekke anbefalinger.",
        "Like viktig var det å skape møteplasser der deltakerne kunne dele erfaringer.",
    ],
)
def test_a_sentence_opening_with_a_reference_to_what_came_before_leans_back(sentence):
    assert sentence_traits(sentence).leans_back


@pytest.mark.parametrize(
    "sentence",
    [
        "Kull 1 kom i gang i januar 2023, med 12 deltakende kommuner.",
        "Det er viktig at kommunen deltar tidlig.",
        "Det finnes et gratis kurs på KS Læring.",
        "Det skal også utarbeides en egen årsberetning.",
        "Det kan ikke gis oppfriskning for fristoverskridelse.",
        "Den nasjonale terskelverdien er 1,3 millioner kroner.",
        "De offentlige innkjøpene har økt kraftig.",
        "Bestemmelsene i denne forskriften gjelder for alle oppdragsgivere.",
        "Dette notatet gir en samlet omtale av hvert tilbud.",
        "Den som lurer på noe, kan kontakte KS.",
        "Da kull 1 startet, var 12 kommuner med.",
    ],
)
def test_a_sentence_that_stands_on_its_own_does_not_lean_back(sentence):
    assert not sentence_traits(sentence).leans_back


def test_a_label_and_a_title_without_a_verb_are_fragments_and_a_short_statement_is_not():
    assert sentence_traits("Læring for næring.").fragment
    assert sentence_traits("Lærdommer fra gode vertskommuner for næringsutvikling – sammendrag").fragment
    assert not sentence_traits("Kurset er gratis.").fragment
    assert not sentence_traits("Et nettverk der kommuner og næringsliv løser utfordringer sammen.").fragment


def test_a_question_in_the_text_is_marked():
    assert sentence_traits("Har du spørsmål om tilbudene?").question
    assert not sentence_traits("Ta kontakt med KS Viken.").question


def test_a_short_sentence_announcing_parts_says_how_many():
    assert sentence_traits("Formålet er todelt.").announces == 2
    assert sentence_traits("Det er tre grunner til det.").announces == 3
    assert sentence_traits("Politisk eierskap betyr noe av flere grunner.").announces == 2
    assert sentence_traits("Kommunen har to eiere av programmet og mange partnere i regionen.").announces == 0
