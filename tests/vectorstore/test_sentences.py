from vectorstore.sentences import split_sentences

SECTION = """§ 5-3. EØS-terskelverdier

(1) EØS-terskelverdiene er

- 1,63 millioner kroner ekskl. mva. for statlige myndigheters vare- og tjenestekontrakter
- 62,9 millioner kroner ekskl. mva. for bygge- og anleggskontrakter.

(2) EØS-terskelverdiene er 8,7 millioner kroner ekskl. mva. for kontrakter om særlige tjenester.

*Endres ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).*"""


def texts(text: str, kind: str | None = None) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text) if kind is None or s.kind == kind]


def test_spans_are_exact_slices_of_the_text():
    for sentence in split_sentences(SECTION):
        piece = SECTION[sentence.start : sentence.end]
        assert piece == piece.strip() and piece


def test_law_section_splits_into_heading_lead_items_paragraph_and_note():
    kinds = [(s.kind, SECTION[s.start : s.end][:12]) for s in split_sentences(SECTION)]
    assert kinds == [
        ("heading", "§ 5-3. EØS-t"),
        ("lead", "EØS-terskelv"),
        ("item", "1,63 million"),
        ("item", "62,9 million"),
        ("text", "EØS-terskelv"),
        ("note", "*Endres ved "),
    ]


def test_list_items_point_to_their_lead_in():
    sentences = split_sentences(SECTION)
    items = [s for s in sentences if s.kind == "item"]
    assert all(sentences[item.lead].kind == "lead" for item in items if item.lead is not None)
    assert items[0].lead == 1


def test_paragraph_markers_and_bullets_are_left_out():
    assert "(2)" not in " ".join(texts(SECTION))
    assert texts(SECTION, "item")[1].startswith("62,9")


def test_abbreviations_do_not_end_sentences():
    text = "Se bl.a. forskrift 14. april 2026 nr. 617 om dette. Beløpet er 100 000 kroner ekskl. mva. for varer. Slutt."
    assert texts(text) == [
        "Se bl.a. forskrift 14. april 2026 nr. 617 om dette.",
        "Beløpet er 100 000 kroner ekskl. mva. for varer.",
        "Slutt.",
    ]


def test_sentence_ending_abbreviation_before_capital_ends_sentence():
    assert texts("Prisen er 5 kroner ekskl. mva. Det gjelder alle.") == [
        "Prisen er 5 kroner ekskl. mva.",
        "Det gjelder alle.",
    ]


def test_section_reference_at_sentence_end_is_a_boundary():
    assert texts("Dette følger av § 5-3. Oppdragsgiver skal kunngjøre.") == [
        "Dette følger av § 5-3.",
        "Oppdragsgiver skal kunngjøre.",
    ]


def test_initials_do_not_end_sentences():
    assert texts("Prosjektleder er Linda D. Bjerke. Hun svarer.") == [
        "Prosjektleder er Linda D. Bjerke.",
        "Hun svarer.",
    ]


def test_wrapped_pdf_lines_are_joined_and_short_title_lines_become_headings():
    text = (
        "Roller i kommunen\nInnkjøperen kan regelverket og\nprosessen. Ledelsen avgjør.\n•\nFølg opp kontraktene.\n"
        "Neste del"
    )
    sentences = split_sentences(text)
    assert [(s.kind, text[s.start : s.end]) for s in sentences] == [
        ("heading", "Roller i kommunen"),
        ("text", "Innkjøperen kan regelverket og\nprosessen."),
        ("text", "Ledelsen avgjør."),
        ("item", "Følg opp kontraktene."),
        ("heading", "Neste del"),
    ]


def test_markdown_headings_are_headings():
    assert texts("## Hva LUP er\n\nLUP er et program. Det eies av KS og NHO.", "heading") == ["## Hva LUP er"]


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []


def test_a_list_item_with_more_sentences_is_split_after_its_first():
    text = "Velg en av disse:\n- en blandet kontrakt etter reglene. Dersom ytelsen er stor, gjelder mer.\n- noe annet"
    assert [(s.kind, text[s.start : s.end]) for s in split_sentences(text)] == [
        ("lead", "Velg en av disse:"),
        ("item", "en blandet kontrakt etter reglene."),
        ("text", "Dersom ytelsen er stor, gjelder mer."),
        ("item", "noe annet"),
    ]


def test_a_title_line_over_a_list_is_a_heading_and_a_line_ending_in_a_verb_a_lead_in():
    text = "Tilbudene i korte trekk\n\n- Kunnskapsgrunnlaget. Rapporten samler erfaringer.\n- Læring for næring."
    assert [(s.kind, s.lead) for s in split_sentences(text)][:2] == [("heading", None), ("item", None)]
    lead_in = "Forskriften gjelder for\n\n- statlige myndigheter\n- kommuner"
    assert [s.kind for s in split_sentences(lead_in)] == ["lead", "item", "item"]
