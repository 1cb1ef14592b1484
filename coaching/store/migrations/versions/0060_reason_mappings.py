"""reason mappings: CRM lost-reason labels confirmed as taxonomy reasons

Revision ID: 0060
Revises: 0030
"""

import sqlalchemy as sa
from alembic import op

revision = "0060"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reason_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("raw_label", sa.String(length=500), nullable=False),
        sa.Column("reason_key", sa.String(length=40), nullable=False),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_reason_mappings_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by"],
            ["users.id"],
            name=op.f("fk_reason_mappings_confirmed_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reason_mappings")),
        sa.UniqueConstraint("team_id", "raw_label", name="uq_reason_mappings_team_label"),
    )
    with op.batch_alter_table("reason_mappings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reason_mappings_team_id"), ["team_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reason_mappings_confirmed_by"), ["confirmed_by"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reason_mappings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reason_mappings_confirmed_by"))
        batch_op.drop_index(batch_op.f("ix_reason_mappings_team_id"))
    op.drop_table("reason_mappings")
