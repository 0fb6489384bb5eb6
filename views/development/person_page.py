"""The person's page beside the pipeline: the five stages of the 细则 with each step's date, note,
who recorded it and any reason a timing rule was overridden; the 入党材料 checklist (a click marks
a paper received or not); the score history, voided entries grey and struck through, with
打印积分明细… (print_scores_requested: views/tabs.py opens the 个人积分明细 in 报表)."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import label
from models.core.dates import format_date
from models.development.pipeline import DevelopmentPage, StepRow
from models.development.steps import STAGE_STEPS
from models.scoring.entries import EntryRow
from models.scoring.periods import quarters_of, year_period
from models.scoring.scores import PersonScore
from ui.forms import WARNING_COLOUR
from ui.icons import icon
from ui.table import make_table_view, selected_id
from views.development.entry_table_model import ENTRY_WIDTHS, EntryTableModel
from views.development.labels import stage_label

_GREY = "#8a8a8a"


def _step_detail(step: StepRow) -> str:
    parts = []
    if step.until:
        parts.append(f"至{format_date(step.until)}")
    if step.hours:
        parts.append(f"{step.hours}学时")
    if step.related_name:
        parts.append(step.related_name)
    if step.note:
        parts.append(step.note)
    return "，".join(parts)


def step_html(step: StepRow) -> str:
    """One line of a phase: date, step, details, who recorded it; override reason in amber."""
    when = format_date(step.on) if step.on else "—"
    text = escape(label(step.step))
    detail = _step_detail(step)
    if detail:
        text += f"：{escape(detail)}"
    if step.recorded_by:
        text += f"<span style='color:#999'>　{escape(step.recorded_by)}</span>"
    if step.id is None:  # not done yet
        return (f"<tr><td style='color:#aaa; padding:1px 8px 1px 0'>{when}</td>"
                f"<td style='color:#aaa'>{escape(label(step.step))}</td></tr>")
    if step.voided:
        reason = f"（已作废：{escape(step.void_reason)}）" if step.void_reason else "（已作废）"
        return (f"<tr><td style='color:{_GREY}; padding:1px 8px 1px 0'><s>{when}</s></td>"
                f"<td style='color:{_GREY}'><s>{text}</s>{reason}</td></tr>")
    if step.override_reason:
        text += (f"<br><span style='color:{WARNING_COLOUR}'>未满足时限要求，办理理由："
                 f"{escape(step.override_reason)}</span>")
    if step.step not in STAGE_STEPS:
        text += f"　<a href='void-step:{step.id}' style='color:#1f5fa8'>作废</a>"
    return f"<tr><td style='padding:1px 8px 1px 0; white-space:nowrap'>{when}</td><td>{text}</td></tr>"


def steps_html(page: DevelopmentPage) -> str:
    parts = []
    if page.findings:
        items = "".join(f"<li>{escape(f.message)}</li>" for f in page.findings)
        parts.append(f"<div style='color:{WARNING_COLOUR}'><b>请注意</b>"
                     f"<ul style='margin:2px 0 6px 0; -qt-list-indent:1'>{items}</ul></div>")
    for number, (title, steps) in enumerate(page.phases, start=1):
        rows = "".join(step_html(step) for step in steps)
        parts.append(f"<p style='margin:8px 0 2px 0'><b>{'一二三四五六'[number - 1]}、{escape(title)}</b></p>"
                     f"<table>{rows}</table>")
    return "".join(parts)


def materials_html(page: DevelopmentPage) -> str:
    """The checklist; each line a link that marks the paper received (today) or not received."""
    rows = []
    for material in page.materials:
        received = material.received_on is not None
        box = "☑" if received else "☐"
        when = f"　{format_date(material.received_on)}收到" if received else ""
        note = f"　{escape(material.note)}" if material.note else ""
        colour = "#222" if received else ("#1f5fa8" if material.needed else "#999")  # grey: a later stage
        rows.append(f"<tr><td style='padding:2px 6px 2px 0'><a href='material:{material.code}' "
                    f"style='color:{colour}; text-decoration:none'>{box} {escape(material.title)}</a></td>"
                    f"<td style='color:#666'>{when}{note}</td></tr>")
    return ("<p style='color:#666; margin:2px 0 6px 0'>点一下材料名称，标记为已收到（今天）或未收到。</p>"
            f"<table>{''.join(rows)}</table>")


class PersonPage(QWidget):
    """Shows one DevelopmentPage and the person's entries; asks the tab to change things."""

    material_clicked = Signal(str)  # material code
    void_step_requested = Signal(int)  # person_event id
    period_changed = Signal()
    print_scores_requested = Signal(int, str)  # person id, period code: the 个人积分明细 in 报表 (views/tabs.py)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: DevelopmentPage | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.title.setWordWrap(True)
        self.steps_view = self._browser()
        self.materials_view = self._browser()
        self.entries = EntryTableModel(self)
        self.entry_table = make_table_view(self)
        self.entry_table.setSortingEnabled(False)
        self.entry_table.setModel(self.entries)
        for column, width in ENTRY_WIDTHS.items():
            self.entry_table.setColumnWidth(column, width)
        self.period_combo = QComboBox(self)
        self.period_combo.currentIndexChanged.connect(lambda: self.period_changed.emit())
        self.total_label = QLabel(self)
        scores = QWidget(self)
        score_layout = QVBoxLayout(scores)
        score_layout.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("期间："))
        top.addWidget(self.period_combo)
        top.addStretch(1)
        self.print_scores_button = QPushButton(icon("print"), "打印积分明细…", scores)
        self.print_scores_button.setToolTip("在“报表”中生成此人所选期间的个人积分明细，可以打印或另存为PDF")
        self.print_scores_button.clicked.connect(self._print_scores)
        top.addWidget(self.print_scores_button)
        self.total_label.setWordWrap(True)
        score_layout.addLayout(top)
        score_layout.addWidget(self.total_label)
        score_layout.addWidget(self.entry_table, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.steps_view, "发展步骤")
        self.tabs.addTab(self.materials_view, "入党材料")
        self.tabs.addTab(scores, "积分记录")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.show_page(None)

    def _browser(self) -> QTextBrowser:
        view = QTextBrowser(self)
        view.setOpenLinks(False)
        view.anchorClicked.connect(self._link)
        return view

    def set_periods(self, today: date) -> None:
        """本年度 and this year's quarters up to today's (the default: the whole year)."""
        keep = self.period_combo.currentData()
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        year = year_period(today.year)
        self.period_combo.addItem(year.title, year.code)
        for quarter in quarters_of(today.year):
            if quarter.start <= today:
                self.period_combo.addItem(quarter.title, quarter.code)
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(keep), 0))
        self.period_combo.blockSignals(False)

    def period_code(self) -> str:
        return self.period_combo.currentData()

    def show_page(self, page: DevelopmentPage | None, entries: list[EntryRow] | None = None,
                  score: PersonScore | None = None) -> None:
        self.page = page
        self.print_scores_button.setEnabled(page is not None)
        if page is None:
            self.title.setText("")
            self.steps_view.setHtml("<p style='color:#888'>在左侧名单中选择一人，这里显示其发展步骤、入党材料和积分。</p>")
            self.materials_view.setHtml("")
            self.entries.set_rows([])
            self.total_label.setText("")
            return
        self.title.setText(f"{escape(page.name)}　<span style='font-size:10pt; font-weight:normal; color:#555'>"
                           f"{escape(stage_label(page.stage))}</span>")
        self.steps_view.setHtml(steps_html(page))
        self.materials_view.setHtml(materials_html(page))
        self.show_entries(entries or [], score)

    def show_entries(self, entries: list[EntryRow], score: PersonScore | None) -> None:
        keep = selected_id(self.entry_table)
        self.entries.set_rows(entries)
        voided = sum(1 for e in entries if e.voided)
        parts = []
        if score is not None:
            year = len(self.period_code()) == 4
            parts.append(f"{'年度得分' if year else '本期得分'} {score.total:g}" + ("（各季度平均）" if year else "")
                         + ("，一票否决" if score.vetoed else ""))
        parts.append(f"记录 {len(entries) - voided} 条" if entries else "没有积分记录")
        if voided:
            parts.append(f"另有作废 {voided} 条")
        if score is not None and score.pending:
            parts.append(f"待审核 {score.pending} 条")
        self.total_label.setText("，".join(parts))
        if keep is not None:
            for row in range(self.entries.rowCount()):
                if self.entries.row_at(row).id == keep:
                    self.entry_table.selectRow(row)

    def _print_scores(self) -> None:
        if self.page is not None:
            self.print_scores_requested.emit(self.page.person_id, self.period_code())

    def selected_entry(self) -> EntryRow | None:
        return self.entries.row_of(selected_id(self.entry_table))

    def _link(self, url) -> None:
        kind, _, value = url.toString().partition(":")
        if kind == "material":
            self.material_clicked.emit(value)
        elif kind == "void-step":
            self.void_step_requested.emit(int(value))

