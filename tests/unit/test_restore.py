"""Moving a team from SQLite to PostgreSQL: `export backup`, then `restore` into the new store."""

import json

import pytest
from sqlalchemy import select

from coaching import accounts
from coaching.cli import main
from coaching.demo import reset_demo
from coaching.store import make_engine, open_store, read
from coaching.store.schema import data_versions, metadata
from tests.conftest import FIXED_TODAY


@pytest.fixture(scope="module")
def backup(tmp_path_factory):
    """A demo workspace with one real team beside it, saved by the backup command."""
    folder = tmp_path_factory.mktemp("restore")
    url = f"sqlite:///{folder / 'old.db'}"
    engine = open_store(url)
    reset_demo(engine, FIXED_TODAY)
    accounts.create_first_team(
        engine, team_name="Nord", email="nina@nord.de", name="Nina", password="lang-genug-42"
    )
    engine.dispose()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FUNKSTILLE_DATABASE_URL", url)
        assert main(["export", "backup", "--output", str(folder / "backup.db")]) == 0
    return url, folder / "backup.db"


def restore(monkeypatch, capsys, target: str, file) -> tuple[int, dict]:
    monkeypatch.setenv("FUNKSTILLE_DATABASE_URL", target)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    capsys.readouterr()
    code = main(["restore", str(file), "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out or out.err)


def test_restore_copies_every_row_of_every_table_with_its_id(
    backup, store_url, monkeypatch, capsys
):
    source_url, file = backup
    code, result = restore(monkeypatch, capsys, store_url, file)
    assert code == 0, result
    old, new = tables(source_url), tables(store_url)
    assert result["rows"] == {name: len(rows) for name, rows in old.items()}
    assert sum(result["rows"].values()) > 500  # the demo fills the tables that matter
    for name in old:
        if name != "data_versions":
            assert new[name] == old[name], name


def test_after_a_restore_new_rows_get_fresh_ids(backup, store_url, monkeypatch, capsys):
    source_url, file = backup
    assert restore(monkeypatch, capsys, store_url, file)[0] == 0
    highest = max(row["id"] for row in tables(source_url)["users"])
    engine = make_engine(store_url)
    new_id = accounts.create_user(
        engine, team_id=1, email="neu@nord.de", name="Neu", role="member", password="lang-genug-43"
    )
    engine.dispose()
    assert new_id == highest + 1


def test_a_restore_gives_every_team_a_data_version_no_cache_has_seen(
    backup, store_url, monkeypatch, capsys
):
    source_url, file = backup
    assert restore(monkeypatch, capsys, store_url, file)[0] == 0
    old, new = versions(source_url), versions(store_url)
    assert old.keys() == new.keys()
    assert all(new[team] != old[team] for team in old)


def test_a_store_that_holds_data_is_refused_and_left_as_it_was(
    backup, store_url, monkeypatch, capsys
):
    _source, file = backup
    assert restore(monkeypatch, capsys, store_url, file)[0] == 0
    before = tables(store_url)
    code, result = restore(monkeypatch, capsys, store_url, file)
    assert code == 1
    assert "already holds data" in result["message"] and "users" in result["message"]
    assert tables(store_url) == before


def test_a_file_that_is_not_a_backup_is_refused_by_name(store_url, tmp_path, monkeypatch, capsys):
    file = tmp_path / "deals.csv"
    file.write_text("Titel;Wert\nMesse;100\n")
    code, result = restore(monkeypatch, capsys, store_url, file)
    assert code == 1
    assert result["message"].startswith(f"{file} is not a SQLite backup")
    assert all(not rows for rows in tables(store_url).values())


def tables(url: str) -> dict[str, list[dict]]:
    """Every row of every table, in id order, as plain values."""
    engine = make_engine(url)
    with read(engine) as conn:
        rows = {
            t.name: [dict(r) for r in conn.execute(select(t).order_by(*t.primary_key)).mappings()]
            for t in metadata.sorted_tables
        }
    engine.dispose()
    return rows


def versions(url: str) -> dict[int, int]:
    engine = make_engine(url)
    with read(engine) as conn:
        found = dict(conn.execute(select(data_versions.c.team_id, data_versions.c.version)).all())
    engine.dispose()
    return found
