"""team pulse: answers, private notes, frozen aggregates, retention and group-size floor

Revision ID: 0090
Revises: 0080
"""

import sqlalchemy as sa
from alembic import op

revision = "0090"
down_revision = "0080"
branch_labels = None
depends_on = None

# SQLite cannot add a check constraint without rebuilding the table, and rebuilding "teams"
# with foreign keys on would cascade-delete every team's rows; a trigger enforces it instead.
_SQLITE_FLOOR = """
CREATE TRIGGER trg_teams_min_group_size_{event} BEFORE {event} ON teams
WHEN NEW.min_group_size < 3
BEGIN SELECT RAISE(ABORT, 'ck_teams_min_group_size: min_group_size must be at least 3'); END
"""


def upgrade() -> None:
    op.add_column(
        "teams",
        sa.Column("retention_months", sa.Integer(), nullable=False, server_default="12"),
    )
    if op.get_bind().dialect.name == "sqlite":
        for event in ("INSERT", "UPDATE"):
            op.execute(_SQLITE_FLOOR.format(event=event))
    else:
        op.create_check_constraint("ck_teams_min_group_size", "teams", "min_group_size >= 3")

    op.create_table(
        "pulse_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("value BETWEEN 1 AND 5", name="ck_pulse_answers_value"),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name="fk_pulse_answers_team_id_teams", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_pulse_answers_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pulse_answers"),
        sa.UniqueConstraint("user_id", "week", "question", name="uq_pulse_answers_person_week"),
    )
    op.create_index("ix_pulse_answers_team_id", "pulse_answers", ["team_id"])
    op.create_index("ix_pulse_answers_user_id", "pulse_answers", ["user_id"])

    op.create_table(
        "pulse_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name="fk_pulse_notes_team_id_teams", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_pulse_notes_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pulse_notes"),
        sa.UniqueConstraint("user_id", "week", name="uq_pulse_notes_person_week"),
    )
    op.create_index("ix_pulse_notes_team_id", "pulse_notes", ["team_id"])
    op.create_index("ix_pulse_notes_user_id", "pulse_notes", ["user_id"])

    op.create_table(
        "pulse_aggregates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("granularity", sa.String(length=10), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("mean", sa.Float(), nullable=True),
        sa.Column("frozen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name="fk_pulse_aggregates_team_id_teams", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pulse_aggregates"),
        sa.UniqueConstraint(
            "team_id", "granularity", "period", "question", name="uq_pulse_aggregates_period"
        ),
    )
    op.create_index("ix_pulse_aggregates_team_id", "pulse_aggregates", ["team_id"])


def downgrade() -> None:
    op.drop_table("pulse_aggregates")
    op.drop_table("pulse_notes")
    op.drop_table("pulse_answers")
    if op.get_bind().dialect.name == "sqlite":
        for event in ("INSERT", "UPDATE"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_teams_min_group_size_{event}")
    else:
        op.drop_constraint("ck_teams_min_group_size", "teams", type_="check")
    with op.batch_alter_table("teams") as batch_op:
        batch_op.drop_column("retention_months")
