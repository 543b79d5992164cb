"""YAML front matter and metadata.json become document metadata."""

import json

import pytest

from ingest.catalog import Catalog, CatalogError
from ingest.documents import DocumentMetadata
from ingest.frontmatter import FrontMatterError, metadata_from_front_matter, split_front_matter

LOVDATA_HEAD = """---
tittel: "Forskrift om offentlige anskaffelser (anskaffelsesforskriften)"
korttittel: "Anskaffelsesforskriften – FOA"
refid: "forskrift/2016-08-12-974"
ikrafttredelse: "2017-01-01"
sist-endret: "forskrift/2026-04-21-623"
---

# Forskrift om offentlige anskaffelser (anskaffelsesforskriften)
"""


def test_lovdata_front_matter_gives_title_type_and_lovdata_url():
    data, rest = split_front_matter(LOVDATA_HEAD)
    assert rest.lstrip().startswith("# Forskrift om offentlige")
    assert metadata_from_front_matter(data) == DocumentMetadata(
        title="Forskrift om offentlige anskaffelser (anskaffelsesforskriften)",
        short_title="Anskaffelsesforskriften – FOA",
        refid="forskrift/2016-08-12-974",
        last_amended="forskrift/2026-04-21-623",
        in_force_from="2017-01-01",
        doc_type="forskrift",
        date="2016-08-12",
        url="https://lovdata.no/dokument/SF/forskrift/2016-08-12-974",
    )


def test_a_law_links_to_lovdata_nl_and_takes_its_first_in_force_date():
    metadata = metadata_from_front_matter(
        {"refid": "lov/2018-06-22-83", "ikrafttredelse": "2019-11-01, 2020-01-01, 2019-10-03"}
    )
    assert metadata.url == "https://lovdata.no/dokument/NL/lov/2018-06-22-83"
    assert (metadata.doc_type, metadata.in_force_from) == ("lov", "2019-11-01")


def test_sample_corpus_front_matter_keeps_type_and_unquoted_date():
    data, _ = split_front_matter('---\ntitle: "LUP"\ntype: notat\ndate: 2023-11-20\nurl: https://ks.no/lup\n---\nTekst')
    assert metadata_from_front_matter(data) == DocumentMetadata(
        title="LUP", doc_type="notat", date="2023-11-20", url="https://ks.no/lup"
    )


def test_text_without_front_matter_is_left_whole():
    assert split_front_matter("# Tittel\n\n---\n") == ({}, "# Tittel\n\n---\n")


def test_broken_front_matter_is_reported():
    with pytest.raises(FrontMatterError):
        split_front_matter("---\ntitle: [uavsluttet\n---\nTekst")


def test_metadata_json_gives_title_and_type_per_file(tmp_path):
    entry = {"title": "Veileder", "type": "veileder", "date": "2023-12-04"}
    (tmp_path / "metadata.json").write_text(json.dumps({"veileder.pdf": entry}), encoding="utf-8")
    catalog = Catalog.load(tmp_path)
    assert catalog.metadata("veileder.pdf") == DocumentMetadata(
        title="Veileder", doc_type="veileder", date="2023-12-04"
    )
    assert catalog.metadata("annen.pdf") == DocumentMetadata()
    assert catalog.fingerprint("veileder.pdf") and not catalog.fingerprint("annen.pdf")


def test_invalid_metadata_json_is_reported(tmp_path):
    (tmp_path / "metadata.json").write_text("{ikke json", encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid JSON"):
        Catalog.load(tmp_path)
