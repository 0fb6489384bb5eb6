"""Every report the program makes, in the order the 报表 tab and `report --help` list them.

Both the 报表 tab and the command line read this registry and nothing else about reports: the tab
builds its option widgets from each report's declared options, the command line its switches.

To add a report: write `models/reports/<name>.py` declaring `REPORT = Report(...)` (roster.py is
the example), then import it below and add it to `_DECLARED`. Keep ReportLab out of that module's
top-level imports (import the layout inside the builder, as roster.py does): the window imports
this registry when it opens.
"""

from __future__ import annotations

from dataclasses import replace

from models.reports import (
    grievance_ledger,
    grievance_notice,
    grievance_slip,
    grievance_stats,
    person_card,
    pipeline_report,
    ranking_notice,
    roster,
    score_detail,
    stars,
    visit_diary,
)
from models.reports.declaration import Report, ReportError, ReportOption

_DECLARED = (roster.REPORT, person_card.REPORT, ranking_notice.REPORT, score_detail.REPORT, pipeline_report.REPORT,
             stars.REPORT, grievance_ledger.REPORT, grievance_notice.REPORT, grievance_slip.REPORT,
             grievance_stats.REPORT, visit_diary.REPORT)


def _index(reports: tuple[Report, ...]) -> dict[str, Report]:
    index: dict[str, Report] = {}
    for report in reports:
        if report.code in index:
            raise ValueError(f"report {report.code} declared twice")
        index[report.code] = report
    return index


REPORTS: dict[str, Report] = _index(_DECLARED)


def all_reports() -> list[Report]:
    return list(REPORTS.values())


def listing() -> str:
    """roster（党员花名册）、person（党员基本信息卡）: the codes with their titles."""
    return "、".join(f"{r.code}（{r.title}）" for r in REPORTS.values())


def get_report(code: str) -> Report:
    """The report `code`, or a ReportError naming the reports there are."""
    report = REPORTS.get(code.strip())
    if report is None:
        raise ReportError(f"没有名为“{code}”的报表。可用的报表：{listing()}")
    return report


def all_options() -> list[ReportOption]:
    """Every option any report takes, once each, in the order first declared. Reports may differ
    only in whether they require it (the 民情日记 takes --id for one member, or none for everyone)."""
    options: dict[str, ReportOption] = {}
    for report in REPORTS.values():
        for option in report.options:
            first = options.setdefault(option.key, option)
            if replace(first, required=False) != replace(option, required=False):
                raise ValueError(f"option {option.key} declared differently by two reports")
    return list(options.values())


def users_of(option: ReportOption) -> list[Report]:
    """The reports that take `option`."""
    return [r for r in REPORTS.values() if r.takes(option.key)]
