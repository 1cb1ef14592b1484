"""Exports: members take their own data, managers the team's without others' private data."""

import io
import json
import sqlite3
import zipfile
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, update

from coaching.data_export import BackupFailed, export_bytes, export_tables, sqlite_backup
from coaching.store import accounts as repo
from coaching.store import read, utcnow, write
from coaching.store.leads import add_lead
from coaching.store.schema import pulse_answers, pulse_notes, reviews
from tests.unit.test_erasure import add_review


@pytest.fixture
def people(engine):
    with write(engine) as conn:
        team_id = repo.create_team(conn, "T")
        boss = repo.add_user(
            conn, team_id=team_id, email="b@t.de", name="Chefin", role="manager", password_hash="x"
        )
        jonas = repo.add_user(
            conn, team_id=team_id, email="j@t.de", name="Jonas", role="member", password_hash="x"
        )
        aylin = repo.add_user(
            conn, team_id=team_id, email="a@t.de", name="Aylin", role="member", password_hash="x"
        )
        add_review(conn, team_id, jonas, "private", "Jonas private")
        for mode in ("anonymous", "named"):
            shared = add_review(conn, team_id, jonas, mode, f"Jonas {mode}")
            conn.execute(
                update(reviews).where(reviews.c.id == shared).values(lesson="Früh fragen.")
            )
        add_review(conn, team_id, boss, "private", "Chefin private")
        add_lead(conn, team_id, owner_id=jonas, company='=HYPERLINK("x")', stage="offer_sent")
        add_lead(conn, team_id, owner_id=aylin, company="Aylins Firma", stage="offer_sent")
    with read(engine) as conn:
        return {
            name: repo.user_by_id(conn, uid)
            for name, uid in (("boss", boss), ("jonas", jonas), ("aylin", aylin))
        }


def test_a_member_exports_their_own_leads_and_all_their_reviews(engine, people):
    frames = export_tables(engine, people["jonas"])
    assert frames["leads"]["company"].tolist() == ['=HYPERLINK("x")']
    assert sorted(frames["reviews"]["deal_label"]) == [
        "Jonas anonymous",
        "Jonas named",
        "Jonas private",
    ]
    assert frames["profile"]["email"].tolist() == ["j@t.de"]


def test_a_member_sees_nothing_of_another_members_data(engine, people):
    frames = export_tables(engine, people["aylin"])
    assert frames["reviews"].empty
    assert frames["leads"]["company"].tolist() == ["Aylins Firma"]


def test_a_manager_exports_the_team_without_other_peoples_private_reviews(engine, people):
    frames = export_tables(engine, people["boss"])
    own = frames["reviews"].set_index("deal_label")
    assert list(own.index) == ["Chefin private"] and own.loc["Chefin private", "feeling"] == 2
    shared = frames["shared_lessons"]
    assert sorted(shared["share_mode"]) == ["anonymous", "named"]
    authors = shared.set_index("share_mode")["author_name"]
    assert pd.isna(authors["anonymous"]) and authors["named"] == "Jonas"
    assert "feeling" not in shared.columns  # a private check-in stays private
    assert len(frames["leads"]) == 2
    assert "password_hash" not in frames["team"].columns


def test_csv_xlsx_and_json_exports_are_formula_safe_and_readable(engine, people):
    frames = export_tables(engine, people["jonas"])
    content, suffix, _ = export_bytes(frames, "csv", "de")
    assert suffix == "zip"
    leads_csv = zipfile.ZipFile(io.BytesIO(content)).read("leads.csv")
    assert leads_csv.startswith("\ufeff".encode())
    assert "'=HYPERLINK" in leads_csv.decode("utf-8-sig")
    assert ";" in leads_csv.decode("utf-8-sig").splitlines()[0]
    content, _, _ = export_bytes(frames, "xlsx", "de")
    sheet = load_workbook(io.BytesIO(content))["leads"]
    assert [c.value for c in sheet[2]][[c.value for c in sheet[1]].index("company")] == (
        '\'=HYPERLINK("x")'
    )
    content, _, _ = export_bytes(frames, "json", "en")
    data = json.loads(content)
    assert data["leads"][0]["company"] == '=HYPERLINK("x")'


def test_a_backup_is_a_complete_database_that_passes_the_integrity_check(sqlite_url, tmp_path):
    from coaching.store import make_engine

    engine = make_engine(sqlite_url)
    with write(engine) as conn:
        repo.create_team(conn, "Gesichert")
    content = sqlite_backup(engine)
    engine.dispose()
    path = tmp_path / "copy.db"
    path.write_bytes(content)
    copy = sqlite3.connect(path)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT name FROM teams").fetchall() == [("Gesichert",)]
    copy.close()


def test_postgresql_backups_are_left_to_pg_dump(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    with pytest.raises(BackupFailed) as failed:
        sqlite_backup(engine)
    assert failed.value.key == "data.backup.not_sqlite"


def test_pulse_answers_and_notes_go_only_to_their_author_even_for_the_manager(engine, people):
    with write(engine) as conn:
        for person, value in ((people["jonas"], 2), (people["boss"], 4)):
            conn.execute(
                insert(pulse_answers).values(
                    team_id=person.team_id,
                    user_id=person.id,
                    week=date(2026, 11, 16),
                    question="energy",
                    value=value,
                    created_at=utcnow(),
                )
            )
            conn.execute(
                insert(pulse_notes).values(
                    team_id=person.team_id,
                    user_id=person.id,
                    week=date(2026, 11, 16),
                    note=f"Notiz von {person.name}",
                    updated_at=utcnow(),
                )
            )
    boss = export_tables(engine, people["boss"])
    assert boss["my_pulse"]["value"].tolist() == [4]
    assert boss["my_pulse_notes"]["note"].tolist() == ["Notiz von Chefin"]
    assert "Notiz von Jonas" not in json.dumps(
        {k: v.astype(str).values.tolist() for k, v in boss.items()}
    )
    jonas = export_tables(engine, people["jonas"])
    assert jonas["my_pulse"]["value"].tolist() == [2]
