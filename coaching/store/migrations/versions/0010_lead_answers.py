"""lead checklist answers with history

Revision ID: 0010
Revises: 0003
Create Date: 2026-11-23 18:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lead_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("checklist", sa.String(length=40), nullable=False),
        sa.Column("item", sa.String(length=60), nullable=False),
        sa.Column("answer", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_lead_answers_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_lead_answers_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_lead_answers_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_answers")),
    )
    with op.batch_alter_table("lead_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_answers_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_answers_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_answers_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lead_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_answers_team_id"))
        batch_op.drop_index(batch_op.f("ix_lead_answers_lead_id"))
        batch_op.drop_index(batch_op.f("ix_lead_answers_author_id"))
    op.drop_table("lead_answers")
