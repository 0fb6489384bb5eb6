"""时限和积分设置: each timing rule of the 细则 on or off with its number (branches and townships
apply them differently), the 起始分, bands and stars, 支委会 approval, and the 公示 details."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.development.workdays import calendar_last_year
from models.settings.values import Band, NoticeSettings, ScoringSettings, Settings, get_settings, update_settings
from ui.forms import FieldErrors, GuardedDialog
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen
from views.development.dialog_parts import form_layout, message_label, ok_cancel, show_errors


class BandEditor(QWidget):
    """Rows of (from score, name, consequence); the last band starts at 0."""

    def __init__(self, bands: tuple[Band, ...], with_consequence: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.with_consequence = with_consequence
        self.rows: list[tuple[QDoubleSpinBox, QLineEdit, QLineEdit]] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.addWidget(QLabel("分数线（含）"), 0, 0)
        grid.addWidget(QLabel("名称"), 0, 1)
        if with_consequence:
            grid.addWidget(QLabel("处理意见"), 0, 2)
        for n, band in enumerate(bands, start=1):
            low = QDoubleSpinBox()
            low.setRange(0, 1000)
            low.setDecimals(0)
            low.setValue(band.low)
            low.setSuffix(" 分以上")
            name, consequence = QLineEdit(band.name), QLineEdit(band.consequence)
            grid.addWidget(low, n, 0)
            grid.addWidget(name, n, 1)
            if with_consequence:
                grid.addWidget(consequence, n, 2)
            self.rows.append((low, name, consequence))
        grid.setColumnStretch(2 if with_consequence else 1, 1)

    def bands(self) -> tuple[Band, ...]:
        return tuple(Band(low.value(), name.text().strip(), consequence.text().strip())
                     for low, name, consequence in self.rows)


class SettingsDialog(GuardedDialog):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle("发展党员时限规则和积分设置")
        self.errors = FieldErrors()
        with runner.read() as session:
            self.settings = get_settings(session)
        tabs = QTabWidget(self)
        tabs.addTab(self._timing_page(), "时限规则")
        tabs.addTab(self._scoring_page(), "积分")
        tabs.addTab(self._notice_page(), "公示")
        self.tabs = tabs
        self.other_label = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.other_label)
        layout.addWidget(ok_cancel(self, "保存"))
        fit_to_screen(self, 640, 500)
        self.mark_clean()

    def _timing_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setVerticalSpacing(4)
        intro = QLabel("取消勾选的规则不再检查。办理时不满足规则的，须填写理由才能继续，理由记入发展记录。")
        intro.setWordWrap(True)
        grid.addWidget(intro, 0, 0, 1, 2)
        self.timing: dict[str, tuple[QCheckBox, QSpinBox]] = {}
        for n, rule in enumerate(self.settings.timing, start=1):
            check = QCheckBox(rule.title)
            check.setChecked(rule.enabled)
            spin = QSpinBox()
            spin.setRange(1, 1000)  # 0 would mean no limit: the rule is switched off instead
            spin.setValue(rule.value)
            spin.setSuffix(f" {rule.unit}")
            check.toggled.connect(spin.setEnabled)
            spin.setEnabled(rule.enabled)
            grid.addWidget(check, n, 0)
            grid.addWidget(self.errors.wrap(f"timing.{rule.code}", spin), n, 1)
            self.timing[rule.code] = (check, spin)
        note = QLabel(f"工作日按国家法定节假日和调休计算，已收录到 {calendar_last_year()} 年；"
                      "之后的年份只扣除周末。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        grid.addWidget(note, len(self.settings.timing) + 1, 0, 1, 2)
        grid.setRowStretch(len(self.settings.timing) + 2, 1)
        grid.setColumnStretch(0, 1)
        return page

    def _scoring_page(self) -> QWidget:
        scoring = self.settings.scoring
        page = QWidget()
        form = form_layout()
        self.start_spin = QSpinBox()
        self.start_spin.setRange(0, 1000)
        self.start_spin.setValue(scoring.start_score)
        self.start_spin.setSuffix(" 分")
        self.approval_check = QCheckBox("新记的积分须经支委会审核后才计入")
        self.approval_check.setChecked(scoring.approval_required)
        self.activist_bands = BandEditor(scoring.activist_bands, True)
        self.warning_spin = QDoubleSpinBox()
        self.warning_spin.setRange(0, 1000)
        self.warning_spin.setDecimals(0)
        self.warning_spin.setValue(scoring.warning_below)
        self.warning_spin.setSuffix(" 分")
        self.warning_spin.setToolTip("积极分子连续两期低于此分数，提请支委会研究延长培养或取消资格")
        self.star_bands = BandEditor(scoring.star_bands, False)
        form.addRow("每季度起始分：", self.errors.wrap("scoring.start_score", self.start_spin))
        form.addRow("", self.approval_check)
        form.addRow("积极分子分档：", self.errors.wrap("scoring.activist_bands", self.activist_bands))
        form.addRow("连续两期低于：", self.warning_spin)
        form.addRow("党员星级：", self.errors.wrap("scoring.star_bands", self.star_bands))
        page.setLayout(form)
        return page

    def _notice_page(self) -> QWidget:
        notice = self.settings.notice
        page = QWidget()
        form = form_layout()
        self.phone_edit = QLineEdit(notice.supervision_phone)
        self.phone_edit.setPlaceholderText("公示上写的监督电话，如 乡镇组织办 0377-6xxxxxxx")
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 60)
        self.days_spin.setValue(notice.publicity_days)
        self.days_spin.setSuffix(" 个工作日")
        form.addRow("监督电话：", self.errors.wrap("notice.supervision_phone", self.phone_edit))
        form.addRow("积分公示期：", self.days_spin)
        page.setLayout(form)
        return page

    def value(self) -> Settings:
        timing = tuple(replace(rule, enabled=self.timing[rule.code][0].isChecked(),
                               value=self.timing[rule.code][1].value()) for rule in self.settings.timing)
        scoring = replace(self.settings.scoring or ScoringSettings(), start_score=self.start_spin.value(),
                          approval_required=self.approval_check.isChecked(),
                          activist_bands=self.activist_bands.bands(), warning_below=self.warning_spin.value(),
                          star_bands=self.star_bands.bands())
        notice = replace(self.settings.notice or NoticeSettings(), supervision_phone=self.phone_edit.text().strip(),
                         publicity_days=self.days_spin.value())
        return Settings(timing, scoring, notice)

    def save(self) -> None:
        if self.runner.run(self, update_settings, self.value(),
                           on_invalid=lambda e: show_errors(self.errors, self.other_label, e)) is not None:
            self.accept()
