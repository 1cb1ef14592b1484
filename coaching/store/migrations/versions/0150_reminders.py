"""reminders: personal calendar feed tokens, digest opt-in and the digest sent-log

Revision ID: 0150
Revises: 0120
"""

import sqlalchemy as sa
from alembic import op

revision = "0150"
down_revision = "0140"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("feed_token_hash", sa.String(length=64), nullable=True),
        sa.Column("feed_created_at", sa.DateTime(), nullable=True),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reminder_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_reminder_settings")),
        sa.UniqueConstraint("feed_token_hash", name=op.f("uq_reminder_settings_feed_token_hash")),
    )
    op.create_table(
        "digest_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("unsubscribe_hash", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_digest_log_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_log")),
        sa.UniqueConstraint("user_id", "day", name="uq_digest_log_person_day"),
        sa.UniqueConstraint("unsubscribe_hash", name=op.f("uq_digest_log_unsubscribe_hash")),
    )
    with op.batch_alter_table("digest_log") as batch_op:
        batch_op.create_index(batch_op.f("ix_digest_log_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("digest_log") as batch_op:
        batch_op.drop_index(batch_op.f("ix_digest_log_user_id"))
    op.drop_table("digest_log")
    op.drop_table("reminder_settings")
