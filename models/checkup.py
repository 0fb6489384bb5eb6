"""What `check` and the window's 检查数据库 read beyond SQLite's own checks: the roster's rules and the
score tables (broken data), and reminders that are not errors (no copy off the PC for a while).

One function for both, so the command line and the window never disagree about what is a problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class DataFindings:
    rules: list[str]  # broken data: "<rule>——<where>" (models.people.consistency)
    tally: list  # score tally against its entries: ((quarter, person, rule), have, should)
    totals: list  # quarter totals against the tally: ((quarter, person), have, should)
    reminders: list[str]  # due or overdue things: said, never an error

    @property
    def broken(self) -> bool:
        return bool(self.rules or self.tally or self.totals)


def data_findings(session: Session, today: date) -> DataFindings:
    """Every rule of the data read in one session (a file at the newest schema)."""
    from models.people.consistency import find_inconsistencies
    from models.scoring import quarter_totals
    from models.scoring.tally import differences
    from models.settings.safety import offsite_reminder

    rules = [f"{f.rule}——{f.where}" for f in find_inconsistencies(session)]
    reminder = offsite_reminder(session, today)
    return DataFindings(rules, differences(session), quarter_totals.differences(session),
                        [reminder] if reminder else [])
