"""The detail panel beside the roster: every field of the selected person, and their history."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from models.core.codes import label
from models.core.dates import format_date
from models.people.branch import group_display
from models.people.events import EventRow
from models.people.roster import PersonDetail
from models.people.rules import FIELD_LABELS
from ui.forms import WARNING_COLOUR


def _rows(detail: PersonDetail) -> list[tuple[str, str]]:
    form = detail.form
    rows = [
        ("性别", label(form.gender)), ("年龄", f"{detail.age}岁"), ("民族", form.ethnicity),
        (FIELD_LABELS["citizen_id"], form.citizen_id), (FIELD_LABELS["birth_date"], format_date(form.birth_date)),
        (FIELD_LABELS["education"], label(form.education)), (FIELD_LABELS["stage"], label(form.stage)),
        (FIELD_LABELS["group_id"], group_display(detail.group_name)),
        (FIELD_LABELS["joined_on"], format_date(form.joined_on)),
        (FIELD_LABELS["confirmed_on"], format_date(form.confirmed_on)),
        ("党龄", "" if detail.party_years is None else f"{detail.party_years}年"),
        (FIELD_LABELS["work_unit"], form.work_unit), (FIELD_LABELS["phone"], form.phone),
        (FIELD_LABELS["address"], form.address),
    ]
    if form.is_mobile:
        rows += [("流动党员", "是"), (FIELD_LABELS["mobile_destination"], form.mobile_destination),
                 (FIELD_LABELS["mobile_since"], format_date(form.mobile_since)),
                 (FIELD_LABELS["mobile_contact"], form.mobile_contact)]
    if detail.archive:
        archive = detail.archive
        rows += [("归档", f"{label(archive.reason)}（{format_date(archive.archived_on)}）")]
        if archive.transfer_to:
            rows += [("转往", archive.transfer_to), ("介绍信编号", archive.transfer_letter_no)]
        if archive.note:
            rows += [("原因", archive.note)]
    if form.notes:
        rows += [(FIELD_LABELS["notes"], form.notes)]
    return rows


class MemberDetail(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.show_detail(None)

    def show_detail(self, detail: PersonDetail | None, history: list[EventRow] | None = None,
                    warnings: dict[str, str] | None = None) -> None:
        """The person's fields and history; `warnings` ({field: message}) shown first, in amber."""
        if detail is None:
            self.setHtml("<p style='color:#888'>在左侧选择一人，这里显示其详细信息。</p>")
            return
        body = "".join(
            f"<tr><td style='color:#666; padding:3px 10px 3px 0; white-space:nowrap'>{escape(k)}</td>"
            f"<td style='padding:3px 0'>{escape(v)}</td></tr>"
            for k, v in _rows(detail)
        )
        status = "（已归档）" if detail.archive else ""
        self.setHtml(f"<h2 style='margin:4px 0 8px 0'>{escape(detail.form.name)}{status}</h2>"
                     + _warnings_html(warnings or {}) + f"<table>{body}</table>" + _timeline_html(history or []))


def _warnings_html(warnings: dict[str, str]) -> str:
    """请核对: what the rules question in this record (预备期已满一年 …), before the fields."""
    if not warnings:
        return ""
    items = "".join(f"<li>{escape(FIELD_LABELS.get(field, field))}：{escape(message)}</li>"
                    for field, message in warnings.items())
    return (f"<div style='color:{WARNING_COLOUR}'><b>请核对</b>"
            f"<ul style='margin:2px 0 8px 0; -qt-list-indent:1'>{items}</ul></div>")


def _event_text(event: EventRow) -> str:
    parts = [label(event.kind)]
    if event.organisation:
        parts.append(("转往" if event.kind == "transferred_out" else "") + event.organisation)
    if event.letter_no:
        parts.append(f"介绍信{event.letter_no}")
    if event.note:
        parts.append(event.note)
    return "，".join(parts)


def _timeline_html(history: list[EventRow]) -> str:
    """经历, newest first: date, what happened, who recorded it."""
    if not history:
        return ""
    rows = "".join(
        f"<tr><td style='color:#666; padding:2px 10px 2px 0; white-space:nowrap'>{format_date(e.on)}</td>"
        f"<td style='padding:2px 0'>{escape(_event_text(e))}"
        f"<span style='color:#999'>　{escape(e.recorded_by)}</span></td></tr>"
        for e in history
    )
    return f"<h3 style='margin:12px 0 4px 0'>经历</h3><table>{rows}</table>"
