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
