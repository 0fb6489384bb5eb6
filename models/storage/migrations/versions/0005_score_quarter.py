"""Each person's counted points per quarter (score_quarter), derived from the score tally with the
rules' caps, so that a ranking reads one row per person. Filled from the tally.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TALLY = sa.table("score_tally", sa.column("quarter", sa.String), sa.column("person_id", sa.Integer),
                 sa.column("rule_id", sa.Integer), sa.column("base", sa.Integer), sa.column("adjusted", sa.Integer),
                 sa.column("entries", sa.Integer), sa.column("pending", sa.Integer))
RULE = sa.table("score_rule", sa.column("id", sa.Integer), sa.column("category", sa.String),
                sa.column("cap_per_quarter", sa.Integer), sa.column("veto", sa.Boolean))
COLUMNS = ("quarter", "person_id", "basic", "bonus", "deduction", "veto", "pending")


def _fill() -> None:
    t, rule = TALLY.c, RULE.c
    cap = rule.cap_per_quarter
    capped = sa.case((cap.is_(None), t.base), (t.base > cap, cap), (t.base < -cap, -cap), else_=t.base) + t.adjusted
    query = (sa.select(t.quarter, t.person_id,
                       *[sa.func.sum(sa.case((rule.category == c, capped), else_=0))
                         for c in ("basic", "bonus", "deduction")],
                       sa.func.max(sa.case((sa.and_(rule.veto.is_(True), t.entries > t.pending), 1), else_=0)) > 0,
                       sa.func.sum(t.pending))
             .join(RULE, rule.id == t.rule_id).where(t.entries > 0).group_by(t.quarter, t.person_id))
    target = sa.table("score_quarter", *[sa.column(c) for c in COLUMNS])
    op.execute(target.insert().from_select(COLUMNS, query))


def upgrade() -> None:
    op.create_table(
        "score_quarter",
        sa.Column("quarter", sa.String(6), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="RESTRICT"), primary_key=True),
        sa.Column("basic", sa.Integer(), nullable=False),
        sa.Column("bonus", sa.Integer(), nullable=False),
        sa.Column("deduction", sa.Integer(), nullable=False),
        sa.Column("veto", sa.Boolean(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sqlite_with_rowid=False,
    )
    _fill()


def downgrade() -> None:
    op.drop_table("score_quarter")
