from service.answer.amendments import amending_texts, ledd_of
from vectorstore.models import Chunk

LOA = "lov/2016-06-17-73"
INLINE_ACT = Chunk(
    source="lover/lov-2026-03-06-8.md",
    position=0,
    title="Lov om endringer i anskaffelsesloven",
    refid="lov/2026-03-06-8",
    text="I\n\nI lov 17. juni 2016 nr. 73 om offentlige anskaffelser gjøres følgende endringer: § 1 skal lyde: "
    "§ 1 . Formål Formålet med loven er å fremme bærekraftig bruk av samfunnets ressurser. § 2 første ledd skal "
    "lyde: Loven gjelder når verdien er lik eller overstiger 500 000 kroner eksklusive merverdiavgift. § 2 tredje "
    "ledd andre punktum skal lyde: Bestemmelsene gjelder ikke for forsvarsanskaffelser. § 4 oppheves.",
)
SECTION = (
    "§ 2. Virkeområde\n\nLoven gjelder når verdien er lik eller overstiger 100 000 kroner.\n\n"
    "Loven gjelder for følgende oppdragsgivere:\n\n- statlige myndigheter,\n- kommunale myndigheter.\n\n"
    "Loven gjelder ikke for unntatte anskaffelser. Bestemmelsene gjelder ikke for forsvaret.\n\n"
    "*Endres ved lov 6 mars 2026 nr. 8 (i kraft 1 juli 2026).*"
)


def test_every_change_of_a_section_is_found_with_the_part_it_replaces():
    changes = list(amending_texts([INLINE_ACT], LOA, "2"))
    text = INLINE_ACT.text
    assert [(change.ledd, change.whole) for change in changes] == [(1, True), (None, False)]
    first = changes[0]
    assert text[first.start : first.body] == "§ 2 første ledd skal lyde: "
    assert (
        text[first.body : first.end]
        == "Loven gjelder når verdien er lik eller overstiger 500 000 kroner eksklusive merverdiavgift."
    )
    assert first.replaces(1) and not first.replaces(3) and not changes[1].replaces(3)


def test_a_repeal_and_a_whole_section_are_told_apart():
    (repeal,) = amending_texts([INLINE_ACT], LOA, "4")
    assert repeal.repeal and INLINE_ACT.text[repeal.start : repeal.end] == "§ 4 oppheves."
    (whole,) = amending_texts([INLINE_ACT], LOA, "1")
    assert whole.ledd is None and whole.replaces(2) and not whole.repeal


def test_the_ledd_of_a_quote_counts_paragraphs_but_not_list_items_and_reads_paragraph_markers():
    assert ledd_of(SECTION, SECTION.index("Loven gjelder når")) == 1
    assert ledd_of(SECTION, SECTION.index("statlige myndigheter")) == 2
    assert ledd_of(SECTION, SECTION.index("Bestemmelsene gjelder")) == 3
    marked = "§ 5-3. EØS-terskelverdier\n\n(1) Verdiene er 1,63 millioner.\n\n(2) Verdien er 8,7 millioner."
    assert ledd_of(marked, marked.index("Verdien er 8,7")) == 2
