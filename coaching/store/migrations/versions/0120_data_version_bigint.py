"""data versions start at the clock (nanoseconds), which needs 64 bits

Revision ID: 0120
Revises: 0100
"""

import sqlalchemy as sa
from alembic import op

revision = "0120"
down_revision = "0100"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("data_versions") as batch_op:
        batch_op.alter_column("version", type_=sa.BigInteger(), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("data_versions") as batch_op:
        batch_op.alter_column("version", type_=sa.Integer(), existing_nullable=False)
