"""team administration: account status, last sign-in, invitations, audit log, company sign-in

Revision ID: 0140
Revises: 0120
"""

import sqlalchemy as sa
from alembic import op

revision = "0140"
down_revision = "0120"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # add_column, not batch_alter_table: rebuilding "users" or "teams" on SQLite would cascade
    op.add_column(
        "users", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
    )
    op.add_column("users", sa.Column("last_sign_in_at", sa.DateTime(), nullable=True))
    op.add_column(
        "users", sa.Column("row_version", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column(
        "teams",
        sa.Column(
            "sign_in_mode", sa.String(length=20), nullable=False, server_default="password_and_sso"
        ),
    )
    op.add_column("teams", sa.Column("sso_domains", sa.Text(), nullable=False, server_default=""))

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name="fk_invitations_team_id_teams", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["invited_by"],
            ["users.id"],
            name="fk_invitations_invited_by_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
    )
    op.create_index("ix_invitations_team_id", "invitations", ["team_id"])
    op.create_index("ix_invitations_email", "invitations", ["email"])
    op.create_index("ix_invitations_invited_by", "invitations", ["invited_by"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=320), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name="fk_audit_log_team_id_teams", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name="fk_audit_log_actor_id_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_team_id", "audit_log", ["team_id"])
    op.create_index("ix_audit_log_actor_id", "audit_log", ["actor_id"])
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("invitations")
    with op.batch_alter_table("teams") as batch_op:
        batch_op.drop_column("sso_domains")
        batch_op.drop_column("sign_in_mode")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("row_version")
        batch_op.drop_column("last_sign_in_at")
        batch_op.drop_column("active")
