"""Regulations written for one sector, and the words that say a question is about that sector.

Forsyningsforskriften (utilities) and the defence and concession regulations repeat anskaffelsesforskriften's
rules for their own sectors, often in the same words, so a municipality's question ("Hva er EØS-terskelverdiene
for varekontrakter?") finds their figures as readily as the general regulation's. A question that names neither
such a regulation nor a word of its sector is asked by someone the general rules apply to: retrieval ranks the
sector regulation's passages lower (`RetrievalSettings.sector_penalty`).
"""

from __future__ import annotations

from collections.abc import Sequence

from vectorstore.analyzer import tokenize

# refid -> word beginnings that name its sector ("forsyningssektoren", "energiselskap", "havnevesenet").
SECTOR_REGULATIONS: dict[str, tuple[str, ...]] = {
    "forskrift/2016-08-12-975": (
        "forsyning", "vannverk", "vannforsyning", "avløp", "energi", "elektrisitet", "strømnett", "gass",
        "fjernvarme", "varmeforsyning", "transport", "jernbane", "trikk", "t-bane", "buss", "havn", "lufthavn",
        "flyplass", "post", "olje", "petroleum",
    ),
    "forskrift/2013-10-04-1185": ("forsvar", "militær", "våpen", "ammunisjon", "krigsmateriell", "gradert"),
    "forskrift/2016-08-12-976": ("konsesjon",),
}  # fmt: skip


def unasked_sectors(question: str, named: Sequence[str]) -> frozenset[str]:
    """The sector regulations the question gives no sign of: it names neither the regulation nor its sector."""
    words = tokenize(question)
    return frozenset(
        refid
        for refid, sector in SECTOR_REGULATIONS.items()
        if refid not in named and not any(word.startswith(sector) for word in words)
    )
