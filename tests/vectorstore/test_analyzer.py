from vectorstore.analyzer import analyze, tokenize


def test_analyzer_stems_inflected_forms_to_the_same_term():
    assert analyze("kommunen") == analyze("kommuner")
    assert analyze("terskelverdiene") == analyze("terskelverdi")


def test_analyzer_drops_norwegian_stop_words():
    assert analyze("hva er det som og i på") == []


def test_analyzer_drops_every_form_of_the_question_word_hvilken():
    assert analyze("Hvilken kommune, hvilket fylke, hvilke land?") == analyze("kommune fylke land")


def test_analyzer_keeps_section_numbers_whole():
    assert "5-3" in analyze("Hva sier § 5-3?")
    assert "8-12a" in analyze("§ 8-12a oppheves")


def test_tokenizer_folds_old_aa_spelling_to_a_ring():
    assert tokenize("Kvaale") == tokenize("Kvåle")


def test_analyzer_matches_words_typed_without_norwegian_letters():
    assert analyze("Næringsutvikling i Bærekraftsløftet") == analyze("naeringsutvikling i baerekraftsloeftet")
    assert analyze("Årets vertskommune") == analyze("aarets vertskommune")


def test_analyzer_drops_stop_words_in_either_spelling():
    assert analyze("både på være") == []
