"""The data layer on a real PostgreSQL server (tests/postgres_server.py), for a township that shares one
database on its LAN: the migrations build the schema the entities declare, and the score totals'
SQL runs there. Each test has its own new database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.orm import Session

from models.people.entities import Person
from models.schema import metadata
from models.scoring import quarter_totals
from models.scoring.entities import ScoreQuarter, ScoreRule, ScoreTally
from models.storage import migrations


@pytest.fixture
def engine(postgres):
    engine = create_engine(postgres.new_database())
    with engine.begin() as connection:
        migrations.upgrade(connection)
    yield engine
    engine.dispose()


def test_migrations_build_exactly_the_schema_the_entities_declare_on_postgresql(engine):
    with engine.connect() as connection:
        assert migrations.current_revision(connection) == migrations.head_revision()
        found = inspect(connection)
        assert set(found.get_table_names()) - {"alembic_version"} == set(metadata.tables)
        for table in metadata.sorted_tables:
            columns = {c["name"]: c["nullable"] for c in found.get_columns(table.name)}
            assert columns == {c.name: c.nullable for c in table.columns}, table.name


def test_quarter_totals_are_built_from_the_tally_on_postgresql(engine):
    """Migration 0005 and the totals' refresh once put max(CASE … 1 ELSE 0) into the boolean `veto`:
    SQLite took the integer, PostgreSQL refused it."""
    with Session(engine) as session, session.begin():
        person = Person(name="王建国", name_pinyin="wangjianguo", name_initials="wjg", sort_key="wangjianguo",
                        gender="M", birth_date=date(1970, 1, 1), stage="activist")
        session.add(person)
        session.flush()
        veto = session.scalars(select(ScoreRule).where(ScoreRule.veto.is_(True))).first()
        plain = session.scalars(select(ScoreRule).where(ScoreRule.veto.is_(False))).first()
        session.add_all([ScoreTally(quarter="2026Q3", person_id=person.id, rule_id=plain.id, base=5, adjusted=0,
                                    entries=1, pending=0),
                         ScoreTally(quarter="2026Q4", person_id=person.id, rule_id=veto.id, base=0, adjusted=0,
                                    entries=1, pending=0)])
        session.flush()
        assert quarter_totals.rebuild(session) == 2
        rows = {q.quarter: q.veto for q in session.scalars(select(ScoreQuarter))}
        assert rows == {"2026Q3": False, "2026Q4": True}
        assert quarter_totals.differences(session) == []
