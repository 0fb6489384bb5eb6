"""党员花名册 page by page (new-user trial, item 6), read back from the PDF with an 80-person demo
file: a 党小组 heading never ends a page without its rows, a page that continues a group names it
(“第二党小组（续）”), and a date in 备注 is not broken across lines."""

import re
import shutil
from datetime import date

import pytest
from reportlab.lib.units import mm

from models.people.branch import list_groups
from models.people.citizen_id import make
from models.people.operations import create_member
from models.people.roster import roster_entries
from models.people.rules import PersonForm
from models.reports.document import new_styles
from models.reports.grid import Caption, GridStyle, GridTable, wrap_lines
from models.reports.roster import RosterOptions
from models.reports.roster_layout import roster_pdf
from models.storage.store import Store
from models.workspace import Workspace
from tests.conftest import TEST_ACTOR, TODAY
from tests.database_damage import make_demo_file
from tests.pdf_check import page_texts

HEADING = re.compile(r"^(\S*党小组|直属支部)（(\d+人|续)）$", re.MULTILINE)
ROW = re.compile(r"^\d+\s+\S+\s+[男女]\s", re.MULTILINE)  # a roster line: 序号, 姓名, 性别 …


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The 80-person demo file, made once (filling it takes seconds); each test works on a copy."""
    return make_demo_file(tmp_path_factory.mktemp("roster") / "demo.db", people=80)


@pytest.fixture
def demo(template, tmp_path):
    copy = tmp_path / "demo.db"
    shutil.copy(template, copy)
    store = Store(copy)
    yield Workspace(store, TEST_ACTOR, today=lambda: TODAY)
    store.close()


def page_bodies(data: bytes) -> list[str]:
    """Each page's text without its footer (打印日期 … 第 N 页)."""
    return [text.split("打印日期")[0] for text in page_texts(data)]


def check_pages(data: bytes) -> None:
    for number, body in enumerate(page_bodies(data), start=1):
        headings = list(HEADING.finditer(body))
        for heading in headings:  # every heading has roster lines after it on its own page
            assert ROW.search(body, heading.end()), f"page {number}: “{heading.group(0)}” ends the page"
        first_row = ROW.search(body)
        if number > 1 and first_row and (not headings or headings[0].start() > first_row.start()):
            pytest.fail(f"page {number} continues a group without naming it")
        if number > 1 and first_row and headings[0].start() < first_row.start():
            assert headings[0].group(2) == "续" or ROW.search(body, 0, headings[0].start()) is None


def add_to_first_group(workspace, count: int, start: int) -> None:
    with workspace.read() as session:
        group = list_groups(session)[0].id
    for n in range(start, start + count):
        workspace.run(create_member, PersonForm(
            name=f"赵{'一二三四五六七八九十'[n % 10]}明{'甲乙丙丁'[n // 10]}",
            citizen_id=make("411323", date(1970, 1, 1 + n), 500 + n), group_id=group,
            joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1)))


def test_headings_stay_with_their_rows_however_the_groups_fall(demo):
    # Each added member moves the later groups down the pages; at some counts a heading fell at the
    # very foot of a page with its rows overleaf (the trial: 8–11 and 20–23 added, with this demo).
    for added in range(0, 24, 3):
        with demo.read() as session:
            check_pages(roster_pdf(session, RosterOptions(), TODAY))
        add_to_first_group(demo, 3, added)


def test_continued_pages_name_their_group(demo):
    with demo.read() as session:
        data = roster_pdf(session, RosterOptions(include_archived=True), TODAY)
    bodies = page_bodies(data)
    assert len(bodies) > 2
    continued = [HEADING.search(body).group(0) for body in bodies[1:]]
    assert all(h.endswith("（续）") for h in continued if "（续）" in h)
    assert any(h.endswith("（续）") for h in continued)
    check_pages(data)


def test_dates_in_the_remarks_stay_whole(demo):
    with demo.read() as session:
        archived = {p.archive.archived_on for p in roster_entries(session, None, True, TODAY) if p.archive}
        text = "".join(page_texts(roster_pdf(session, RosterOptions(include_archived=True), TODAY)))
    assert archived
    assert not re.search(r"（\d{4}\s+-\d\d-\d\d）", text)  # as it was: “已转出（2024” / “-11-27）”
    shown = {date.fromisoformat(d) for d in re.findall(r"已(?:转出|去世)（\s*(\d{4}-\d\d-\d\d)）", text)}
    assert shown == archived


@pytest.fixture
def grid():
    styles = new_styles()
    return styles, GridStyle(font=styles.fonts.body, header_font=styles.fonts.title)


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("已转出（2024-11-27）", 21, ("已转出（", "2024-11-27）")),
    ("已转出（2024-11-27）", 40, ("已转出（2024-11-27）",)),
    ("电话0371-66668888", 21, ("电话0371-", "66668888")),
    ("红旗村第三村民小组 组长", 31, ("红旗村第三村民小组", "组长")),
    ("流动党员：广东省深圳市宝安区", 21, ("流动党员：广", "东省深圳市宝", "安区")),
])
def test_wrap_lines_keeps_dates_numbers_and_punctuation_together(grid, text, width, lines):
    _styles, style = grid
    assert wrap_lines(text, width * mm, style) == lines


def test_a_captioned_table_moves_on_rather_than_leave_its_heading_alone(grid):
    styles, style = grid
    rows = [[str(n), f"人员{n}"] for n in range(1, 6)]
    caption = Caption(styles.para("第二党小组（5人）", styles.heading), styles.para("第二党小组（续）", styles.heading))
    table = GridTable(["序号", "姓名"], rows, [20 * mm, 40 * mm], style, caption=caption)
    table.wrap(60 * mm, 1000)
    one_row = table.caption_height + table.header_height + table.heights[0]
    assert table.split(60 * mm, one_row + 1) == []  # the heading and one row only: all to the next page
    first, rest = table.split(60 * mm, one_row + table.heights[1] + table.heights[2] + 1)
    assert (first.start, first.end, rest.start, rest.end) == (0, 3, 3, 5)
    assert first._caption_text is caption.first and rest._caption_text is caption.continued
    first, rest = table.split(60 * mm, table.height - 1)  # four of five fit: two go on, not one alone
    assert (first.end, rest.start) == (3, 3)
