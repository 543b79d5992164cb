"""The amendment-note parser, on note strings as they occur in ../shared/data/lovdata."""

import pytest

from ingest.amendments import find_amendment_notes, parse_amendment_note
from vectorstore.models import AmendmentNote


@pytest.mark.parametrize(
    ("line", "kind", "effective", "amending_ref"),
    [
        (
            "*Endres ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).*",
            "endres",
            "2026-07-01",
            "forskrift/2026-04-14-617",
        ),
        (
            "*Endres ved forskrift 4 feb 2026 nr. 140 (i kraft 1 jan 2027).*",
            "endres",
            "2027-01-01",
            "forskrift/2026-02-04-140",
        ),
        (
            "*Endres ved forskrift 18 des 2025 nr. 2985 (i kraft 1 aug 2026, og gjelder for utdanninger som "
            "starter opp etter 1 aug 2027).*",
            "endres",
            "2026-08-01",
            "forskrift/2025-12-18-2985",
        ),
        (
            "*Endres ved lov 23 jan 2026 nr. 1 (i kraft 1 juli 2026 iflg. res. 13 mars 2026 nr. 402 ).*",
            "endres",
            "2026-07-01",
            "lov/2026-01-23-1",
        ),
        ("*Endres ved lov 5 mars 2021 nr. 7 (ikr. fra den tid Kongen bestemmer).*", "endres", None, "lov/2021-03-05-7"),
        (
            "*Endres ved lov 20 juni 2025 nr. 71 (i kraft fra den tid Kongen bestemmer).|*",
            "endres",
            None,
            "lov/2025-06-20-71",
        ),
        (
            "*Endres ved forskrift 18 des 2025 nr. 2918 (i kraft 1 sep 2026).*",
            "endres",
            "2026-09-01",
            "forskrift/2025-12-18-2918",
        ),
        (
            "*Oppheves ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).*",
            "oppheves",
            "2026-07-01",
            "forskrift/2026-04-14-617",
        ),
        (
            "*Oppheves ved lov 22 des 2025 nr. 128 (i kraft 1 juli 2026 iflg. res. 22 des 2025 nr. 2838 ).*",
            "oppheves",
            "2026-07-01",
            "lov/2025-12-22-128",
        ),
        (
            "*Oppheves ved forskrift 23 mars 2026 nr. 454 (i kraft 1 jan 2030, se § 25 andre ledd).*",
            "oppheves",
            "2030-01-01",
            "forskrift/2026-03-23-454",
        ),
        (
            "*Endret ved forskrifter 4 april 2018 nr. 533 (i kraft 6 april 2018), 12 feb 2020 nr. 128 , "
            "18 mars 2022 nr. 442 , 31 mars 2022 nr. 498 , 14 mars 2024 nr. 449 , 21 april 2026 nr. 623 .*",
            "endret",
            "2018-04-06",
            "forskrift/2018-04-04-533",
        ),
        (
            "*Endret ved forskrift 20 april 2017 nr. 484 (i kraft 1 mai 2017).*",
            "endret",
            "2017-05-01",
            "forskrift/2017-04-20-484",
        ),
        ("*Tilføyd ved lov 19 juni 2009 nr. 74 .*", "endret", None, "lov/2009-06-19-74"),
        ("*Endra med lov 19 juni 2015 nr. 65 (ikr. 1 okt 2015).*", "endret", "2015-10-01", "lov/2015-06-19-65"),
        ("*Opphevet ved lov 20 juni 2025 nr. 96 (i kraft 1 jan 2026).*", "opphevet", "2026-01-01", "lov/2025-06-20-96"),
        ("*Endret ved grunnlovsvedtak 6 mai 2014 (kunngjort ved res. 27 mai 2014 nr. 715).*", "endret", None, None),
    ],
)
def test_amendment_note_gives_kind_date_and_amending_act(line, kind, effective, amending_ref):
    note = parse_amendment_note(line)
    assert note == AmendmentNote(
        kind=kind, text=line.strip("*|").strip(), effective=effective, amending_ref=amending_ref
    )


@pytest.mark.parametrize(
    "line",
    ["(1) Forskriften gjelder for følgende oppdragsgivere:", "*Loven gjelder bare for Svalbard.*", "*► M1*", ""],
)
def test_lines_that_are_not_amendment_notes_are_ignored(line):
    assert parse_amendment_note(line) is None


def test_every_note_of_a_section_is_found_in_order():
    text = (
        "Forskriften gjelder når ...\n\n"
        "*Endret ved forskrift 20 april 2017 nr. 484 (i kraft 1 mai 2017).*\n\n"
        "*Endres ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).*"
    )
    assert [note.kind for note in find_amendment_notes(text)] == ["endret", "endres"]


@pytest.mark.shared
def test_every_forthcoming_change_in_lovdata_names_its_act(lovdata_dir):
    lines = {
        line
        for path in lovdata_dir.rglob("*.md")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(("*Endres ved", "*Oppheves ved"))
    }
    notes = {line: parse_amendment_note(line) for line in lines}
    assert len(notes) > 50
    assert all(note is not None for note in notes.values())
    naming_an_act = [note for line, note in notes.items() if " ved lov " in line or " ved forskrift" in line]
    assert all(note.amending_ref for note in naming_an_act)
    assert sum(note.effective is not None for note in naming_an_act) > len(naming_an_act) / 2


def test_each_clause_of_a_combined_note_is_a_note_of_its_own():
    line = (
        "*Tilføyd ved forskrift 20 april 2017 nr. 484 (i kraft 1 mai 2017), endret ved forskrift 1 aug 2023 nr. 1305 "
        "(i kraft 1 jan 2024). Oppheves ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).*"
    )
    notes = find_amendment_notes(line)
    assert [(note.kind, note.effective, note.amending_ref) for note in notes] == [
        ("endret", "2017-05-01", "forskrift/2017-04-20-484"),
        ("oppheves", "2026-07-01", "forskrift/2026-04-14-617"),
    ]
    assert notes[1].text == "Oppheves ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026)."


def test_nynorsk_vert_announces_a_coming_change():
    line = (
        "*Endra med lover 20 des 2022 nr. 115 , 28 mars 2025 nr. 5 (i kraft 1 april 2025). "
        "Vert endra ved lov 29 mai 2026 nr. 20 (i kraft 1 juli 2026 iflg. res. 29 mai 2026 nr. 920 ).*"
    )
    assert [(note.kind, note.effective, note.amending_ref) for note in find_amendment_notes(line)] == [
        ("endret", "2025-04-01", "lov/2022-12-20-115"),
        ("endres", "2026-07-01", "lov/2026-05-29-20"),
    ]


def test_a_note_with_a_sentence_inside_a_parenthesis_is_not_split():
    line = "*Endret ved forskrift 20 april 2017 nr. 484 (i kraft 1 mai 2017).*"
    assert len(find_amendment_notes(line)) == 1
