"""The count line above the 民情台账: how many items the filters select, how many of them are overdue
or due soon — and, when there are more than the tab loads (a township registers 50,000 a year), that
only the newest are shown, how many there are in all, and that a click on a column header sorts only
the loaded ones.

The line shows the longest of its wordings that fits the room it has (the whole text is always in its
tooltip), so a small screen at 125 % never cuts it in the middle of a word."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from models.grievances.forms import LedgerRow
from models.grievances.ledger import LedgerFilter, count_ledger
from models.scoring.periods import year_period


@dataclass(frozen=True)
class LedgerCount:
    shown: int  # rows loaded
    total: int  # rows the filter selects
    overdue: int
    due_soon: int | None  # None when not every row is loaded (it is counted on the loaded rows only)
    earlier: int  # of the total: items of earlier years still open (the default view shows them)
    longest_overdue: bool = False  # 只看逾期: the rows loaded are the longest overdue, not the newest

    @property
    def limited(self) -> bool:
        return self.total > self.shown


def read_count(session, flt: LedgerFilter, rows: list[LedgerRow], today: date) -> LedgerCount:
    """The count of `rows`, just loaded for `flt`; when its limit cut them, the totals from SQL (as
    the 操作记录 does, the COUNT is asked only when the limit was reached)."""
    every = replace(flt, limit=None)
    total = len(rows)
    if flt.limit is not None and len(rows) >= flt.limit:
        total = count_ledger(session, every, today)
    if total == len(rows):
        earlier = sum(1 for r in rows if r.received_on.year < today.year) if flt.period is None else 0
        return LedgerCount(total, total, sum(1 for r in rows if r.overdue), sum(1 for r in rows if r.due_soon),
                           earlier)
    overdue = total if flt.overdue_only else count_ledger(session, replace(every, overdue_only=True), today)
    earlier = 0 if flt.period is not None else (
        total - count_ledger(session, replace(every, period=year_period(today.year)), today))
    return LedgerCount(len(rows), total, overdue, None, earlier, flt.overdue_only)


def wordings(count: LedgerCount) -> list[str]:
    """What the line may say, longest first."""
    if count.limited:
        shown, total = count.shown, count.total
        which = "逾期最久的" if count.longest_overdue else "最新"
        late = f"，逾期 {count.overdue} 件" if 0 < count.overdue < count.total else ""  # (not when all are)
        earlier = [f"显示{which} {shown} 件（共 {total} 件，{_earlier(count)}{late}）；请用筛选或搜索缩小范围"] \
            if count.earlier else []
        return earlier + [f"显示{which} {shown} 件（共 {total} 件{late}）；请用筛选或搜索缩小范围",
                f"显示{which} {shown} 件（共 {total} 件）；请用筛选或搜索缩小范围",
                f"显示{which} {shown} 件（共 {total} 件）；请筛选或搜索",
                f"{which} {shown} 件，共 {total} 件"]
    parts = [f"共 {count.total} 件"]
    if count.overdue:
        parts.append(f"逾期 {count.overdue} 件")
    if count.due_soon:
        parts.append(f"临近期限 {count.due_soon} 件")
    shorter = ["，".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if not count.earlier:
        return shorter
    # The year's figures above count this year's items only: say what else the ledger lists, rather
    # than 临近期限 (coloured in the rows) when the room is short
    noted = [f"{parts[0]}（{_earlier(count)}）", f"{parts[0]}（含往年 {count.earlier} 件）"]
    return ["，".join([first, *parts[1:n]]) for first in noted for n in range(len(parts), 0, -1)] + shorter


def _earlier(count: LedgerCount) -> str:
    return f"含往年未办结 {count.earlier} 件"


def tooltip(count: LedgerCount) -> str:
    text = wordings(count)[0]
    if count.earlier:
        text += f"\n含往年登记、至今未办结的 {count.earlier} 件"
    if count.limited:
        text += (f"\n事项较多，只载入了最新登记的 {count.shown} 件；点列标题排序时，只在这 {count.shown} 件中排序。"
                 "\n“只看逾期”、状态、类别、责任人、来源和搜索都在全部事项中查找。")
    return text


class CountLabel(QLabel):
    """The count line: never widens the window; says as much as fits, all of it in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._wordings = [""]

    def show_count(self, count: LedgerCount) -> None:
        self._wordings = wordings(count)
        self.setToolTip(tooltip(count))
        self._fit()

    def full_text(self) -> str:
        return self._wordings[0]

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room, metrics = self.contentsRect().width(), self.fontMetrics()
        text = next((w for w in self._wordings if metrics.horizontalAdvance(w) <= room), self._wordings[-1])
        if text != self.text():
            self.setText(text)
