"""民情台账: grievance items, their history and the 民情日记 of home visits.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_diary",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("household", sa.String(100), nullable=False),
        sa.Column("heard", sa.String(1000), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("void_reason", sa.String(200), nullable=False),
        sa.Column("recorded_by", sa.String(60), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_visit_diary_member_id", "visit_diary", ["member_id"])
    op.create_index("ix_visit_diary_on", "visit_diary", ["on"])
    op.create_table(
        "grievance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("serial", sa.String(20), nullable=False, unique=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("requester", sa.String(60), nullable=False),
        sa.Column("requester_pinyin", sa.String(200), nullable=False),
        sa.Column("requester_phone", sa.String(30), nullable=False),
        sa.Column("requester_address", sa.String(100), nullable=False),
        sa.Column("place", sa.String(60), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("urgency", sa.String(20), nullable=False),
        sa.Column("content", sa.String(1000), nullable=False),
        sa.Column("responsible_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("response_due", sa.Date(), nullable=False),
        sa.Column("original_deadline", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("first_action_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.Column("referred_to", sa.String(100), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(500), nullable=False),
        sa.Column("checked_by", sa.String(60), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("satisfaction", sa.String(20), nullable=False),
        sa.Column("diary_id", sa.Integer(), sa.ForeignKey("visit_diary.id", ondelete="RESTRICT"), nullable=True),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("void_reason", sa.String(200), nullable=False),
        sa.Column("recorded_by", sa.String(60), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("year", "seq", name="uq_grievance_year_seq"),
    )
    op.create_index("ix_grievance_responsible_id", "grievance", ["responsible_id"])
    op.create_index("ix_grievance_status_deadline", "grievance", ["status", "deadline"])
    op.create_index("ix_grievance_received_on", "grievance", ["received_on"])
    op.create_table(
        "grievance_action",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("grievance_id", sa.Integer(), sa.ForeignKey("grievance.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("actor", sa.String(60), nullable=False),
        sa.Column("new_deadline", sa.Date(), nullable=True),
        sa.Column("referred_to", sa.String(100), nullable=False),
        sa.Column("satisfaction", sa.String(20), nullable=False),
        sa.Column("recorded_by", sa.String(60), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_grievance_action_grievance_id", "grievance_action", ["grievance_id"])


def downgrade() -> None:
    op.drop_table("grievance_action")
    op.drop_table("grievance")
    op.drop_table("visit_diary")
