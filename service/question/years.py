"""Years in questions and passages: "Hvem vant kåringen i 2023?" is not answered by a statement that never gets
to 2023, however well its other words match.

A passage covers the years it names, every year of a range it names ("2024-2027", "fra 2020 til 2022") and,
after "siden" / "fra og med" / "fra", every year from the one named up to this year ("fra og med 2020"
answers a question about 2022). A four-digit number followed by a unit ("2000 kroner") is not a year.
"""

from __future__ import annotations

import re

_YEAR = r"(?:1[89]|20)\d{2}"
_NOT_A_UNIT = r"(?!\s*(?:kr\b|kroner|nok\b|mill|mrd|milliard|prosent|%|m2|m²|kvm|meter|km\b|timer|dager))"
_YEAR_ALONE = re.compile(rf"\b({_YEAR})\b{_NOT_A_UNIT}", re.IGNORECASE)
_RANGE = re.compile(rf"\b({_YEAR})\s*(?:-|–|til)\s*({_YEAR})\b", re.IGNORECASE)
_YEARS_AGO = {"i fjor": 1, "i forfjor": 2}
_RELATIVE = re.compile(rf"\b(?:{'|'.join(_YEARS_AGO)})\b", re.IGNORECASE)
_SINCE = re.compile(rf"\b(?:siden|fra og med|fra)\s+({_YEAR})\b(?!\s*(?:-|–|til))", re.IGNORECASE)


def asked_years(question: str, this_year: int) -> set[int]:
    """The years a question names, a range by its two ends, and "i fjor" / "i forfjor" as the years they mean."""
    years = _named(question)
    years.update(this_year - _YEARS_AGO[phrase.lower()] for phrase in _RELATIVE.findall(question))
    return years


def covered_years(text: str, this_year: int) -> set[int]:
    """The years a passage speaks about: named ones, those inside named ranges, and those since a named year."""
    years = _named(text)
    for start, end in _RANGE.findall(text):
        years.update(range(int(start), int(end) + 1))
    for start in _SINCE.findall(text):
        years.update(range(int(start), this_year + 1))
    return years


def _named(text: str) -> set[int]:
    return {int(year) for year in _YEAR_ALONE.findall(text)}
