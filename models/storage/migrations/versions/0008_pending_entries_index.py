"""A partial index of the score entries waiting for approval: the 积分排名 page counts them and the
审核积分 dialog lists them, which at a township's million entries read the whole table (2.8 s).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

WHERE = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_index("ix_score_entry_pending", "score_entry", ["on", "id"], sqlite_where=WHERE,
                    postgresql_where=WHERE)


def downgrade() -> None:
    op.drop_index("ix_score_entry_pending", table_name="score_entry")
