"""Reports generated from a real database, checked in the PDF itself."""

import errno
import os
import re
from datetime import date

import pytest

from models.core.privacy import mask_citizen_id, mask_phone
from models.people import branch, citizen_id
from models.people import roster as people
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.reports.document import Cancelled, ReportError
from models.reports.person_card import build_person_card
from models.reports.roster import RosterOptions, build_roster
from tests.conftest import TODAY
from tests.pdf_check import A4_LANDSCAPE, A4_PORTRAIT, read_pdf

BRANCH = branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", "")


@pytest.fixture
def demo_store(demo_branch):
    return demo_branch(80)  # as workspace.run(fill_demo, 80), copied after the first time


def _everyone(store):
    with store.read() as session:
        rows = people.list_members(session, people.MemberFilter(include_archived=True), TODAY)
        return [people.get_person(session, r.id, TODAY) for r in rows]


def _roster(store, **options):
    with store.read() as session:
        return read_pdf(build_roster(session, RosterOptions(**options), TODAY))


def test_roster_is_landscape_a4_with_every_font_embedded_and_real_text(demo_store):
    pdf = _roster(demo_store)
    assert pdf.pages >= 2
    assert set(pdf.sizes) == {A4_LANDSCAPE}
    assert pdf.fonts and all(pdf.fonts.values()), pdf.fonts
    assert "党员花名册" in pdf.text and "中共红旗村支部委员会" in pdf.text
    assert f"共 {pdf.pages} 页" in pdf.text and f"第 {pdf.pages} 页" in pdf.text
    assert "内部资料 注意保管" in pdf.text
    active = [p for p in _everyone(demo_store) if p.archive is None]
    assert all(p.form.name in pdf.text for p in active)
    assert all(p.form.citizen_id in pdf.text for p in active)  # full IDs on the internal roster
    assert "第一党小组" in pdf.text and "平均年龄" in pdf.text and "80 人" in pdf.text
    assert "2026年11月22日" in pdf.text  # signature block date


def test_rare_name_character_comes_out_in_the_text(demo_store):
    pdf = _roster(demo_store)
    assert "李䶮" in pdf.text  # CJK Extension A, drawn with a fallback font


def test_extension_b_character_extracts_as_itself(demo_store, workspace):
    """𠈌 (U+2020C) is drawn by a fallback font; ReportLab's ToUnicode map wrote it as <2020C>,
    which readers take for U+2020 "†" (or drop): copied or searched, the name was wrong."""
    person = workspace.run(create_member, PersonForm(
        name="王𠈌", citizen_id=citizen_id.make("411323", date(1970, 1, 1), 11),
        joined_on=date(1995, 1, 1), confirmed_on=date(1996, 1, 1))).value
    with demo_store.read() as session:
        roster = read_pdf(build_roster(session, RosterOptions(), TODAY))
        card = read_pdf(build_person_card(session, person, TODAY))
    for pdf in (roster, card):
        assert "王\U0002020C" in pdf.text and "†" not in pdf.text
        assert "U+2020C" not in pdf.text  # drawn, not listed as missing


def test_to_unicode_map_writes_characters_beyond_the_bmp_as_surrogate_pairs():
    from models.reports.fonts import _utf16_to_unicode_cmap

    cmap = _utf16_to_unicode_cmap("F", [0, 0x738B, 0x2020C])
    assert "<01> <738B>" in cmap and "<02> <D840DE0C>" in cmap and "2020C" not in cmap


def test_title_names_the_branch_and_groups_are_named_once(demo_store):
    pdf = _roster(demo_store)
    assert pdf.text.startswith("中共红旗村支部委员会党员花名册")
    direct = sum(1 for p in _everyone(demo_store) if p.archive is None and not p.group_name)
    assert direct and f"直属支部（{direct}人）" in pdf.text
    assert "未编入党小组" not in pdf.text and "）（" not in pdf.text


def test_roster_and_card_end_with_the_same_sign_off(demo_store):
    person = _everyone(demo_store)[0]
    with demo_store.read() as session:
        card = read_pdf(build_person_card(session, person.id, TODAY)).text
    for text in (_roster(demo_store).text, _roster(demo_store, masked=True).text, card):
        lines = [line for line in text.splitlines() if "填表人" in line]
        assert len(lines) == 1 and "审核人：" in lines[0] and "填报日期：2026年11月22日" in lines[0]
        assert "中共红旗村支部委员会（盖章）" in text


def test_masked_roster_contains_no_full_id_or_phone(demo_store):
    pdf = _roster(demo_store, masked=True)
    active = [p for p in _everyone(demo_store) if p.archive is None]
    for person in active:
        assert person.form.citizen_id not in pdf.text
        assert mask_citizen_id(person.form.citizen_id) in pdf.text
        if person.form.phone:
            assert person.form.phone not in pdf.text
            assert mask_phone(person.form.phone) in pdf.text
    assert not re.search(r"\d{17}[\dX]", pdf.text)
    assert not re.search(r"1[3-9]\d{9}", pdf.text)
    assert "内部资料" not in pdf.text  # a posted document is not marked internal
    assert "出生年份" in pdf.text and "出生日期" not in pdf.text  # the hidden ID digits are the birth date


def test_archived_people_only_when_asked(demo_store):
    archived = [p for p in _everyone(demo_store) if p.archive is not None]
    assert archived
    without = _roster(demo_store)
    with_archived = _roster(demo_store, include_archived=True)
    assert archived[0].form.citizen_id not in without.text
    assert archived[0].form.citizen_id in with_archived.text
    assert "已归档" in with_archived.text


def test_one_group_only(demo_store):
    with demo_store.read() as session:
        groups = branch.list_groups(session)
    pdf = _roster(demo_store, group_id=groups[1].id)
    assert groups[1].name in pdf.text and groups[0].name not in pdf.text


def test_empty_database_is_explained_not_an_empty_pdf(store, workspace):
    workspace.run(branch.update_branch, BRANCH)
    with pytest.raises(ReportError, match="还没有党员"), store.read() as session:
        build_roster(session, RosterOptions(), TODAY)


def test_person_card_is_portrait_and_complete(demo_store):
    person = next(p for p in _everyone(demo_store) if p.form.name == "李䶮")
    with demo_store.read() as session:
        pdf = read_pdf(build_person_card(session, person.id, TODAY))
    assert pdf.sizes == [A4_PORTRAIT]
    assert all(pdf.fonts.values())
    for text in ("党员基本信息卡", "李䶮", person.form.citizen_id, person.form.phone, "中共红旗村支部委员会",
                 "共 1 页", "照片"):
        assert text in pdf.text, text


def test_character_no_font_has_is_named_in_the_report(store, workspace):
    odd = "王\U000F0041"  # a private-use character: no font draws it
    workspace.run(branch.update_branch, BRANCH)
    person_id = workspace.run(create_member, PersonForm(
        name=odd, citizen_id=citizen_id.make("411323", date(1970, 1, 1), 11),
        joined_on=date(1995, 1, 1), confirmed_on=date(1996, 1, 1))).value
    with store.read() as session:
        roster = read_pdf(build_roster(session, RosterOptions(), TODAY))
        card = read_pdf(build_person_card(session, person_id, TODAY))
    for pdf in (roster, card):
        assert "找不到以下字符" in pdf.text and "U+F0041" in pdf.text


def test_progress_is_reported_and_cancel_stops(demo_store):
    seen = []
    with demo_store.read() as session:
        build_roster(session, RosterOptions(), TODAY, progress=lambda f, m: seen.append(f))
        assert seen[-1] == 1.0 and seen == sorted(seen)
        with pytest.raises(Cancelled):
            build_roster(session, RosterOptions(), TODAY, cancel=lambda: True)


def test_run_time_font_check_agrees_with_pypdf(demo_store):
    from models.reports.pdf_check import font_problems

    with demo_store.read() as session:
        data = build_roster(session, RosterOptions(), TODAY)
    assert font_problems(data) == [] and all(read_pdf(data).fonts.values())
    import io

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont("Helvetica", 12)  # a standard font: referenced, never embedded
    canvas.drawString(72, 72, "not embedded")
    canvas.save()
    assert font_problems(buffer.getvalue()) == ["Helvetica"]


@pytest.mark.parametrize(("call", "code", "says"), [
    ("replace", errno.ENOSPC, "空间已满"), ("replace", errno.EACCES, "PDF阅读器"), ("fsync", errno.EIO, "读写磁盘时出错")])
def test_a_failed_save_keeps_the_old_file_and_leaves_nothing_behind(tmp_path, monkeypatch, call, code, says):
    from models.reports.output import write_pdf

    target = tmp_path / "花名册.pdf"
    target.write_bytes(b"last month's roster")

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, call, fail)
    with pytest.raises(ReportError, match=says) as caught:
        write_pdf(b"%PDF-1.4 new", target)
    assert "花名册.pdf" in str(caught.value) and "没有改动" in str(caught.value)
    assert target.read_bytes() == b"last month's roster"
    assert [p.name for p in tmp_path.iterdir()] == ["花名册.pdf"]  # no temporary file left


def test_a_save_replaces_the_old_file_whole(tmp_path):
    from models.reports.output import write_pdf

    target = tmp_path / "花名册.pdf"
    target.write_bytes(b"last month's roster")
    write_pdf(b"%PDF-1.4 new", target)
    assert target.read_bytes() == b"%PDF-1.4 new" and [p.name for p in tmp_path.iterdir()] == ["花名册.pdf"]
    with pytest.raises(ReportError, match="已有的文件夹"):
        write_pdf(b"%PDF", tmp_path)
