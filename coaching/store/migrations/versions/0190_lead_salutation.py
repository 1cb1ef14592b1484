"""leads: the contact's formal salutation and the day a firm order was agreed

Revision ID: 0190
Revises: 0120
"""

import sqlalchemy as sa
from alembic import op

revision = "0190"
down_revision = "0160"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch_op:
        batch_op.add_column(sa.Column("salutation", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("order_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leads") as batch_op:
        batch_op.drop_column("order_date")
        batch_op.drop_column("salutation")
