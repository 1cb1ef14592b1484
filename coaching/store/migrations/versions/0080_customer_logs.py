"""customer logs for the Kundenradar

Revision ID: 0080
Revises: 0070
Create Date: 2026-11-23 18:35:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0080"
down_revision = "0070"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_customer_logs_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_customer_logs_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_customer_logs_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_logs")),
    )
    with op.batch_alter_table("customer_logs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_logs_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_customer_logs_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_customer_logs_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("customer_logs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_logs_team_id"))
        batch_op.drop_index(batch_op.f("ix_customer_logs_customer_id"))
        batch_op.drop_index(batch_op.f("ix_customer_logs_author_id"))
    op.drop_table("customer_logs")
