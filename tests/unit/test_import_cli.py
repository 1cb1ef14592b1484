"""`python -m coaching import|export`: summaries for scripts, non-zero exit when nothing stored."""

import json
import sqlite3

import pytest

from coaching.cli import main
from coaching.store import accounts as repo
from coaching.store import make_engine, write
from tests.unit.test_importing import FIXTURES


@pytest.fixture
def team_store(monkeypatch, sqlite_url):
    monkeypatch.setenv("FUNKSTILLE_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    engine = make_engine(sqlite_url)
    with write(engine) as conn:
        team_id = repo.create_team(conn, "CLI")
        repo.add_user(
            conn, team_id=team_id, email="m@t.de", name="M", role="manager", password_hash="x"
        )
    engine.dispose()
    return team_id


def run_json(capsys, *argv) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out or out.err)


def test_import_prints_the_counts_as_json_and_re_import_is_unchanged(team_store, capsys):
    path = str(FIXTURES / "pipedrive_deals_de.csv")
    code, first = run_json(capsys, "import", path, "--kind", "deals")
    assert code == 0
    assert {k: first[k] for k in ("read", "new", "updated", "unchanged", "rejected")} == {
        "read": 3,
        "new": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert first["errors"] == []
    code, again = run_json(capsys, "import", path, "--kind", "deals", "--source", "pipedrive")
    assert (code, again["new"], again["unchanged"]) == (0, 0, 3)


def test_rejected_rows_are_listed_with_row_column_and_message(team_store, capsys):
    path = str(FIXTURES / "broken_rows.csv")
    code, result = run_json(capsys, "import", path, "--kind", "deals")
    assert code == 0
    assert result["rejected"] == 5
    assert result["errors"][0] == {
        "row": 3,
        "column": "Deal - Wert",
        "message": '"zwölf" is not an amount. Expected e.g. 12,500.00, 12.500,00 or 12500.',
    }


def test_all_or_nothing_with_errors_exits_non_zero(team_store, capsys):
    path = str(FIXTURES / "broken_rows.csv")
    code, result = run_json(capsys, "import", path, "--kind", "deals", "--mode", "all_or_nothing")
    assert code == 1
    assert result["new"] == 0


def test_a_refused_file_exits_non_zero_with_the_reason(team_store, capsys):
    code, result = run_json(capsys, "import", str(FIXTURES / "empty.csv"), "--kind", "deals")
    assert code == 1
    assert result["read"] == 0
    assert "empty" in result["errors"][0]["message"]


def test_invoices_import_from_the_command_line(team_store, capsys):
    path = str(FIXTURES / "datev_invoices.csv")
    code, result = run_json(capsys, "import", path, "--kind", "invoices")
    assert (code, result["new"]) == (0, 2)


def test_export_backup_writes_a_verified_database(team_store, capsys, tmp_path):
    target = tmp_path / "backup.db"
    code, result = run_json(capsys, "export", "backup", "--output", str(target))
    assert code == 0
    assert result["bytes"] == target.stat().st_size
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT name FROM teams").fetchall() == [("CLI",)]


def test_export_data_writes_the_persons_export(team_store, capsys, tmp_path):
    target = tmp_path / "export.json"
    code, result = run_json(
        capsys, "export", "data", "m@t.de", "--format", "json", "--output", str(target)
    )
    assert code == 0
    assert json.loads(target.read_text())["team"][0]["email"] == "m@t.de"
