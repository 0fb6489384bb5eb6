"""The item's page beside the ledger: what was raised, by whom and where, who answers for it and by
when, what is due next (催办 when the deadline is near, 督办 once it is past, 重新办理 after a
不满意 回访), and its history — every action with its date, details and who recorded it."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from models.core.codes import GrievanceAction, GrievanceStatus, label
from models.core.dates import format_date
from models.grievances.forms import ActionRow, ItemDetail
from models.grievances.limits import MAX_EXTENSIONS
from ui.forms import ERROR_COLOUR, WARNING_COLOUR
from views.grievances.ledger_table_model import ANONYMOUS

_GREY = "#8a8a8a"
_BLUE = "#1f5fa8"
STATUS_COLOURS = {GrievanceStatus.NEW: "#a04d00", GrievanceStatus.HANDLING: _BLUE,
                  GrievanceStatus.REFERRED: "#6a3fa0", GrievanceStatus.TO_CHECK: "#a04d00",
                  GrievanceStatus.RESOLVED: "#2e7d32", GrievanceStatus.VISITED: "#2e7d32",
                  GrievanceStatus.VOID: _GREY}
EMPTY_TEXT = "在左侧台账中选择一条事项，这里显示它的详细情况和办理记录。"


def _field(caption: str, value: str) -> str:
    return (f"<tr><td style='color:#666; padding:1px 8px 1px 0; white-space:nowrap'>{caption}</td>"
            f"<td>{value}</td></tr>")


def _left_words(row) -> str:
    """还有3个工作日 / 今天到期 / 逾期2个工作日; empty once the item is no longer open."""
    if row.days_left is None or row.voided:
        return ""
    if row.days_left > 0:
        return f"还有{row.days_left}个工作日"
    if row.days_left == 0:
        return "已逾期" if row.overdue else "今天到期"
    return f"逾期{-row.days_left}个工作日"


def _deadline_html(detail: ItemDetail) -> str:
    row = detail.row
    text = escape(format_date(row.deadline))
    if row.extensions:
        text += (f"<span style='color:#666'>（原定 {escape(format_date(detail.original_deadline))}，"
                 f"已延期 {row.extensions} 次）</span>")
    left = _left_words(row)
    if left:
        colour = ERROR_COLOUR if row.overdue else WARNING_COLOUR if row.due_soon else "#444"
        text += f"　<b style='color:{colour}'>{escape(left)}</b>"
    return text


def _response_html(detail: ItemDetail) -> str:
    row = detail.row
    due = escape(format_date(detail.response_due))
    if row.first_action_on is None:
        return f"{due}前　<span style='color:{WARNING_COLOUR}'>尚未响应</span>"
    late = row.first_action_on > detail.response_due
    colour = ERROR_COLOUR if late else "#2e7d32"
    verdict = "超时响应" if late else "按时响应"
    return f"{due}前　<span style='color:{colour}'>{escape(format_date(row.first_action_on))} {verdict}</span>"


def next_step_html(detail: ItemDetail, visit_due: date | None = None, today: date | None = None) -> str:
    """What the item asks for now, in one line (red when overdue, amber when due soon); `visit_due`:
    the last day for the 回访 of a closed item (the 回访时限 of the settings)."""
    row = detail.row
    if row.voided:
        reason = f"：{escape(detail.void_reason)}" if detail.void_reason else ""
        return f"<p style='color:{_GREY}'>已作废{reason}</p>"
    if detail.can_reopen:
        return (f"<p style='color:{ERROR_COLOUR}'><b>回访不满意</b>：可点“重新办理”，"
                "写明原因后事项回到办理中。</p>")
    if row.overdue:
        extended = f"（已延期 {row.extensions} 次，最多 {MAX_EXTENSIONS} 次）" if row.extensions else ""
        return (f"<p style='color:{ERROR_COLOUR}'><b>已超过办理期限</b>：可点“督办”，"
                f"或经批准“申请延期”{extended}。</p>")
    if row.due_soon:
        return f"<p style='color:{WARNING_COLOUR}'><b>办理期限临近</b>：可点“催办”提醒责任人。</p>"
    if row.status == GrievanceStatus.TO_CHECK:
        return f"<p style='color:{WARNING_COLOUR}'>已报办结，须由责任人以外的人“核查”后才算办结。</p>"
    if row.status == GrievanceStatus.RESOLVED:
        if visit_due is not None and today is not None and today > visit_due:
            return (f"<p style='color:{ERROR_COLOUR}'><b>已超过回访时限</b>（{escape(format_date(visit_due))}），"
                    "请尽快“回访”群众。</p>")
        due = f"{escape(format_date(visit_due))}前" if visit_due is not None else "按时"
        return f"<p style='color:#2e7d32'>已办结，请于{due}“回访”群众，听取意见。</p>"
    return ""


def _action_detail(action: ActionRow) -> str:
    parts = []
    if action.kind == GrievanceAction.EXTENSION and action.new_deadline:
        parts.append(f"期限延至 {format_date(action.new_deadline)}")
    elif action.new_deadline:
        parts.append(f"新的期限 {format_date(action.new_deadline)}")
    if action.referred_to:
        parts.append(f"转至 {action.referred_to}")
    if action.satisfaction:
        parts.append(label(action.satisfaction))
    if action.note:
        parts.append(action.note)
    who = {GrievanceAction.EXTENSION: "批准人", GrievanceAction.CHECK: "核查人",
           GrievanceAction.RETURN_VISIT: "回访人"}.get(action.kind, "")
    if action.actor:
        parts.append(f"{who}：{action.actor}" if who else action.actor)
    return "；".join(parts)


def history_html(history: tuple[ActionRow, ...]) -> str:
    rows = []
    for action in history:
        kind = label(action.kind)
        colour = (ERROR_COLOUR if action.kind in (GrievanceAction.SUPERVISION, GrievanceAction.VOIDING)
                  else WARNING_COLOUR if action.kind in (GrievanceAction.REMINDER, GrievanceAction.REOPENING)
                  else "#222")
        detail = escape(_action_detail(action))
        who = f"<span style='color:#999'>　{escape(action.recorded_by)}</span>" if action.recorded_by else ""
        rows.append(f"<tr><td style='padding:1px 8px 1px 0; white-space:nowrap'>{escape(format_date(action.on))}</td>"
                    f"<td style='padding:1px 8px 1px 0; white-space:nowrap; color:{colour}'><b>{escape(kind)}</b></td>"
                    f"<td>{detail}{who}</td></tr>")
    if not rows:
        return "<p style='color:#888'>还没有办理记录。</p>"
    return f"<table>{''.join(rows)}</table>"


def detail_html(detail: ItemDetail, visit_due: date | None = None, today: date | None = None) -> str:
    row = detail.row
    fields = [
        _field("登记日期", escape(format_date(row.received_on))
               + (f"<span style='color:#999'>　{escape(detail.recorded_by)}登记</span>" if detail.recorded_by else "")),
        _field("来源", escape(label(row.source))),
        _field("反映人", escape(row.requester or ANONYMOUS)),
    ]
    if detail.requester_phone:
        fields.append(_field("联系电话", escape(detail.requester_phone)))
    if detail.requester_address:
        fields.append(_field("住址", escape(detail.requester_address)))
    if row.place:
        fields.append(_field("村民小组/网格", escape(row.place)))
    fields += [
        _field("类别", f"{escape(label(row.category))}　紧急程度：{escape(label(row.urgency))}"),
        _field("责任人", escape(row.responsible_name)),
        _field("首次响应", _response_html(detail)),
        _field("办理期限", _deadline_html(detail)),
    ]
    if detail.referred_to:
        fields.append(_field("转办单位", escape(detail.referred_to)))
    if row.resolved_on or detail.outcome:
        fields.append(_field("办结", escape(format_date(row.resolved_on)) + "　" + escape(detail.outcome)))
    if detail.checked_by:
        fields.append(_field("核查", f"{escape(format_date(detail.checked_on))}　{escape(detail.checked_by)}"))
    if detail.visited_on:
        fields.append(_field("回访", f"{escape(format_date(detail.visited_on))}　{escape(label(row.satisfaction))}"))
    if row.reopened:
        fields.append(_field("重新办理", f"{row.reopened} 次"))
    content = escape(row.content).replace("\n", "<br>")
    return (next_step_html(detail, visit_due, today)
            + f"<p style='margin:4px 0'><b>反映内容</b><br>{content}</p>"
            + f"<table style='margin-top:4px'>{''.join(fields)}</table>"
            + "<p style='margin:10px 0 2px 0'><b>办理记录</b></p>" + history_html(detail.history))


class ItemPage(QWidget):
    """Shows one ItemDetail (or a hint when nothing is selected), with 打印交办单… for it."""

    print_slip_requested = Signal(str)  # the serial; views/tabs.py opens 报表 on its 民情交办单

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: ItemDetail | None = None
        self._shown_id: int | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.slip_button = QPushButton("打印交办单…", self)
        self.slip_button.setToolTip("在“报表”中打开这件事项的民情交办单，交给责任人")
        self.slip_button.clicked.connect(self._print_slip)
        self.view = QTextBrowser(self)
        self.view.setOpenLinks(False)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.slip_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(heading)
        layout.addWidget(self.view, 1)
        self.show_item(None)

    def show_item(self, detail: ItemDetail | None, visit_due: date | None = None, today: date | None = None) -> None:
        self.detail = detail
        self.slip_button.setEnabled(detail is not None and not detail.row.voided)
        if detail is None:
            self._shown_id = None
            self.title.setText("")
            self.view.setHtml(f"<p style='color:#888'>{EMPTY_TEXT}</p>")
            return
        row = detail.row
        colour = STATUS_COLOURS.get(row.status, "#444")
        self.title.setText(f"{escape(row.serial)}　<span style='font-size:10pt; color:{colour}'>"
                           f"{escape(label(row.status))}</span>")
        same = self._shown_id == row.id
        keep = self.view.verticalScrollBar().value()
        self.view.setHtml(detail_html(detail, visit_due, today))
        if same:  # the same item reloaded after an action: stay where the user was reading
            self.view.verticalScrollBar().setValue(keep)
        self._shown_id = row.id

    def _print_slip(self) -> None:
        if self.detail is not None:
            self.print_slip_requested.emit(self.detail.row.serial)

    def text(self) -> str:
        return self.title.text() + "\n" + self.view.toPlainText()
