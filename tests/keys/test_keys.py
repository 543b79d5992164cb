"""Named API keys: shown once, stored as a hash, found by id, revoked for good; and the `keys` commands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kildesvar.cli import app as cli
from service.keys.store import KeyNameTaken, KeyStore


def test_a_created_key_verifies_and_only_its_hash_is_stored(tmp_path: Path):
    store = KeyStore(tmp_path / "keys.sqlite3")
    record, key = store.create("saksbehandling", "ask")
    assert key.startswith(f"ks_{record.id}_") and len(key) > 40
    assert store.verify(key) == record
    assert store.verify(key) == record  # the second time from the process's memory of verified keys
    stored = sqlite3.connect(tmp_path / "keys.sqlite3").execute("SELECT * FROM api_keys").fetchall()
    assert key.split("_", 2)[2] not in repr(stored)


@pytest.mark.parametrize("change", ["secret", "id", "prefix", "garbage"])
def test_anything_but_the_genuine_key_is_not_verified(tmp_path: Path, change: str):
    store = KeyStore(tmp_path / "keys.sqlite3")
    record, key = store.create("intranett", "admin")
    prefix, key_id, secret = key.split("_", 2)
    forged = {
        "secret": f"{prefix}_{key_id}_{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}",
        "id": f"{prefix}_{'0' * len(key_id)}_{secret}",
        "prefix": f"xx_{key_id}_{secret}",
        "garbage": "s3cret",
    }[change]
    assert store.verify(forged) is None


def test_revoke_by_name_or_id_keeps_the_record_and_frees_the_name(tmp_path: Path):
    store = KeyStore(tmp_path / "keys.sqlite3")
    first, key = store.create("intranett", "ask")
    with pytest.raises(KeyNameTaken):
        store.create("intranett", "ask")
    assert store.revoke("intranett") is not None
    assert store.verify(key).revoked
    second, _ = store.create("intranett", "ask", rate_limit="10/minute")
    assert store.revoke(second.id).rate_limit == "10/minute"
    assert store.revoke("intranett") is None
    assert [record.id for record in store.records()] == [first.id, second.id]
    assert store.any_created()


def test_a_fresh_store_has_no_keys_and_creates_no_file(tmp_path: Path):
    store = KeyStore(tmp_path / "keys.sqlite3")
    assert not store.any_created() and store.records() == [] and store.verify("ks_abc_def") is None
    assert not store.path.exists()


def test_keys_commands_create_list_and_revoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KILDESVAR_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    created = runner.invoke(cli, ["keys", "create", "saksbehandling", "--scope", "admin", "--rate-limit", "5/second"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[-1]
    record = KeyStore.in_data_dir(tmp_path).verify(key)
    assert record is not None and (record.name, record.scope, record.rate_limit) == (
        "saksbehandling",
        "admin",
        "5/second",
    )
    listed = runner.invoke(cli, ["keys", "list"])
    assert "saksbehandling" in listed.stdout and key not in listed.stdout
    assert runner.invoke(cli, ["keys", "create", "x", "--rate-limit", "mange"]).exit_code == 2
    assert runner.invoke(cli, ["keys", "create", "x", "--scope", "root"]).exit_code == 2
    assert runner.invoke(cli, ["keys", "revoke", record.id]).exit_code == 0
    assert runner.invoke(cli, ["keys", "revoke", record.id]).exit_code == 1
    assert KeyStore.in_data_dir(tmp_path).verify(key).revoked
