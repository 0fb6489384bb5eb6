"""The score tally: per quarter, person and rule, the sums of the entries not voided, so that a
ranking reads one row per person and rule instead of every entry. Filled from the entries.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ENTRY = sa.table("score_entry", sa.column("person_id", sa.Integer), sa.column("rule_id", sa.Integer),
                 sa.column("on", sa.Date), sa.column("points", sa.Integer), sa.column("status", sa.String),
                 sa.column("adjusts_id", sa.Integer), sa.column("voided_at", sa.DateTime))
TALLY_COLUMNS = ("quarter", "person_id", "rule_id", "base", "adjusted", "entries", "pending")


def _fill() -> None:
    """The tally from the entries not voided: grouped by month in SQL (portable), by quarter here."""
    e = ENTRY.c
    approved = e.status == "approved"
    year, month = sa.extract("year", e.on), sa.extract("month", e.on)
    query = (sa.select(e.person_id, e.rule_id, year, month,
                       sa.func.sum(sa.case((approved & e.adjusts_id.is_(None), e.points), else_=0)),
                       sa.func.sum(sa.case((approved & e.adjusts_id.is_not(None), e.points), else_=0)),
                       sa.func.count(), sa.func.sum(sa.case((approved, 0), else_=1)))
             .where(e.voided_at.is_(None)).group_by(e.person_id, e.rule_id, year, month))
    tally: dict[tuple, list[int]] = {}
    for person_id, rule_id, y, m, *sums in op.get_bind().execute(query):
        row = tally.setdefault((f"{int(y)}Q{(int(m) + 2) // 3}", person_id, rule_id), [0, 0, 0, 0])
        for i, value in enumerate(sums):
            row[i] += int(value or 0)
    if tally:
        op.bulk_insert(sa.table("score_tally", *[sa.column(c) for c in TALLY_COLUMNS]),
                       [dict(zip(TALLY_COLUMNS, (*key, *sums), strict=True)) for key, sums in tally.items()])


def upgrade() -> None:
    op.create_table(
        "score_tally",
        sa.Column("quarter", sa.String(6), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="RESTRICT"), primary_key=True),
        sa.Column("rule_id", sa.Integer(), sa.ForeignKey("score_rule.id", ondelete="RESTRICT"), primary_key=True),
        sa.Column("base", sa.Integer(), nullable=False),
        sa.Column("adjusted", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_score_tally_person_quarter", "score_tally", ["person_id", "quarter"])
    _fill()


def downgrade() -> None:
    op.drop_table("score_tally")
