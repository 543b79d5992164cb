"""Hand-made answers and citations for the rendering tests of every chat front door."""

from __future__ import annotations

from service.answer.contract import Answer, Citation


def citation(n: int = 1, **fields) -> Citation:
    values = {
        "n": n,
        "chunk_id": f"forskrifter/forskrift-2016-08-12-974.md#{56 + n}",
        "title": "Forskrift om offentlige anskaffelser (anskaffelsesforskriften)",
        "section": "Kapittel 5 > § 5-3. EØS-terskelverdier",
        "page": None,
        "source": "forskrifter/forskrift-2016-08-12-974.md",
        "url": "https://lovdata.no/forskrift/2016-08-12-974/§5-3",
        "quote": "62,9 millioner kroner ekskl. mva. for bygge- og anleggskontrakter",
        "score": 0.82,
    }
    return Citation(**{**values, **fields})


def answer(text: str = "Terskelverdien er 62,9 millioner kroner ekskl. mva. [1]", **fields) -> Answer:
    values = {"answer": text, "abstained": False, "citations": [citation()], "warnings": [], "timings_ms": {}}
    return Answer(**{**values, **fields})
