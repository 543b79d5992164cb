from service.answer.excerpts import excerpt
from vectorstore.sentences import split_sentences

TOPICS = (
    "Temaer\n\nSamlingene tok opp flere temaer. Blant dem var:\n\n- innkjøp og anskaffelser\n\n"
    "- bærekraftig arealbruk\n\nNeste avsnitt her."
)
BACKGROUND = (
    "Bakgrunn\n\nMange utfordringer er for store til at én kommune kan løse dem på egen hånd. "
    "Det er utgangspunktet for Bærekraftsløftet Viken."
)
THRESHOLDS = (
    "§ 5-3. EØS-terskelverdier\n\n(1) EØS-terskelverdiene er\n\n- 1,63 millioner kroner\n- 62,9 millioner kroner."
)


def excerpt_of(text: str, sentence: str):
    sentences = split_sentences(text)
    index = next(i for i, s in enumerate(sentences) if text[s.start : s.end] == sentence)
    return excerpt(text, sentences, index)


def test_a_sentence_introducing_a_list_brings_the_list():
    shown = excerpt_of(TOPICS, "Samlingene tok opp flere temaer.")
    assert shown.shown == (
        "Samlingene tok opp flere temaer. Blant dem var: innkjøp og anskaffelser; bærekraftig arealbruk"
    )
    assert TOPICS[shown.start : shown.end].endswith("- bærekraftig arealbruk")


def test_a_sentence_leaning_on_the_one_before_brings_it():
    shown = excerpt_of(BACKGROUND, "Det er utgangspunktet for Bærekraftsløftet Viken.")
    assert shown.shown.startswith("Mange utfordringer er for store")
    assert BACKGROUND[shown.start : shown.end].endswith("Bærekraftsløftet Viken.")


def test_a_list_item_is_shown_after_its_lead_in_but_quoted_alone():
    shown = excerpt_of(THRESHOLDS, "62,9 millioner kroner.")
    assert shown.shown == "EØS-terskelverdiene er … 62,9 millioner kroner."
    assert THRESHOLDS[shown.start : shown.end] == "62,9 millioner kroner."


def test_a_plain_sentence_is_itself():
    shown = excerpt_of(BACKGROUND, "Mange utfordringer er for store til at én kommune kan løse dem på egen hånd.")
    assert shown.first == shown.last and shown.shown == BACKGROUND[shown.start : shown.end]


OFFERS = (
    "KS sine tilbud\n\nHelt siden 2020 har KS utviklet flere tilbud. I vår region er dette blant annet "
    "kunnskapsgrunnlaget og Læring for næring."
)
NOMINEES = "Kommunene fra vår region\n\nFlere av dem har plassert seg helt i toppen av kåringen."
LIST = (
    "Tilbudene i korte trekk\n\n- Kunnskapsgrunnlaget. Rapporten samler erfaringer.\n"
    "- Læring for næring. Et utviklingsnettverk for kommuner, bygget på anbefalingene i rapporten."
)
PURPOSE = (
    "Hvorfor kåringen finnes\n\nFormålet er todelt. Kommuner som gjør en god jobb, skal få anerkjennelse. "
    "Samtidig skal eksemplene deres gi andre kommuner inspirasjon.\n\nEn kåring gjør godt arbeid synlig."
)


def test_a_reference_after_the_first_words_brings_the_sentence_it_refers_to_and_marks_it_as_context():
    shown = excerpt_of(OFFERS, "I vår region er dette blant annet kunnskapsgrunnlaget og Læring for næring.")
    assert shown.shown.startswith("Helt siden 2020 har KS utviklet flere tilbud. I vår region")
    assert shown.context == "Helt siden 2020 har KS utviklet flere tilbud." and not shown.dangling


def test_a_sentence_leaning_on_a_heading_only_is_dangling():
    assert excerpt_of(NOMINEES, "Flere av dem har plassert seg helt i toppen av kåringen.").dangling


def test_the_description_after_a_list_label_brings_the_label():
    sentence = "Et utviklingsnettverk for kommuner, bygget på anbefalingene i rapporten."
    shown = excerpt_of(LIST, sentence)
    assert shown.shown == f"Læring for næring. {sentence}"
    assert shown.context == "" and LIST[shown.start : shown.end] == shown.shown


def test_a_sentence_announcing_two_parts_brings_both():
    shown = excerpt_of(PURPOSE, "Formålet er todelt.")
    assert shown.shown.endswith("gi andre kommuner inspirasjon.")
    assert "En kåring" not in shown.shown
