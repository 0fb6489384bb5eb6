"""积分排名: a quarter's or a year's ranking of activists or members — rank (ties share it), name,
group, subtotals by category, total, band or stars and what follows — and its 公示 (recorded with
the 公示期; a posted period's entries are locked)."""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from models.core.codes import Audience, ScoreCategory, label
from models.core.dates import DateFormatError, format_date
from models.development.workdays import beyond_calendar, workday_span_end
from models.people.branch import group_display
from models.scoring.entries import PostingForm, post_period
from models.scoring.entry_reads import count_pending
from models.scoring.periods import Period, parse_period, quarter_of, quarters_of, year_period
from models.scoring.ranking import RankingRow, is_posted, ranking
from models.settings.values import get_settings
from models.workspace import Permission
from ui.forms import ERROR_COLOUR, WARNING_COLOUR, DateField, FieldErrors, GuardedDialog
from ui.operations import OperationRunner
from ui.permissions import allow
from ui.sizing import fit_to_screen
from ui.table import ID_ROLE, make_table_view
from views.development.approval_dialog import ApprovalDialog
from views.development.dialog_parts import form_layout, message_label, ok_cancel, show_errors

Index = QModelIndex | QPersistentModelIndex


class RankColumn(IntEnum):
    RANK = 0
    NAME = 1
    GROUP = 2
    BASIC = 3
    BONUS = 4
    DEDUCTION = 5
    TOTAL = 6
    BAND = 7
    CONSEQUENCE = 8


HEADERS = {RankColumn.RANK: "名次", RankColumn.NAME: "姓名", RankColumn.GROUP: "党小组",
           RankColumn.BASIC: label(ScoreCategory.BASIC), RankColumn.BONUS: label(ScoreCategory.BONUS),
           RankColumn.DEDUCTION: label(ScoreCategory.DEDUCTION), RankColumn.TOTAL: "总分",
           RankColumn.BAND: "档次", RankColumn.CONSEQUENCE: "处理意见"}
WIDTHS = {RankColumn.RANK: 48, RankColumn.NAME: 90, RankColumn.GROUP: 100, RankColumn.BASIC: 66,
          RankColumn.BONUS: 66, RankColumn.DEDUCTION: 66, RankColumn.TOTAL: 66, RankColumn.BAND: 90}
_CATEGORY = {RankColumn.BASIC: ScoreCategory.BASIC, RankColumn.BONUS: ScoreCategory.BONUS,
             RankColumn.DEDUCTION: ScoreCategory.DEDUCTION}
_VETO_BRUSH = QBrush(QColor(ERROR_COLOUR))
_FLAG_BRUSH = QBrush(QColor(WARNING_COLOUR))


def number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _display(row: RankingRow, column: RankColumn) -> str:
    if column in _CATEGORY:
        return number(row.by_category.get(_CATEGORY[column], 0))
    match column:
        case RankColumn.RANK:
            return "" if row.rank is None else str(row.rank)
        case RankColumn.NAME:
            return row.name
        case RankColumn.GROUP:
            return group_display(row.group_name)
        case RankColumn.TOTAL:
            return number(row.total)
        case RankColumn.BAND:
            return row.band
        case RankColumn.CONSEQUENCE:
            parts = [row.consequence, row.flag]
            if row.pending:
                parts.append(f"{row.pending} 条待审核未计入")
            return "；".join(p for p in parts if p)
    return ""


class RankingTableModel(QAbstractTableModel):
    """The ranking as computed (already in order: rank, then name pinyin, vetoed last)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[RankingRow] = []
        self.band_title = HEADERS[RankColumn.BAND]  # 档次 for activists, 星级 for members

    def set_rows(self, rows: list[RankingRow], band_title: str) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.band_title = band_title
        self.endResetModel()

    def row_at(self, row: int) -> RankingRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(RankColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.band_title if section == RankColumn.BAND else HEADERS[RankColumn(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], RankColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == ID_ROLE:
            return row.person_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.vetoed:
                return _VETO_BRUSH
            if row.flag and column == RankColumn.CONSEQUENCE:
                return _FLAG_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and column == RankColumn.CONSEQUENCE:
            return _display(row, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (RankColumn.NAME, RankColumn.GROUP,
                                                                         RankColumn.CONSEQUENCE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class PostingDialog(GuardedDialog):
    """公示: the period, the 公示期 from/to (the working days in 设置 by default), a note."""

    def __init__(self, runner: OperationRunner, period: Period, audience: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.period, self.audience = runner, period, audience
        self.setWindowTitle(f"公示 — {period.title}{label(audience)}积分排名")
        self.errors = FieldErrors()
        today = runner.workspace.today()
        with runner.read() as session:
            days = get_settings(session).notice.publicity_days
        self.from_field = DateField()
        self.from_field.set_value(today)
        self.to_field = DateField()
        self.to_field.set_value(workday_span_end(today, days))
        self.from_field.edited.connect(lambda: self._suggest_end(days))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("如 张贴于村务公开栏")
        intro = QLabel(f"记录{period.title}{label(audience)}积分排名的公示。公示后，该期间的积分记录不能再新增、"
                       f"作废或审核；更正请用“调整”。默认公示期为 {days} 个工作日（周末和法定节假日不算）。")
        intro.setWordWrap(True)
        self.calendar_note = QLabel()
        self.calendar_note.setWordWrap(True)
        self.calendar_note.setStyleSheet(f"color: {WARNING_COLOUR};")
        form = form_layout()
        form.addRow("公示开始：", self.errors.wrap("posted_from", self.from_field))
        form.addRow("公示结束：", self.errors.wrap("posted_to", self.to_field))
        form.addRow("说明：", self.errors.wrap("note", self.note_edit))
        self.other_label = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.calendar_note)
        layout.addWidget(self.other_label)
        layout.addStretch(1)
        layout.addWidget(ok_cancel(self, "记录公示"))
        self._suggest_end(days)
        fit_to_screen(self, 500, 280)
        self.mark_clean()

    def _suggest_end(self, days: int) -> None:
        try:
            start = self.from_field.value()
        except DateFormatError:
            return
        if start is None:
            return
        end = workday_span_end(start, days)
        if not self.to_field.line.isModified():
            self.to_field.set_value(end)
        self.calendar_note.setText("注意：这一年的法定节假日安排还未收录，只扣除了周末，请按当年放假通知核对结束日期。"
                                   if beyond_calendar(end) else "")

    def save(self) -> None:
        dates, errors = {}, {}
        for field, widget in (("posted_from", self.from_field), ("posted_to", self.to_field)):
            try:
                dates[field] = widget.value()
            except DateFormatError as exc:
                errors[field] = str(exc)
        if errors:
            self.errors.show(errors)
            return
        form = PostingForm(period=self.period.code, audience=self.audience, posted_from=dates["posted_from"],
                           posted_to=dates["posted_to"], note=self.note_edit.text().strip())
        if self.runner.run(self, post_period, form,
                           on_invalid=lambda e: show_errors(self.errors, self.other_label, e)) is not None:
            self.accept()


class RankingView(QWidget):
    """Choose whom (积极分子 / 党员) and which period (a quarter or the year); see and post the ranking."""

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.dialog: PostingDialog | ApprovalDialog | None = None
        self._stale = True
        self.audience_combo = QComboBox(self)
        for audience in (Audience.ACTIVISTS, Audience.MEMBERS):
            self.audience_combo.addItem(label(audience), audience.value)
        self.year_combo = QComboBox(self)
        self.period_combo = QComboBox(self)
        self.post_button = QPushButton("公示…", self)
        self.post_button.setToolTip("记录本期排名的公示（公示期）；公示后本期积分不能再改动")
        self.post_button.clicked.connect(self.post)
        self.posted_label = QLabel(self)
        self.approve_button = QPushButton("审核积分", self)
        self.approve_button.setToolTip("支委会审核通过后，待审核的积分记录才计入")
        self.approve_button.clicked.connect(self.approve)
        allow(self.post_button, self.runner, Permission.MEMBERS_EDIT)
        allow(self.approve_button, self.runner, Permission.MEMBERS_EDIT)
        self.model = RankingTableModel(self)
        self.table = make_table_view(self)
        self.table.setSortingEnabled(False)  # the ranking's own order: rank, then name pinyin
        self.table.setModel(self.model)
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.summary_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("对象："))
        top.addWidget(self.audience_combo)
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year_combo)
        top.addWidget(QLabel("期间："))
        top.addWidget(self.period_combo)
        top.addSpacing(12)
        top.addWidget(self.post_button)
        top.addWidget(self.posted_label, 1)
        top.addWidget(self.approve_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        self._fill_years(runner.workspace.today())
        for box in (self.audience_combo, self.period_combo):
            box.currentIndexChanged.connect(self.refresh)
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        # Read when first shown (showEvent): a township's ranking is not read at every start.

    def _fill_years(self, today: date) -> None:
        for year in range(today.year, today.year - 5, -1):
            self.year_combo.addItem(f"{year}年", year)
        self._year_changed(select_current=True)

    def _year_changed(self, *_args, select_current: bool = False) -> None:
        today = self.runner.workspace.today()
        year = self.year_combo.currentData()
        keep = self.period_combo.currentData()
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for quarter in quarters_of(year):
            if quarter.start <= today:
                self.period_combo.addItem(quarter.title.removeprefix(f"{year}年"), quarter.code)
        self.period_combo.addItem("全年", year_period(year).code)
        wanted = quarter_of(today).code if select_current else keep
        index = self.period_combo.findData(wanted)
        if index < 0 and keep:  # the same quarter of the year chosen now
            index = self.period_combo.findData(f"{year}{keep[4:]}")
        self.period_combo.setCurrentIndex(max(index, 0))
        self.period_combo.blockSignals(False)
        if not select_current:
            self.refresh()

    def period(self) -> Period:
        return parse_period(self.period_combo.currentData())

    def audience(self) -> str:
        return self.audience_combo.currentData()

    def set_period(self, code: str, audience: str | None = None) -> None:
        """Show this period (2026Q3 or 2026), for tests and links from elsewhere."""
        period = parse_period(code)
        if audience is not None:
            self.audience_combo.setCurrentIndex(self.audience_combo.findData(audience))
        self.year_combo.setCurrentIndex(self.year_combo.findData(period.year))
        self.period_combo.setCurrentIndex(self.period_combo.findData(period.code))
        self.refresh()

    def data_changed(self) -> None:
        """After a change elsewhere: reload now when shown, else when next shown (a ranking reads
        every entry of the period; no need while nobody looks at it)."""
        self._stale = not self.isVisible()
        if not self._stale:
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        period, audience = self.period(), self.audience()
        with self.runner.read() as session:
            rows = ranking(session, period.code, audience, today=self.runner.workspace.today())
            posting = is_posted(session, period.code, audience)
            pending = count_pending(session)
            approval = get_settings(session).scoring.approval_required
        self.approve_button.setText(f"审核积分（{pending} 条待审核）" if pending else "审核积分")
        self.approve_button.setVisible(approval or pending > 0)
        self.approve_button.setEnabled(pending > 0)
        self.model.set_rows(rows, "档次" if audience == Audience.ACTIVISTS else "星级")
        if posting is not None:
            self.posted_label.setText(f"已公示：{format_date(posting.posted_from)} 至 {format_date(posting.posted_to)}"
                                      + (f"（{posting.note}）" if posting.note else "") + "，本期积分已锁定")
            self.posted_label.setStyleSheet("color: #1f5fa8;")
        else:
            self.posted_label.setText("尚未公示")
            self.posted_label.setStyleSheet("color: #666;")
        self.post_button.setEnabled(posting is None and bool(rows))
        vetoed = sum(1 for r in rows if r.vetoed)
        flagged = sum(1 for r in rows if r.flag)
        text = f"{period.title}　共 {len(rows)} 人" if rows else f"{period.title}没有可排名的{label(audience)}。"
        if vetoed:
            text += f"，一票否决 {vetoed} 人"
        if flagged:
            text += f"，{flagged} 人连续两期低于警戒线，请支委会研究"
        self.summary_label.setText(text)

    def post(self) -> None:
        self._open(PostingDialog(self.runner, self.period(), self.audience(), self))

    def approve(self) -> None:
        self._open(ApprovalDialog(self.runner, self))

    def _open(self, dialog: GuardedDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()
