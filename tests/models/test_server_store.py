"""A shared database on a PostgreSQL server (models/storage/server_store.py): the write path works on it
as on a data file, and two programs writing at once run one after the other, losing nothing."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import date

from sqlalchemy import func, select

from models.people.citizen_id import make
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.storage import migrations
from models.storage.server_store import ServerStore, engine_url, is_server_url, shown_url
from models.workspace import Workspace
from models.workspace.entities import AuditEntry
from tests.conftest import TEST_ACTOR, TODAY


def member(name: str, serial: int) -> PersonForm:
    return PersonForm(name=name, citizen_id=make("411323", date(1968, 3, 12), serial), joined_on=date(1992, 7, 1),
                      confirmed_on=date(1993, 7, 1), phone="13812345678")


def test_urls_name_the_server_and_mean_psycopg():
    assert is_server_url("postgresql://bk@host/branchkeeper") and not is_server_url("D:/支部/branchkeeper.db")
    assert engine_url("postgresql://bk@host/branchkeeper") == "postgresql+psycopg://bk@host/branchkeeper"


def test_a_shown_url_has_no_password_in_any_place_libpq_takes_one():
    assert shown_url("postgresql://bk:s3cret@host/branchkeeper") == "postgresql://bk@host/branchkeeper"
    assert (shown_url("postgresql://bk@/branchkeeper?host=/run&password=s3cret&port=5433&sslpassword=k3y")
            == "postgresql://bk@/branchkeeper?host=/run&password=***&port=5433&sslpassword=***")
    assert shown_url("postgresql://bk@host/branchkeeper?PASSWORD=s3cret") == "postgresql://bk@host/branchkeeper?PASSWORD=***"


# Python as the built program has it: no `ssl` (installer.spec leaves it out)
WITHOUT_SSL = """
import sys

class NoSsl:
    def find_spec(self, name, path=None, target=None):
        if name in ("ssl", "_ssl"):
            raise ModuleNotFoundError("No module named 'ssl'", name=name)

sys.meta_path.insert(0, NoSsl())
from models.storage.server_store import import_driver
psycopg = import_driver()
print(psycopg.pq.__impl__)
try:
    import ssl
except ImportError:
    print("no ssl")
"""


def test_the_driver_loads_where_python_has_no_ssl_and_ssl_stays_missing():
    """psycopg's compiled part imports `ssl`; the built program has none: import_driver lends a stand-in for
    that import only."""
    shown = subprocess.run([sys.executable, "-c", WITHOUT_SSL], capture_output=True, text=True, check=True).stdout
    assert shown.split("\n")[:2] == ["binary", "no ssl"]


def test_an_empty_server_database_gets_the_schema_and_the_write_path_with_its_audit(postgres):
    store = ServerStore(postgres.new_database())
    try:
        with store.engine.connect() as connection:
            assert migrations.current_revision(connection) == migrations.HEAD
        outcome = Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(create_member, member("王建国", 11))
        with store.read() as session:
            audit = session.scalars(select(AuditEntry).where(AuditEntry.operation == "member.create")).all()
        assert [a.entity_id for a in audit] == [outcome.value]
    finally:
        store.close()


def test_two_programs_writing_at_once_run_one_after_the_other_and_lose_nothing(postgres):
    url = postgres.new_database()
    first, second = ServerStore(url), ServerStore(url)
    try:
        holding, order = threading.Event(), []

        def slow_write():
            with first.transaction() as session:
                session.execute(select(1))
                holding.set()
                time.sleep(0.5)
                order.append("first committed")

        thread = threading.Thread(target=slow_write)
        thread.start()
        holding.wait(5)
        Workspace(second, TEST_ACTOR, today=lambda: TODAY).run(create_member, member("李秀英", 22))
        order.append("second committed")
        thread.join()
        assert order == ["first committed", "second committed"]  # the second waited for the first
        Workspace(first, TEST_ACTOR, today=lambda: TODAY).run(create_member, member("张伟", 33))
        with second.read() as session:
            from models.people.entities import Person

            assert session.scalar(select(func.count()).select_from(Person)) == 2
    finally:
        first.close()
        second.close()


def test_an_edit_of_a_record_saved_meanwhile_on_another_computer_is_refused_in_chinese(postgres):
    """Two programs on one server database open 王建国 for editing; the first saves; the second's
    save would overwrite it unseen, so it is refused and the first's change stays."""
    from dataclasses import replace

    import pytest

    from models.core.errors import RecordChanged
    from models.people.operations import update_member
    from models.people.roster import get_person

    url = postgres.new_database()
    first, second = ServerStore(url), ServerStore(url)
    try:
        ours, theirs = (Workspace(s, TEST_ACTOR, today=lambda: TODAY) for s in (first, second))
        person_id = ours.run(create_member, member("王建国", 11)).value
        with first.read() as session:
            mine = get_person(session, person_id, TODAY)
        with second.read() as session:
            other = get_person(session, person_id, TODAY)
        ours.run(update_member, person_id, replace(mine.form, phone="13900000001"), seen=mine.changed_at)
        with pytest.raises(RecordChanged, match="已被修改.*没有保存"):
            theirs.run(update_member, person_id, replace(other.form, address="红旗村一组1号"), seen=other.changed_at)
        with second.read() as session:
            now = get_person(session, person_id, TODAY)
        assert now.form.phone == "13900000001" and now.form.address == ""
        again = theirs.run(update_member, person_id, replace(now.form, address="红旗村一组1号"), seen=now.changed_at)
        assert again is not None  # reopened, the edit saves
    finally:
        first.close()
        second.close()


def test_the_command_line_works_on_a_server_database_given_as_a_url(postgres, tmp_path):
    """demo, a report and Excel export on postgresql://…; commands that copy or check a data file
    refuse a server database in Chinese."""
    from pypdf import PdfReader

    from tests.models.test_demo_and_cli import run_main

    url = postgres.new_database().replace("postgresql+psycopg://", "postgresql://")
    made = run_main("demo", "--db", url + "&password=s3cret", "--people", "30")  # the server trusts, ignores it
    assert made.returncode == 0, made.stderr
    assert "password=***" in made.stdout and "s3cret" not in made.stdout + made.stderr
    report = run_main("report", "roster", "--db", url, "--out", str(tmp_path / "花名册.pdf"))
    assert report.returncode == 0, report.stderr
    assert "中共红旗村支部委员会" in "".join(page.extract_text() for page in PdfReader(tmp_path / "花名册.pdf").pages)
    exported = run_main("export-excel", "--db", url, "--out", str(tmp_path / "名册.xlsx"), "members")
    assert exported.returncode == 0, exported.stderr
    refused = run_main("backup", "--db", url, "--out", str(tmp_path / "copy.db"))
    assert refused.returncode == 1 and "只用于数据文件" in refused.stderr and "pg_dump" in refused.stderr
    # The window on a server database: tests/views/test_server_window.py.
