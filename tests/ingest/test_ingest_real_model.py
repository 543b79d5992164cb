"""Ingest with the real default model: the chunks it writes are found by meaning, and a re-run embeds nothing."""

import pytest

from ingest.pipeline import ingest_folder
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

REGULATION = """---
tittel: "Forskrift om innkjøp i Testkommune"
refid: "forskrift/2020-01-01-1"
---

# Forskrift om innkjøp i Testkommune

## Kapittel 1. Terskelverdier

##### § 1-1. Nasjonal terskelverdi

Forskriften gjelder kontrakter med en anslått verdi over 500 000 kroner ekskl. mva.

*Endres ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).*

##### § 1-2. Kunngjøring

Oppdragsgiveren skal kunngjøre konkurransen i Doffin før tilbudsfristen begynner å løpe.

## Kapittel 2. Lærlinger

##### § 2-1. Krav om lærlinger

Oppdragsgiveren skal stille krav om at leverandøren er tilknyttet en lærlingordning.
"""


@pytest.mark.slow
def test_real_model_ingest_is_searchable_and_rerun_embeds_nothing(corpus_dir, tmp_path):
    (corpus_dir / "innkjop.md").write_text(REGULATION, encoding="utf-8")
    settings = StoreSettings(data_dir=tmp_path / "data")
    store = KnowledgeStore.open(settings)
    assert ingest_folder(corpus_dir, store).added == ["innkjop.md"]
    top = store.dense_search("Hvor skal anskaffelsen kunngjøres?", 1)[0].chunk
    assert top.paragraph == "1-2" and top.chapter == "1"
    apprentices = store.dense_search("må leverandøren ha lærlinger", 1)[0].chunk
    assert apprentices.paragraph == "2-1"
    rerun_store = KnowledgeStore.open(settings)
    assert ingest_folder(corpus_dir, rerun_store).unchanged == ["innkjop.md"]
    assert rerun_store.embedder.calls_made == 0
