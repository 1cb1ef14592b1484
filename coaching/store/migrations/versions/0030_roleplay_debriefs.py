"""roleplay debriefs

Revision ID: 0030
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roleplay_debriefs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("saved_by", sa.Integer(), nullable=True),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("persona", sa.String(length=40), nullable=False),
        sa.Column("crisis", sa.String(length=40), nullable=False),
        sa.Column("objections", sa.Text(), nullable=False),
        sa.Column("checked", sa.Text(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["saved_by"],
            ["users.id"],
            name=op.f("fk_roleplay_debriefs_saved_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_roleplay_debriefs_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roleplay_debriefs")),
    )
    with op.batch_alter_table("roleplay_debriefs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_roleplay_debriefs_saved_by"), ["saved_by"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_roleplay_debriefs_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("roleplay_debriefs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roleplay_debriefs_team_id"))
        batch_op.drop_index(batch_op.f("ix_roleplay_debriefs_saved_by"))
    op.drop_table("roleplay_debriefs")
