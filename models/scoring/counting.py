"""How much each entry counts: caps applied per (rule, quarter) in date order, then by id.

Only approved, not voided entries count. Adjustments (corrections of a posted period) count in
full and sit outside the cap, since they offset what an earlier quarter already counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from models.core.codes import EntryStatus
from models.scoring.periods import quarter_of


@dataclass(frozen=True)
class Countable:
    id: int
    rule_id: int
    on: date
    points: int
    status: str
    voided: bool
    adjusts_id: int | None


def clamp(total: float, cap: int | None) -> float:
    """A rule's quarter sum limited to its cap (in the rule's direction: +cap or −cap)."""
    if cap is None:
        return total
    return max(-cap, min(cap, total))


def counted_points(entries: Iterable[Countable], caps: Mapping[int, int | None]) -> dict[int, float]:
    """Entry id -> points it counts. Entries beyond the quarter cap count 0 (or the part below it)."""
    counted: dict[int, float] = {}
    running: dict[tuple[int, str], float] = {}
    for entry in sorted(entries, key=lambda e: (e.on, e.id)):
        if entry.voided or entry.status != EntryStatus.APPROVED:
            counted[entry.id] = 0.0
            continue
        if entry.adjusts_id is not None:
            counted[entry.id] = float(entry.points)
            continue
        key = (entry.rule_id, quarter_of(entry.on).code)
        before = running.get(key, 0.0)
        after = clamp(before + entry.points, caps.get(entry.rule_id))
        running[key] = after
        counted[entry.id] = after - before
    return counted


def cap_note(name: str, rule_name: str, cap: int, used: float, points: int) -> str:
    """Chinese: what a new entry will count when the rule's quarter cap is reached or passed."""
    left = max(0.0, cap - abs(used))
    if left <= 0:
        return f"“{name}”本季度“{rule_name}”已记满{cap}分（每季度上限），这条记录会保留，但不计分"
    return (f"“{name}”本季度“{rule_name}”已记{abs(used):g}分，每季度上限{cap}分，"
            f"这条记录只计{left:g}分（超出的部分保留但不计分）")
