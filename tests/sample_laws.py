"""Hand-made law and document chunks for fast engine tests (HashingEmbedder, no model)."""

from __future__ import annotations

from vectorstore.models import AmendmentNote, Chunk
from vectorstore.store import KnowledgeStore

FOA = "forskrift/2016-08-12-974"
FOA_TITLE = "Forskrift om offentlige anskaffelser (anskaffelsesforskriften)"
FOA_SOURCE = "forskrifter/forskrift-2016-08-12-974.md"
AMENDING = "forskrift/2026-04-14-617"
NOTE = AmendmentNote(
    kind="endres",
    text="Endres ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).",
    effective="2026-07-01",
    amending_ref=AMENDING,
)


def law_chunk(position: int, paragraph: str, heading: str, body: str, **fields) -> Chunk:
    values = {
        "source": FOA_SOURCE,
        "title": FOA_TITLE,
        "short_title": "Anskaffelsesforskriften – FOA",
        "refid": FOA,
        "doc_type": "forskrift",
        "in_force_from": "2017-01-01",
        "section": f"Kapittel {paragraph.split('-')[0]} > § {paragraph}. {heading}",
        "paragraph": paragraph,
        "chapter": paragraph.split("-")[0],
    } | fields
    return Chunk(position=position, text=f"§ {paragraph}. {heading}\n\n{body}", **values)


FOA_CHUNKS = (
    law_chunk(
        0,
        "1-1",
        "Hvilke anskaffelser som er omfattet av forskriften",
        "Forskriften gjelder når oppdragsgivere inngår kontrakter med en anslått verdi som er lik eller "
        "overstiger 100 000 kroner ekskl. mva.\n\n*Endres ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).*",
        amendments=(NOTE,),
    ),
    law_chunk(
        1,
        "5-3",
        "EØS-terskelverdier",
        "(1) EØS-terskelverdiene er\n\n"
        "- 1,63 millioner kroner ekskl. mva. for statlige myndigheters vare- og tjenestekontrakter\n"
        "- 2,5 millioner kroner ekskl. mva. for andre oppdragsgiveres vare- og tjenestekontrakter\n"
        "- 62,9 millioner kroner ekskl. mva. for bygge- og anleggskontrakter.\n\n"
        "(2) EØS-terskelverdiene er 8,7 millioner kroner ekskl. mva. for kontrakter om særlige tjenester.",
    ),
    law_chunk(
        2,
        "8-1",
        "Anvendelse av del II",
        "Del II gjelder for kontrakter under EØS-terskelverdiene. "
        "Oppdragsgiveren skal kunngjøre konkurransen i Doffin.",
    ),
    law_chunk(
        3,
        "8-2",
        "Kunngjøring",
        "Oppdragsgiveren skal kunngjøre anskaffelser i Doffin. Kunngjøringen skal gi leverandørene tid til å svare.",
    ),
)

AMENDING_CHUNKS = (
    Chunk(
        source="forskrifter/forskrift-2026-04-14-617.md",
        position=0,
        text="I\n\nI forskrift 12. august 2016 nr. 974 om offentlige anskaffelser (anskaffelsesforskriften) gjøres "
        "følgende endringer:\n\n§ 1-1 skal lyde:\n\nForskriften gjelder når oppdragsgivere inngår kontrakter med en "
        "anslått verdi som er lik eller overstiger 500 000 kroner eksklusive merverdiavgift.\n\n§ 7-2 oppheves.",
        title="Forskrift om endring i forskrifter til anskaffelsesloven",
        section="I",
        doc_type="forskrift",
        short_title="Endr. i anskaffelsesforskriften mfl.",
        refid=AMENDING,
        in_force_from="2026-07-01",
    ),
    Chunk(
        source="forskrifter/forskrift-2026-04-14-617.md",
        position=1,
        text="II\n\nI forskrift 12. august 2016 nr. 975 om innkjøpsregler i forsyningssektorene gjøres følgende "
        "endringer:\n\n§ 1-1 skal lyde:\n\nForskriften gjelder for forsyningsaktiviteter over 500 000 kroner.",
        title="Forskrift om endring i forskrifter til anskaffelsesloven",
        section="II",
        doc_type="forskrift",
        refid=AMENDING,
        in_force_from="2026-07-01",
    ),
)

KOMMUNELOVEN = Chunk(
    source="lover/lov-2018-06-22-83.md",
    position=0,
    text="§ 11-2. Møteprinsippet\n\n(1) Folkevalgte organer behandler saker og treffer vedtak i møter. "
    "(2) Møtet kan holdes som fjernmøte.",
    title="Lov om kommuner og fylkeskommuner (kommuneloven)",
    short_title="Kommuneloven",
    refid="lov/2018-06-22-83",
    section="Kapittel 11 > § 11-2. Møteprinsippet",
    paragraph="11-2",
    chapter="11",
    doc_type="lov",
    in_force_from="2019-10-10",
)

GUIDE = (
    Chunk(
        source="lup.md",
        position=0,
        text="Hva LUP er\n\nLUP er forkortelsen for Nasjonalt program for leverandørutvikling. "
        "Programmet har to eiere: KS og NHO.",
        title="LUP – Nasjonalt program for leverandørutvikling",
        section="Hva LUP er",
        doc_type="notat",
    ),
    Chunk(
        source="veileder.md",
        position=0,
        text="Hjelp\n\nProgrammet har to eiere: KS og NHO. Kommunene kan bruke LUP som sparringspartner.",
        title="Veileder om strategiske anskaffelser",
        section="Hjelp",
        doc_type="veileder",
    ),
)

ALL_CHUNKS = (*FOA_CHUNKS, *AMENDING_CHUNKS, KOMMUNELOVEN, *GUIDE)


def fill(store: KnowledgeStore, chunks=ALL_CHUNKS) -> KnowledgeStore:
    for source in sorted({chunk.source for chunk in chunks}):
        store.replace_source(source, [chunk for chunk in chunks if chunk.source == source])
    store.commit()
    return store
