"""Audit log and dated person events; archive details move from person columns into events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MIGRATION_ACTOR = "数据升级"


def upgrade() -> None:
    op.create_table(
        "person_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("organisation", sa.String(100), nullable=False),
        sa.Column("letter_no", sa.String(40), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("recorded_by", sa.String(60), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=False),
    )
    op.create_index("ix_person_event_person_id", "person_event", ["person_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(60), nullable=False),
        sa.Column("operation", sa.String(40), nullable=False),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("summary", sa.String(200), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"])
    op.create_index("ix_audit_log_operation", "audit_log", ["operation"])
    op.create_index("ix_audit_log_run_id", "audit_log", ["run_id"])
    # Every member's 入党 and 转正 become dated events; so does every archive, with its details.
    op.execute(
        "INSERT INTO person_event (person_id, kind, \"on\", organisation, letter_no, note, recorded_by) "
        f"SELECT id, 'joined', joined_on, '', '', '', '{MIGRATION_ACTOR}' FROM person WHERE joined_on IS NOT NULL"
    )
    op.execute(
        "INSERT INTO person_event (person_id, kind, \"on\", organisation, letter_no, note, recorded_by) "
        f"SELECT id, 'confirmed', confirmed_on, '', '', '', '{MIGRATION_ACTOR}' FROM person "
        "WHERE confirmed_on IS NOT NULL"
    )
    op.execute(
        "INSERT INTO person_event (person_id, kind, \"on\", organisation, letter_no, note, recorded_by) "
        f"SELECT id, archive_reason, COALESCE(archived_on, date(updated_at)), transfer_to, transfer_letter_no, "
        f"archive_note, '{MIGRATION_ACTOR}' FROM person WHERE archive_reason IS NOT NULL"
    )
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35, PostgreSQL): a batch copy of `person` would
    # have to drop the table that person_event now references.
    for column in ("transfer_to", "transfer_letter_no", "archive_note"):
        op.execute(f"ALTER TABLE person DROP COLUMN {column}")


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("transfer_to", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("transfer_letter_no", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("archive_note", sa.String(200), nullable=False, server_default=""))
    op.drop_table("audit_log")
    op.drop_table("person_event")
