"""The abbreviations officers type (DOMAIN.md), and what each stands for in the documents' own words.

An abbreviation names a law or regulation (FOA, LOA, pbl., offl., aml.: retrieval resolves it like the law's
name, `refid`), or a body or service the documents name in full ("KOFA" is "Klagenemnda for offentlige
anskaffelser", "DFØ" is "Direktoratet for forvaltning og økonomistyring"): those words are searched with the
question and stand in for the abbreviation when sentences are weighed. Doffin and TED are named as such in
the regulations; their expansion adds what they are for ("kunngjøring").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vectorstore.analyzer import fold


@dataclass(frozen=True)
class Abbreviation:
    words: str = ""  # the words the documents use for it, searched with the question
    refid: str | None = None  # the law or regulation it names


ABBREVIATIONS: dict[str, Abbreviation] = {
    "loa": Abbreviation(refid="lov/2016-06-17-73"),
    "foa": Abbreviation(refid="forskrift/2016-08-12-974"),
    "fosa": Abbreviation(refid="forskrift/2016-08-12-975"),
    "koml": Abbreviation(refid="lov/2018-06-22-83"),
    "pbl": Abbreviation(refid="lov/2008-06-27-71"),
    "offl": Abbreviation(refid="lov/2006-05-19-16"),
    "fvl": Abbreviation(refid="lov/1967-02-10"),
    "aml": Abbreviation(refid="lov/2005-06-17-62"),
    "kofa": Abbreviation("Klagenemnda for offentlige anskaffelser"),
    "dfø": Abbreviation("Direktoratet for forvaltning og økonomistyring"),
    "doffin": Abbreviation("kunngjøring i den nasjonale databasen for kunngjøringer"),
    "ted": Abbreviation("kunngjøring i TED-databasen"),
}
_WORD = re.compile(r"[^\W\d_]+")


def expansions_of(question: str) -> tuple[str, ...]:
    """The documents' words for the abbreviations the question uses: "KOFA" -> "Klagenemnda for ..."."""
    found = (ABBREVIATIONS.get(fold(word)) for word in _WORD.findall(question))
    return tuple(dict.fromkeys(found_words.words for found_words in found if found_words and found_words.words))


def law_abbreviations() -> dict[str, str]:
    """Abbreviation -> refid of the law it names."""
    return {name: entry.refid for name, entry in ABBREVIATIONS.items() if entry.refid}
