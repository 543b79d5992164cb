import pytest

from service.retrieval.law_catalogue import LawCatalogue, name_variants
from service.retrieval.law_references import resolve_laws
from tests.sample_laws import ALL_CHUNKS, FOA, FOA_CHUNKS, KOMMUNELOVEN
from vectorstore.models import Chunk


@pytest.fixture(scope="module")
def catalogue() -> LawCatalogue:
    return LawCatalogue.build(ALL_CHUNKS)


def test_names_come_from_title_parenthesis_and_short_title(catalogue):
    assert catalogue.names["anskaffelsesforskriften"] == (FOA,)
    assert catalogue.names["kommuneloven"] == (KOMMUNELOVEN.refid,)
    assert catalogue.abbreviations["foa"] == (FOA,)
    assert catalogue.display_names[FOA] == "anskaffelsesforskriften"


def test_amending_acts_short_title_is_not_a_law_name(catalogue):
    assert not any("endr" in name for name in catalogue.names)


def test_a_regulation_is_not_named_after_the_law_its_title_ends_with():
    transitional = Chunk(
        source="forskrifter/forskrift-2016-08-12-978.md",
        position=0,
        text="§ 1. Overgangsregler",
        title="Forskrift om overgangsregler for lov 17. juni 2016 nr. 73 om offentlige anskaffelser "
        "(anskaffelsesloven)",
        short_title="Forskrift om overgangsregler for anskaffelsesloven",
        refid="forskrift/2016-08-12-978",
    )
    act = Chunk(
        source="lover/lov-2016-06-17-73.md",
        position=0,
        text="§ 1. Formål",
        title="Lov om offentlige anskaffelser (anskaffelsesloven)",
        short_title="Anskaffelsesloven",
        refid="lov/2016-06-17-73",
    )
    catalogue = LawCatalogue.build([transitional, act])
    assert catalogue.names["anskaffelsesloven"] == ("lov/2016-06-17-73",)
    assert resolve_laws("Hva er formålet med anskaffelsesloven?", catalogue).named == ("lov/2016-06-17-73",)


def test_name_variants_cover_other_endings():
    assert {"kommunelov", "kommunelova", "kommuneloven"} <= name_variants("kommuneloven")
    assert "anskaffelsesforskrift" in name_variants("anskaffelsesforskriften")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Hva sier kommuneloven § 11-2?", [KOMMUNELOVEN.id]),
        ("Hva sier kommunelova § 11-2", [KOMMUNELOVEN.id]),
        ("koml. § 11-2 første ledd", [KOMMUNELOVEN.id]),
        ("FOA §5-3", [FOA_CHUNKS[1].id]),
        ("Hva står i § 5-3 i FOA?", [FOA_CHUNKS[1].id]),
        ("anskaffelsesforskriften paragraf 1-1", [FOA_CHUNKS[0].id]),
        ("anskaffelsesforskrifen § 1-1", [FOA_CHUNKS[0].id]),
        ("anskaffelsesforskriften kapittel 8", [FOA_CHUNKS[2].id, FOA_CHUNKS[3].id]),
    ],
)
def test_law_and_section_resolve_to_the_exact_chunks(catalogue, question, expected):
    assert list(resolve_laws(question, catalogue).chunk_ids) == expected


def test_law_named_without_section_is_only_named(catalogue):
    resolved = resolve_laws("Fra hvilket beløp gjelder anskaffelsesforskriften?", catalogue)
    assert resolved.named == (FOA,)
    assert resolved.chunk_ids == ()


def test_an_abbreviation_officers_type_names_its_law_without_a_section(catalogue):
    assert resolve_laws("Hva gjør foa?", catalogue).named == (FOA,)
    assert resolve_laws("Når gjelder FOA for kommunen?", catalogue).named == (FOA,)


def test_a_short_titles_abbreviation_names_its_law_only_in_capitals_with_a_period_or_by_a_section():
    chunk = Chunk(
        source="lover/lov-2005-06-17-90.md",
        position=0,
        text="§ 1-1. Formål",
        title="Lov om mekling og rettergang i sivile tvister (tvisteloven)",
        short_title="Tvisteloven – tvl",
        refid="lov/2005-06-17-90",
        paragraph="1-1",
    )
    catalogue = LawCatalogue.build([chunk])
    assert resolve_laws("Hva sier tvl om mekling?", catalogue).named == ()
    for question in ("Hva sier TVL om mekling?", "Hva sier tvl. om mekling?", "Hva sier tvl § 1-1?"):
        assert resolve_laws(question, catalogue).named == ("lov/2005-06-17-90",), question


def test_section_without_law_borrows_the_previous_questions_law(catalogue):
    resolved = resolve_laws("Og hva med § 8-2?", catalogue, earlier=["Hva sier FOA § 5-3?"])
    assert resolved.chunk_ids == (FOA_CHUNKS[3].id,)


def test_section_only_one_law_has_resolves_without_a_name(catalogue):
    assert resolve_laws("Hva sier § 11-2?", catalogue).chunk_ids == (KOMMUNELOVEN.id,)


def test_unknown_section_resolves_to_nothing(catalogue):
    assert resolve_laws("kommuneloven § 99-9", catalogue).chunk_ids == ()
