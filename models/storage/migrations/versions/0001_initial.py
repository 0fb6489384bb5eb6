"""Initial schema: branch, party groups, people.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "branch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("full_name", sa.String(80), nullable=False),
        sa.Column("secretary", sa.String(30), nullable=False),
    )
    op.create_table(
        "party_group",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(40), nullable=False, unique=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("name_pinyin", sa.String(200), nullable=False),
        sa.Column("name_initials", sa.String(80), nullable=False),
        sa.Column("sort_key", sa.String(200), nullable=False),
        sa.Column("gender", sa.String(1), nullable=False),
        sa.Column("ethnicity", sa.String(20), nullable=False),
        sa.Column("citizen_id", sa.String(18), nullable=True, unique=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("education", sa.String(20), nullable=True),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column(
            "group_id",
            sa.Integer(),
            sa.ForeignKey("party_group.id", ondelete="RESTRICT"),
            nullable=True,
        ),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("work_unit", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("is_mobile", sa.Boolean(), nullable=False),
        sa.Column("mobile_destination", sa.String(100), nullable=False),
        sa.Column("mobile_since", sa.Date(), nullable=True),
        sa.Column("mobile_contact", sa.String(60), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archive_reason", sa.String(20), nullable=True),
        sa.Column("archived_on", sa.Date(), nullable=True),
        sa.Column("transfer_to", sa.String(100), nullable=False),
        sa.Column("transfer_letter_no", sa.String(40), nullable=False),
        sa.Column("archive_note", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=False),
    )
    op.create_index("ix_person_name_pinyin", "person", ["name_pinyin"])
    op.create_index("ix_person_sort_key", "person", ["sort_key"])
    op.create_index("ix_person_stage", "person", ["stage"])
    op.create_index("ix_person_archive_reason", "person", ["archive_reason"])


def downgrade() -> None:
    op.drop_table("person")
    op.drop_table("party_group")
    op.drop_table("branch")
