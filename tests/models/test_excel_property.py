"""Property-based test of the roster importer (hypothesis).

Random sheets — title rows, a shuffled subset of the known headers (written the ways people write
them), well-formed people, people with one cell spoiled, rows of junk of every cell type Excel can
hold, blank rows, footers and template example rows, all in random order — are written as real .xlsx
files and imported into a real SQLite file (empty, or already holding a few people and groups).

Whatever the sheet, the importer must
  * never raise anything but a UserError (a clear Chinese message) from read_roster / import_roster;
  * all-or-nothing: refuse (ImportRefused) and leave the database exactly as it was when any row
    has a problem, otherwise write every row;
  * skip_invalid: leave the database holding exactly what it held before plus the rows the preview
    marked ok (new people added, matched people updated in the columns the file has, nothing else);
  * never leave a stored person that the roster rules themselves reject;
  * mark every well-formed person whose ID is unique in the file as ok, with the values written,
    flag later copies of an ID as duplicates, and skip blank, footer and example rows.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from models.core.codes import ArchiveReason, Gender, Stage
from models.core.dates import add_years
from models.core.errors import UserError
from models.excel import cells
from models.excel.columns import field_for_header
from models.excel.roster_import import ImportRefused, import_roster, read_roster
from models.people import branch
from models.people import roster as people
from models.people.citizen_id import is_valid as is_valid_id
from models.people.citizen_id import make
from models.people.citizen_id import normalize as normalize_id
from models.people.operations import archive_member, create_member
from models.people.rules import ArchiveForm, PersonForm, validate_person
from models.storage.store import Store
from models.workspace import Workspace
from models.workspace.audit import AuditFilter, count_audit
from tests.conftest import TEST_ACTOR, TODAY

MAX_DATA_ROWS = 12
FOOTERS = ("填表人：张三", "审核人：李四", "合计：12人", "注：本表一式两份", "填表日期：2026年11月22日", "制表人: 王五")
TITLES = ("红旗村党支部党员花名册", "中共红旗村支部委员会党员名册（2026年）")

# field -> headers written for it (first is ours; the rest are synonyms the importer knows).
HEADERS: dict[str, tuple[str, ...]] = {
    "seq": ("序号",),
    "name": ("姓名", "党员姓名"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "citizen_id": ("公民身份号码", "身份证号", "身份证号码"),
    "birth_date": ("出生日期", "出生年月"),
    "education": ("学历", "文化程度"),
    "stage": ("人员类别", "党员类别"),
    "group": ("党小组",),
    "joined_on": ("入党日期", "入党时间"),
    "confirmed_on": ("转正日期",),
    "work_unit": ("工作单位及职务",),
    "phone": ("联系电话", "手机号码"),
    "address": ("家庭住址",),
    "is_mobile": ("流动党员",),
    "mobile_destination": ("外出地点",),
    "notes": ("备注",),
    "age": ("年龄",),  # a column the importer ignores
    "hometown": ("籍贯",),  # a column it does not know
}
OPTIONAL_FIELDS = tuple(f for f in HEADERS if f not in ("name", "citizen_id", "joined_on"))
# What ends up in PersonForm for each mapped field (group is stored by name, separately).
FORM_FIELDS = ("name", "gender", "ethnicity", "citizen_id", "birth_date", "education", "stage",
               "joined_on", "confirmed_on", "work_unit", "phone", "address", "is_mobile",
               "mobile_destination", "notes")

NAMES = ("王建国", "李秀英", "张伟", "刘洋", "陈静", "阿依古丽·买买提", "欧阳娜娜", "赵 敏", "王\u3000芳", " 孙丽 ")
GROUPS = ("第一党小组", "第二党小组", "第三党小组", "机关党小组", "",
          # Long names are real: some branches write the full name of the group.
          "中共红旗村支部委员会第一党小组（机关、学校、卫生院、合作社、个体工商户联合党小组）")
PHONES = (("13812345678", "13812345678"), ("138 1234 5678", "13812345678"),
          ("１３８１２３４５６７８", "13812345678"), (13912345678, "13912345678"),
          (13812345678.0, "13812345678"), ("0371-12345678", "0371-12345678"),
          ("0371－66668888", "0371-66668888"), ("12345678", "12345678"),
          ("0371-66668888-123", "0371-66668888-123"), ("", ""), (None, ""))
YES = ("是", "√", "流动党员", True, "Yes")
NO = ("否", "", None, "×", False, "N")
FULL_LABELS = ("正式党员", "中共党员", "正式", "党员")
PROBATIONARY_LABELS = ("预备党员", "预备", "中共预备党员")
EDUCATIONS = ("研究生", "本科", "大学本科", "大专", " 大学 专科 ", "中专", "高中", "初中", "小学", "无", "", None)
ETHNICITIES = ("汉族", "回族", "满族", "蒙古族", "", None)
NEW_REGIONS = ("411323", "410102")
EXAMPLE_REGION = "440305"

# People already in the populated database: 赵老 in 第一党小组, 钱新 in 第二党小组, 孙归 archived
# (去世), 李无号 without an ID.
EXISTING = (
    PersonForm(name="赵老", citizen_id=make("110101", date(1960, 5, 5), 901), joined_on=date(1990, 1, 1),
               confirmed_on=date(1991, 1, 1), phone="13800000001"),
    PersonForm(name="钱新", citizen_id=make("110101", date(1998, 2, 3), 902), joined_on=date(2026, 3, 1),
               stage=Stage.PROBATIONARY, education="bachelor"),
    PersonForm(name="孙归", citizen_id=make("110101", date(1950, 7, 8), 903), joined_on=date(1975, 7, 1),
               confirmed_on=date(1976, 7, 1), ethnicity="回族"),
    PersonForm(name="李无号", gender=Gender.FEMALE, birth_date=date(1965, 1, 1), joined_on=date(1990, 6, 1)),
)
EXISTING_GROUPS = ("第一党小组", "第二党小组")


# --------------------------------------------------------------------------- databases


def workspace_on(store: Store) -> Workspace:
    return Workspace(store, TEST_ACTOR, today=lambda: TODAY)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("excel_property")


@pytest.fixture(scope="module")
def templates(workdir):
    """Two migrated database files to copy for every example: empty, and with people in it."""
    empty, populated = workdir / "empty.db", workdir / "populated.db"
    Store(empty).close()
    store = Store(populated)
    try:
        workspace = workspace_on(store)
        group_ids = [workspace.run(branch.create_group, name).value for name in EXISTING_GROUPS]
        in_groups = (group_ids[0], group_ids[1], None, None)
        ids = [workspace.run(create_member, replace(form, group_id=group)).value
               for form, group in zip(EXISTING, in_groups, strict=True)]
        workspace.run(archive_member, ids[2], ArchiveForm(reason=ArchiveReason.DECEASED, archived_on=date(2026, 1, 1)))
        with store.read() as session:
            existing_ids = {people.get_person(session, i, TODAY).form.citizen_id: i for i in ids}
        del existing_ids[""]
    finally:
        store.close()
    assert not list(workdir.glob("*.db-wal")), "templates must be complete single files to copy"
    return {False: (empty, {}), True: (populated, existing_ids)}


@dataclass(frozen=True)
class Record:
    """What the test compares of one stored person."""

    citizen_id: str
    name: str
    gender: str
    birth_date: date
    ethnicity: str
    education: str
    stage: str
    joined_on: date | None
    confirmed_on: date | None
    work_unit: str
    phone: str
    address: str
    is_mobile: bool
    notes: str
    group_name: str
    archive_reason: str | None

    @staticmethod
    def of(form: PersonForm, group_name: str, archive_reason: str | None) -> Record:
        return Record(form.citizen_id, form.name, form.gender, form.birth_date, form.ethnicity, form.education,
                      form.stage, form.joined_on, form.confirmed_on, form.work_unit, form.phone, form.address,
                      form.is_mobile, form.notes, group_name, archive_reason)


@dataclass
class Snapshot:
    records: list[Record]
    groups: list[str]
    forms: list[PersonForm]
    audit_rows: int


def snapshot(store: Store) -> Snapshot:
    with store.read() as session:
        details = people.roster_entries(session, None, True, TODAY)
        assert len(details) == people.count_members(session, include_archived=True)
        listed = people.list_members(session, people.MemberFilter(include_archived=True), TODAY)
        assert sorted(r.id for r in listed) == sorted(d.id for d in details)
        records = sorted((Record.of(d.form, d.group_name, d.archive.reason if d.archive else None) for d in details),
                         key=repr)
        groups = sorted(g.name for g in branch.list_groups(session))
        audit_rows = count_audit(session, AuditFilter())
    return Snapshot(records, groups, [d.form for d in details], audit_rows)


# --------------------------------------------------------------------------- cell strategies

_ILLEGAL_FOR_XLSX = ("Cs", "Cc", "Cn", "Co")  # surrogates, control characters, non-characters


def _harmless(text: str) -> bool:
    """Text that neither turns a row into a footer/example row nor looks like a header or an ID."""
    stripped = text.strip()
    return (not stripped.startswith(("填表人", "审核人", "制表人", "填报人", "负责人", "联系人", "合计", "总计",
                                     "注：", "注:", "说明：", "填表日期", "填报日期", "示例", "="))
            and field_for_header(text) is None
            and not is_valid_id(normalize_id(cells.ascii_text(text))))


def free_text(max_size: int = 20) -> st.SearchStrategy[str]:
    return st.text(st.characters(blacklist_categories=_ILLEGAL_FOR_XLSX), max_size=max_size).filter(_harmless)


def _fullwidth(text: str) -> str:
    return text.translate(str.maketrans("0123456789-X", "０１２３４５６７８９－Ｘ"))


def date_cell(value: date) -> st.SearchStrategy[object]:
    """The ways a date is written in a roster: real dates, text in several styles, numbers."""
    y, m, d = value.year, value.month, value.day
    iso = f"{y:04d}-{m:02d}-{d:02d}"
    ways: list[object] = [datetime(y, m, d), iso, f"{y}.{m}.{d}", f"{y}/{m:02d}/{d}", f"{y}年{m}月{d}日",
                          f"{y:04d}{m:02d}{d:02d}", _fullwidth(iso), f" {iso} "]
    if y >= 1000:
        ways.append(int(f"{y:04d}{m:02d}{d:02d}"))  # 19750312 typed as a number
    if value >= date(1900, 3, 1):
        ways.append((value - date(1899, 12, 30)).days)  # an Excel serial shown as a number
    return st.sampled_from(ways)


def year_month_cell(value: date) -> st.SearchStrategy[object]:
    y, m = value.year, value.month
    return st.sampled_from([f"{y}.{m:02d}", f"{y}年{m}月", int(f"{y}{m:02d}"), f"{y}-{m}"])


def id_cell(number: str) -> st.SearchStrategy[str]:
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
    ways = [number, f" {number} ", spaced, _fullwidth(number), "\u3000" + number]
    if number.endswith("X"):
        ways.append(number[:-1] + "x")
    return st.sampled_from(ways)


JUNK_STRINGS = ("1975.3.12", "19750312", "2030-01-01", "１９７５年３月１２日", "1975.03", "2026-02-30", "9999-12-31",
                "0001-01-01", "1899-12-31", "男", "女", "未知", "预备党员", "积极分子", "是", "否", "N/A", "-", "/",
                "无", "0", "X", "4113231970010100", "411323 19700101 001X", "00000000", "13812345678",
                "123", "  ", "张三", "第一党小组", "#N/A", "TRUE", "1e308", "nan", "∞", "\u200b")
JUNK = st.one_of(
    st.none(),
    st.just(""),
    st.sampled_from(JUNK_STRINGS),
    free_text(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, 1, 59, 60, 61, 79_999, 80_000, 197_503, 10_000_000, 19_750_312, 99_991_231, 99_999_999,
                     13_812_345_678, 411_323_197_001_010_011]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([4.11323197001010011e17, 1e15, 19750312.0, 25000.5, 0.5, -1.0, 1e300]),
    st.booleans(),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    st.dates().flatmap(date_cell),
    st.times(),
).filter(lambda v: not isinstance(v, str) or _harmless(v))


# --------------------------------------------------------------------------- rows and sheets


@dataclass
class Row:
    kind: str  # valid, mangled, junk, blank, footer, seq_only, example
    cells: dict[str, object] = field(default_factory=dict)  # field -> value
    carried_id: str | None = None  # the ID the row's ID cell holds, when that cell is well-formed
    expect: dict[str, object] = field(default_factory=dict)  # for valid rows: PersonForm values
    group_name: str = ""
    existing: bool = False
    sure_ok: bool = True  # False: well-formed, but its 党小组 name is longer than a group name may be


@st.composite
def person_row(draw, fields: list[str], number: str, birth: date, existing: bool) -> Row:
    """A well-formed roster line for the person with this ID."""
    male = int(number[16]) % 2 == 1
    joined = draw(st.dates(add_years(birth, 18), TODAY))
    stage_kind = draw(st.sampled_from(["full", "probationary", "blank"])) if "stage" in fields else "blank"
    confirmed = None
    if stage_kind != "probationary" and joined < TODAY and draw(st.booleans()):
        confirmed = draw(st.dates(joined + timedelta(days=1), TODAY))
    effective_confirmed = confirmed if "confirmed_on" in fields else None
    if stage_kind == "full":
        stage = Stage.FULL
    elif stage_kind == "probationary":
        stage = Stage.PROBATIONARY
    else:
        inferred_probationary = effective_confirmed is None and add_years(joined, 2) > TODAY
        stage = Stage.PROBATIONARY if inferred_probationary else Stage.FULL
    name = draw(st.sampled_from(NAMES))
    phone_cell, phone = draw(st.sampled_from(PHONES))
    mobile_possible = "mobile_destination" in fields
    mobile = "is_mobile" in fields and mobile_possible and draw(st.booleans())
    values: dict[str, object] = {
        "seq": draw(st.one_of(st.none(), st.integers(1, 999))),
        "name": name,
        "gender": draw(st.sampled_from(("", "男", "男性", "M", "m") if male else ("", "女", "女性", "F", "f"))),
        "ethnicity": draw(st.sampled_from(ETHNICITIES)),
        "citizen_id": draw(id_cell(number)),
        "birth_date": draw(st.one_of(st.sampled_from([None, ""]), date_cell(birth), year_month_cell(birth))),
        "education": draw(st.sampled_from(EDUCATIONS)),
        "stage": draw(st.sampled_from({"full": FULL_LABELS, "probationary": PROBATIONARY_LABELS,
                                       "blank": ("", None)}[stage_kind])),
        "group": draw(st.one_of(st.sampled_from(GROUPS), free_text(45))),
        "joined_on": draw(date_cell(joined)),
        "confirmed_on": draw(date_cell(confirmed)) if confirmed else draw(st.sampled_from([None, ""])),
        "work_unit": draw(st.one_of(st.sampled_from(["村委会 主任", "红旗村小学教师", "", None]), free_text())),
        "phone": phone_cell,
        "address": draw(st.one_of(st.sampled_from(["红旗村3组", "", None]), free_text())),
        "is_mobile": draw(st.sampled_from(YES if mobile else NO)),
        "mobile_destination": draw(st.sampled_from(["广东省深圳市", "浙江 杭州"]) if mobile
                                   else st.one_of(st.sampled_from(["", None]), free_text())),
        "notes": draw(st.one_of(st.sampled_from(["老党员", "", None]), free_text())),
        "age": draw(st.one_of(st.none(), st.integers(18, 100))),
        "hometown": draw(st.one_of(st.none(), free_text(8))),
    }
    expect: dict[str, object] = {
        "name": re.sub(r"\s+", "", name), "citizen_id": number, "birth_date": birth,
        "gender": Gender.MALE if male else Gender.FEMALE, "stage": stage, "joined_on": joined,
        "confirmed_on": effective_confirmed,
    }
    if "phone" in fields:
        expect["phone"] = phone
    if "is_mobile" in fields:
        expect["is_mobile"] = mobile
    if mobile:
        expect["mobile_destination"] = cells.text(values["mobile_destination"])
    group = cells.text(values["group"]) if "group" in fields else ""
    return Row("valid", {f: values[f] for f in fields}, number, expect, group, existing, len(group) <= 40)


def spoil(row: Row, fields: list[str], data) -> Row:
    """The same person with one cell replaced by junk: may or may not still be valid."""
    target = data.draw(st.sampled_from(fields))
    cells_ = {**row.cells, target: data.draw(JUNK)}
    return Row("mangled", cells_, None if target == "citizen_id" else row.carried_id, existing=row.existing)


def filler_row(kind: str, fields: list[str], data) -> Row:
    if kind == "junk":
        return Row("junk", {f: data.draw(JUNK) for f in fields})
    if kind == "blank":
        return Row("blank", {f: data.draw(st.sampled_from([None, "", "  ", "\u3000"])) for f in fields})
    if kind == "footer":
        start = data.draw(st.integers(0, len(fields) - 1))
        text = data.draw(st.sampled_from(FOOTERS))
        after = {f: data.draw(st.sampled_from([None, "审核人：李四", "2026年11月"])) for f in fields[start + 1:]}
        return Row("footer", {fields[start]: text, **after})
    # Only a number (序号 filled in ahead of time); whether it is skipped depends on the column.
    return Row("seq_only", {data.draw(st.sampled_from(fields)): data.draw(st.integers(1, 99))})


@dataclass
class Sheet:
    fields: list[str]
    headers: list[str]
    titles: list[list[object]]
    rows: list[Row]

    @property
    def header_row(self) -> int:
        return len(self.titles) + 1

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index

    def write(self, path: Path) -> None:
        book = Workbook()
        sheet = book.active
        for number, title in enumerate(self.titles, start=1):
            sheet.append(title)
            if title and title[0] is not None and len(self.fields) > 1:
                sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(self.fields))
        sheet.append(self.headers)
        for row in self.rows:
            sheet.append([row.cells.get(f) for f in self.fields])
        book.save(path)


def decorated_header(field_name: str, data) -> str:
    header = data.draw(st.sampled_from(HEADERS[field_name]))
    return data.draw(st.sampled_from([header, "*" + header, header + "（必填）", " ".join(header)]))


def draw_sheet(data, existing_ids: dict[str, int]) -> Sheet:
    fields = ["name", "citizen_id"]
    if data.draw(st.integers(0, 4), label="drop 入党日期 when 0"):
        fields.append("joined_on")
    fields += data.draw(st.lists(st.sampled_from(OPTIONAL_FIELDS), unique=True), label="optional columns")
    fields = list(data.draw(st.permutations(fields), label="column order"))
    headers = [decorated_header(f, data) for f in fields]
    titles = data.draw(st.lists(st.sampled_from([[t] for t in TITLES] + [[None]]), max_size=2), label="titles")

    identities = data.draw(st.lists(
        st.tuples(st.sampled_from(NEW_REGIONS), st.dates(date(1930, 1, 1), add_years(TODAY, -18)),
                  st.integers(0, 899)).map(lambda t: (make(t[0], t[1], t[2]), t[1])),
        max_size=6, unique_by=lambda t: t[0]), label="new people")
    chosen = data.draw(st.lists(st.sampled_from(sorted(existing_ids)), max_size=3), label="existing people") \
        if existing_ids else []
    people_rows = [data.draw(person_row(fields, n, b, False)) for n, b in identities]
    for number in chosen:
        info_birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        people_rows.append(data.draw(person_row(fields, number, info_birth, True)))

    rows: list[Row] = []
    for row in people_rows:
        action = data.draw(st.sampled_from(["keep", "keep", "spoil", "copy", "spoiled_copy"]))
        rows.append(spoil(row, fields, data) if action == "spoil" else row)
        if action == "copy":
            rows.append(Row("valid", dict(row.cells), row.carried_id, row.expect, row.group_name, row.existing,
                            row.sure_ok))
        elif action == "spoiled_copy":
            rows.append(spoil(row, fields, data))
    for kind in data.draw(st.lists(st.sampled_from(["junk", "blank", "footer", "seq_only"]), max_size=4)):
        rows.append(filler_row(kind, fields, data))
    if "notes" in fields and data.draw(st.booleans()):
        birth = data.draw(st.dates(date(1950, 1, 1), date(2000, 1, 1)))
        example = data.draw(person_row(fields, make(EXAMPLE_REGION, birth, 1), birth, False))
        rows.append(Row("example", {**example.cells, "notes": "示例：请按此格式填写"}))
    rows = list(data.draw(st.permutations(rows), label="row order"))[:MAX_DATA_ROWS]
    return Sheet(fields, headers, titles, rows)


# --------------------------------------------------------------------------- the property


def expected_after(before: Snapshot, preview) -> tuple[list, list]:
    """Records and group names the database should hold after writing the preview's ok rows."""
    present = set(preview.mapping.values())
    by_id = {r.citizen_id: r for r in before.records if r.citizen_id}
    others = [r for r in before.records if not r.citizen_id]
    for row in preview.update_rows:
        old = by_id[row.form.citizen_id]
        changed = {f: getattr(row.form, f) for f in FORM_FIELDS
                   if f in present or f in ("name", "gender", "birth_date")}
        changed = {k: v for k, v in changed.items() if k in Record.__dataclass_fields__}
        if "group" in present:
            changed["group_name"] = row.group_name
        by_id[row.form.citizen_id] = Record(**{**vars(old), **changed})
    new = [Record.of(row.form, row.group_name, None) for row in preview.new_rows]
    records = sorted([*by_id.values(), *others, *new], key=repr)
    groups = sorted(set(before.groups) | {r.group_name for r in preview.rows if r.ok and r.group_name})
    return records, groups


def check_preview(sheet: Sheet, preview, existing_ids: dict[str, int], stored: dict[str, PersonForm]) -> None:
    """What the preview says about the rows the test built on purpose."""
    present = set(preview.mapping.values())
    by_number = {r.row: r for r in preview.rows}
    skipped = {number for number, _ in preview.skipped}
    written = [i for i, row in enumerate(sheet.rows)
               if any(v is not None and str(v).strip() != "" for v in row.cells.values())]
    # Blank rows under the table may be left out (openpyxl writes no empty rows, the reader drops blank ones).
    must = {sheet.row_number(i) for i in range(written[-1] + 1)} if written else set()
    may = {sheet.row_number(i) for i in range(len(sheet.rows))}
    assert must <= set(by_number) | skipped <= may, \
        "every data row is either parsed or skipped, and numbered as Excel shows it"
    assert not set(by_number) & skipped
    for index, row in enumerate(sheet.rows):
        number = sheet.row_number(index)
        if row.kind in ("blank", "footer", "example") and number in must:
            assert number in skipped, f"{row.kind} row {number} should be skipped"
        if row.kind == "valid":
            assert number in by_number, f"well-formed row {number} was skipped"

    # The first non-skipped row carrying an ID claims it; later rows with it are duplicates.
    claimed: set[str] = set()
    for index, row in enumerate(sheet.rows):
        number = sheet.row_number(index)
        if number in skipped or not row.carried_id:
            continue
        parsed = by_number[number]
        if row.carried_id in claimed:
            assert not parsed.ok and any("重复" in p.message for p in parsed.problems), \
                f"row {number} repeats an ID already in the file but is not flagged: {parsed.problems}"
            continue
        claimed.add(row.carried_id)
        if row.kind != "valid" or not row.sure_ok or "joined_on" not in sheet.fields:
            continue
        if row.existing:
            # A well-formed line about a stored person is only sure to pass when the record it would
            # leave (the stored one with the file's columns written over it) keeps the rules.
            written = {k: v for k, v in row.expect.items() if k in present or k in ("name", "gender", "birth_date")}
            if validate_person(replace(stored[row.carried_id], **written), TODAY):
                continue
        elif validate_person(replace(PersonForm(), **row.expect), TODAY):
            continue  # read as written, but the roster rules question it (e.g. 正式党员 without 转正日期)
        assert parsed.ok, f"well-formed row {number} ({row.cells}) has problems: {parsed.problems}"
        for name, value in row.expect.items():
            assert getattr(parsed.form, name) == value, f"row {number}: {name} read as {getattr(parsed.form, name)!r}"
        assert parsed.group_name == row.group_name
        assert parsed.existing_id == existing_ids.get(row.carried_id)
    if "joined_on" not in sheet.fields:
        assert not any(r.ok for r in preview.rows), "without 入党日期 no row can be valid"


def import_once(db: Path, xlsx: Path, sheet: Sheet, existing_ids: dict[str, int], skip_invalid: bool) -> None:
    store = Store(db)
    try:
        before = snapshot(store)
        preview = None
        try:
            with store.read() as session:
                preview = read_roster(xlsx, session, TODAY)
            check_preview(sheet, preview, existing_ids,
                          {form.citizen_id: form for form in before.forms if form.citizen_id})
            workspace_on(store).run(import_roster, preview, skip_invalid=skip_invalid)
        except UserError as exc:
            # A clear message and nothing written.
            refused = isinstance(exc, ImportRefused)
            assert snapshot(store) == before, "a refused import changed the database"
            if preview is None:
                return
            assert refused and not skip_invalid and preview.problem_rows, f"unexpected refusal: {exc}"
            return
        assert skip_invalid or not preview.problem_rows, "all-or-nothing import wrote despite problem rows"
        if skip_invalid:
            event(f"new rows written: {min(len(preview.new_rows), 3)}+")
            event(f"people updated: {min(len(preview.update_rows), 2)}+")
            event(f"problem rows: {min(len(preview.problem_rows), 3)}+")
            event(f"rows skipped: {min(len(preview.skipped), 2)}+")
        after = snapshot(store)
        records, groups = expected_after(before, preview)
        assert after.groups == groups
        # One audit row per person created and per group created, at most one per person updated.
        created = before.audit_rows + len(preview.new_rows) + len(set(groups) - set(before.groups))
        assert created <= after.audit_rows <= created + len(preview.update_rows)
        assert after.records == records, "the database does not hold exactly the old people plus the ok rows"
        for form in after.forms:
            assert validate_person(form, TODAY) == {}, f"stored person breaks the roster rules: {form}"
        known = {r.citizen_id for r in before.records} | {r.form.citizen_id for r in preview.rows if r.ok}
        for problem_row in preview.problem_rows:
            number = problem_row.form.citizen_id
            if number and number not in known:
                assert number not in {r.citizen_id for r in after.records}, f"problem row {problem_row.row} written"
    finally:
        store.close()


# No shrink phase: an example writes a workbook and two databases, and shrinking one through
# hundreds of draws takes minutes. The regression tests below hold the minimal cases found so far.
@settings(max_examples=150, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(data=st.data())
def test_importer_survives_random_sheets_and_writes_all_or_exactly_the_valid_rows(data, templates, workdir):
    populated = data.draw(st.booleans(), label="populated database")
    template, existing_ids = templates[populated]
    sheet = draw_sheet(data, existing_ids)
    folder = Path(tempfile.mkdtemp(dir=workdir))
    try:
        xlsx = folder / "花名册.xlsx"
        sheet.write(xlsx)
        for skip_invalid in (False, True):
            db = folder / f"skip-{skip_invalid}.db"
            shutil.copy(template, db)
            import_once(db, xlsx, sheet, existing_ids, skip_invalid)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- minimal cases found by the property


def _write(path: Path, *rows: list[object]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _import_skipping_invalid(store: Store, path: Path):
    """read_roster + import_roster(skip_invalid=True); only a UserError may come out."""
    try:
        with store.read() as session:
            preview = read_roster(path, session, TODAY)
        workspace_on(store).run(import_roster, preview, skip_invalid=True)
    except UserError:
        return None
    return preview


def test_a_joined_date_in_year_9999_is_a_problem_not_a_crash(store, tmp_path):
    # No 人员类别: the stage is inferred with add_years(joined_on, 1), which overflows past 9999.
    path = _write(tmp_path / "a.xlsx", ["姓名", "公民身份号码", "入党日期"],
                  ["张三", make("411323", date(1970, 1, 1), 11), "9999-12-31"])
    with store.read() as session:
        preview = read_roster(path, session, TODAY)
    assert "入党日期" in [p.field for p in preview.problems]


def test_a_birth_date_near_year_9999_is_a_problem_not_a_crash(store, tmp_path):
    # The 18-years check computes add_years(birth_date, 18) even when the birth date is already an error.
    path = _write(tmp_path / "a.xlsx", ["姓名", "性别", "出生日期", "入党日期"],
                  ["张三", "男", "9990-01-01", "2000-01-01"])
    with store.read() as session:
        preview = read_roster(path, session, TODAY)
    assert "出生日期" in [p.field for p in preview.problems]


def test_a_group_name_too_long_to_store_is_a_problem_not_a_crash(store, tmp_path):
    # The preview accepted the row; creating the group then raised ValidationError (once not a UserError).
    number = make("411323", date(1970, 1, 1), 11)
    path = _write(tmp_path / "a.xlsx", ["姓名", "公民身份号码", "入党日期", "党小组"],
                  ["张三", number, "2000-01-01", "党" * 41])
    preview = _import_skipping_invalid(store, path)
    with store.read() as session:
        stored = people.existing_by_citizen_id(session)
    assert preview is not None
    assert (number in stored) == (not preview.problem_rows)


@pytest.mark.parametrize("headers, cells", [
    # Stored 正式党员 with 转正日期 1991-01-01; the file says 预备党员 but has no 转正日期 column.
    (["姓名", "公民身份号码", "入党日期", "人员类别"], ["赵老", EXISTING[0].citizen_id, "1990-01-01", "预备党员"]),
    # The file moves 入党日期 past the stored 转正日期 and has no 转正日期 column.
    (["姓名", "公民身份号码", "入党日期"], ["赵老", EXISTING[0].citizen_id, "2000-01-01"]),
])
def test_updating_a_stored_person_never_leaves_a_record_the_rules_reject(store, workspace, tmp_path, headers,
                                                                         cells):
    person_id = workspace.run(create_member, EXISTING[0]).value
    path = _write(tmp_path / "a.xlsx", headers, cells)
    preview = _import_skipping_invalid(store, path)
    assert preview is not None
    with store.read() as session:
        form = people.get_person(session, person_id, TODAY).form
    assert validate_person(form, TODAY) == {}, "the row passed the preview, the merged record does not"
