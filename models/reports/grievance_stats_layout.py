"""民情统计 on paper (ReportLab, A4 portrait): the period's figures in all and by category, source,
responsible member and month, and two bar charts (登记 and 办结 by category and by month) drawn with
reportlab.graphics. Loaded only when the report is made (the declaration is in grievance_stats.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from models.core.dates import format_date_cn
from models.grievances.forms import Figures
from models.reports.document import (
    Cancelled,
    PageSetup,
    Progress,
    Styles,
    build_pdf,
    missing_characters_note,
    new_styles,
    require_branch,
    sign_off,
)
from models.reports.grid import GridStyle, GridTable
from models.reports.grievance_format import rate
from models.reports.grievance_stats import REPORT, TITLE, StatsOptions
from models.reports.options import period_or_default
from models.reports.table_cells import cells

HEADER = ["", "登记", "办理中", "逾期", "办结", "办结率", "按期办结率", "响应率", "满意率", "重办率"]
WIDTHS_MM = (38, 14, 15, 13, 14, 17, 20, 17, 17, 17)  # 182 mm: the portrait frame
CENTERED = frozenset(range(1, len(HEADER)))
BREAKDOWNS = (("category", "类别"), ("source", "来源"), ("responsible", "责任人"), ("month", "月份"))
REGISTERED_COLOUR = colors.HexColor("#4f81bd")
RESOLVED_COLOUR = colors.HexColor("#9bbb59")
CHART_HEIGHT = 62 * mm
NO_RECORDS = "本期无记录"


def figure_cells(name: str, figures: Figures) -> list[str]:
    return [name, str(figures.registered), str(figures.open), str(figures.overdue), str(figures.resolved),
            rate(figures.resolution_rate), rate(figures.on_time_rate), rate(figures.response_rate),
            rate(figures.satisfaction_rate), rate(figures.reopen_rate)]


def _table(first: str, lines: Sequence[tuple[str, Figures]], total: Figures, styles: Styles,
           grid: GridStyle, widths: list[float]) -> GridTable:
    rows = [cells(figure_cells(name, figures), widths, styles, grid) for name, figures in lines]
    rows.append(cells(figure_cells("合计", total), widths, styles, grid))
    return GridTable([first, *HEADER[1:]], rows, widths, grid)


def bar_chart(title: str, lines: Sequence[tuple[str, Figures]], font: str, width: float) -> Drawing:
    """登记 and 办结 side by side for each line (a category, a month), with a legend."""
    drawing = Drawing(width, CHART_HEIGHT)
    drawing.initialFontName, drawing.initialFontSize = font, 9  # else the renderer sets an unembedded Helvetica
    drawing.add(String(0, CHART_HEIGHT - 12, title, fontName=font, fontSize=11))
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 30
    chart.width, chart.height = width - 40, CHART_HEIGHT - 62
    chart.data = [[f.registered for _, f in lines], [f.resolved for _, f in lines]]
    chart.categoryAxis.categoryNames = [name for name, _ in lines]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8 if len(lines) <= 9 else 7
    chart.categoryAxis.labels.dy = -3
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    most = max([1, *(f.registered for _, f in lines)])
    step = max(1, -(-most // 5))
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = step * -(-most // step)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.bars[0].fillColor, chart.bars[1].fillColor = REGISTERED_COLOUR, RESOLVED_COLOUR
    chart.bars.strokeColor = None
    chart.barLabelFormat = lambda value: f"{value:.0f}" if value else ""  # no “0” over an empty month
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    chart.groupSpacing = 8
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 120, CHART_HEIGHT - 8
    legend.fontName, legend.fontSize = font, 9
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 55
    legend.colorNamePairs = [(REGISTERED_COLOUR, "登记"), (RESOLVED_COLOUR, "办结")]
    drawing.add(legend)
    return drawing


def _summary(total: Figures) -> str:
    return (f"本期登记 {total.registered} 件，目前办理中 {total.open} 件（其中逾期 {total.overdue} 件），"
            f"已办结 {total.resolved} 件（按期办结 {total.resolved_on_time} 件）；回访 {total.visited} 件，"
            f"满意和基本满意 {total.satisfied} 件；按时响应 {total.responded_in_time} 件；重新办理 {total.reopened} 件。"
            f"办结率 {rate(total.resolution_rate)}，按期办结率 {rate(total.on_time_rate)}，"
            f"响应率 {rate(total.response_rate)}，满意率 {rate(total.satisfaction_rate)}，"
            f"重办率 {rate(total.reopen_rate)}。")


def stats_pdf(session, options: StatsOptions, today: date, progress: Progress | None = None,
              cancel: Callable[[], bool] | None = None) -> bytes:
    """The statistics of the period; a period with no items says 本期无记录."""
    from models.grievances.figures import figures, figures_by

    branch = require_branch(session)
    period = period_or_default(options.period, today)
    total = figures(session, period, today)
    styles = new_styles()
    title = f"{period.title}{TITLE}"
    story: list[Flowable] = [
        styles.para(branch.full_name + title, styles.title),
        styles.para(f"登记日期：{format_date_cn(period.start)}至{format_date_cn(period.end)}　　"
                    f"统计日期：{format_date_cn(today)}", styles.right),
    ]
    if total.registered:
        widths = [w * mm for w in WIDTHS_MM]
        grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title, font_size=8.5, centered=CENTERED)
        story += [styles.para(_summary(total)), Spacer(1, 2 * mm),
                  styles.para("比率的算法：办结率＝办结÷登记；按期办结率＝在办理期限内办结÷办结；响应率＝在首次响应时限内"
                              "有办理行动÷已响应或已过首次响应时限的；满意率＝回访满意和基本满意÷回访；重办率＝重新办理过的÷办结过的（含重新办理的）。"
                              "待核查的事项不计为办结；分母为0时记“—”。", styles.note)]
        lines: dict[str, list[tuple[str, Figures]]] = {}
        for number, (key, name) in enumerate(BREAKDOWNS):
            if cancel and cancel():
                raise Cancelled()
            found = figures_by(session, period, key, today)
            lines[key] = found if key == "month" else [line for line in found if line[1].registered]
            if progress:
                progress(0.05 + 0.1 * (number + 1), f"正在统计（按{name}）")
        chart_width = sum(widths)
        story.append(KeepTogether([Spacer(1, 3 * mm),
                                   bar_chart("登记和办结件数（按类别）", lines["category"], styles.fonts.body, chart_width),
                                   Spacer(1, 3 * mm),
                                   bar_chart("登记和办结件数（按月份）", lines["month"], styles.fonts.body, chart_width)]))
        heading = ParagraphStyle("breakdown", parent=styles.heading, keepWithNext=1)  # never alone at a page foot
        for key, name in BREAKDOWNS:
            story += [styles.para(f"按{name}", heading),
                      _table(name, lines[key], total, styles, grid, widths)]
        story.append(KeepTogether([*missing_characters_note(styles), *sign_off(styles, branch.full_name, today)]))
    else:
        story += [Spacer(1, 10 * mm), styles.para(NO_RECORDS, styles.heading)]
    setup = PageSetup(branch.full_name, title, today, landscape=False,
                      internal=not REPORT.is_public(options.__dict__))
    return build_pdf(setup, story, styles.fonts, progress, cancel)
