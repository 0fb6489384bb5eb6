"""Member development and scoring: step details on person_event, materials, settings, the score rule
catalogue (seeded with the default), score entries and 公示 postings.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The default catalogue (branches' own practice): code, category, name, points, cap per quarter,
# applies to, 一票否决. Editable in the program; a used rule is deactivated, never deleted.
DEFAULT_RULES = [
    ("JC01", "basic", "按时提交思想汇报", 5, 5, "activists", False),
    ("JC02", "basic", "参加党课、集中学习", 2, 12, "both", False),
    ("JC03", "basic", "参加主题党日", 2, 6, "both", False),
    ("JC04", "basic", "参加培训并考核合格", 5, 10, "both", False),
    ("JF01", "bonus", "参加志愿服务", 2, 10, "both", False),
    ("JF02", "bonus", "参与急难险重任务（防汛、疫情防控、乡村振兴重点工作）", 5, 15, "both", False),
    ("JF03", "bonus", "获得乡镇级表彰", 5, None, "both", False),
    ("JF04", "bonus", "获得县级及以上表彰", 10, None, "both", False),
    ("JF05", "bonus", "工作业绩突出（支委会认定）", 3, 9, "both", False),
    ("KF01", "deduction", "无故缺席学习或活动", -3, None, "both", False),
    ("KF02", "deduction", "思想汇报逾期", -2, None, "activists", False),
    ("KF03", "deduction", "受到批评教育", -10, None, "both", False),
    ("FJ01", "deduction", "违反法律法规", 0, None, "both", True),
    ("FJ02", "deduction", "受到党纪政务处分", 0, None, "both", True),
]


def upgrade() -> None:
    with op.batch_alter_table("person_event", recreate="never") as batch:
        batch.add_column(sa.Column("until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("hours", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("override_reason", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("void_reason", sa.String(200), nullable=False, server_default=""))
    # Plain SQL: both SQLite and PostgreSQL take a REFERENCES clause in ADD COLUMN (default NULL).
    op.execute("ALTER TABLE person_event ADD COLUMN related_person_id INTEGER "
               "REFERENCES person(id)")
    op.create_table(
        "development_material",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("material", sa.String(30), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("recorded_by", sa.String(60), nullable=False),
        sa.UniqueConstraint("person_id", "material"),
    )
    op.create_index("ix_development_material_person_id", "development_material", ["person_id"])
    op.create_table("setting", sa.Column("key", sa.String(60), primary_key=True),
                    sa.Column("value", sa.Text(), nullable=False))
    rules = op.create_table(
        "score_rule",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(20), nullable=False, unique=True),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("cap_per_quarter", sa.Integer(), nullable=True),
        sa.Column("applies_to", sa.String(20), nullable=False),
        sa.Column("veto", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
    )
    op.bulk_insert(rules, [
        {"code": code, "category": category, "name": name, "points": points, "cap_per_quarter": cap,
         "applies_to": applies_to, "veto": veto, "active": True, "sort_order": order}
        for order, (code, category, name, points, cap, applies_to, veto) in enumerate(DEFAULT_RULES, start=1)
    ])
    op.create_table(
        "score_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("rule_id", sa.Integer(), sa.ForeignKey("score_rule.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("approved_by", sa.String(60), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("voided_by", sa.String(60), nullable=False),
        sa.Column("void_reason", sa.String(200), nullable=False),
        sa.Column("adjusts_id", sa.Integer(), sa.ForeignKey("score_entry.id", ondelete="RESTRICT"), nullable=True),
        sa.Column("recorded_by", sa.String(60), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_score_entry_person_on", "score_entry", ["person_id", "on"])
    op.create_index("ix_score_entry_on", "score_entry", ["on"])
    op.create_index("ix_score_entry_rule_id", "score_entry", ["rule_id"])
    op.create_table(
        "score_posting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("posted_from", sa.Date(), nullable=False),
        sa.Column("posted_to", sa.Date(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("recorded_by", sa.String(60), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_score_posting_period", "score_posting", ["period"])


def downgrade() -> None:
    for table in ("score_posting", "score_entry", "score_rule", "setting", "development_material"):
        op.drop_table(table)
    with op.batch_alter_table("person_event") as batch:
        for column in ("void_reason", "voided_at", "override_reason", "related_person_id", "hours", "until"):
            batch.drop_column(column)
