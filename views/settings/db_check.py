"""检查数据库 in the window: what `check --db` does, on a worker thread, as a Chinese report.

SQLite's full integrity_check, the links between records (foreign keys), the roster's rules and
the score tables — models.checkup.data_findings, which models/cli/data_commands.py uses too. Nothing is changed:
mending (`check --repair`) stays with the command line, after a copy of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.core.jobs import IsCancelled, Progress, check_cancel
from ui.operations import OperationRunner

SHOWN_PER_PART = 20  # findings listed per part; the count says how many there are


@dataclass(frozen=True)
class CheckReport:
    sound: bool
    lines: list[str]

    def text(self) -> str:
        verdict = "结论：数据库完好。" if self.sound else "结论：发现问题（见上）。数据没有被改动。"
        return "\n".join([*self.lines, verdict])


def _part(title: str, problems: list[str], lines: list[str]) -> bool:
    lines.append(f"{title}：" + (f"发现 {len(problems)} 处问题" if problems else "通过"))
    lines += [f"  {p}" for p in problems[:SHOWN_PER_PART]]
    if len(problems) > SHOWN_PER_PART:
        lines.append(f"  ……另有 {len(problems) - SHOWN_PER_PART} 处")
    return not problems


def check_job(runner: OperationRunner, path: Path):
    """A BackgroundJob function: the checks in turn, with progress; returns a CheckReport."""

    def job(progress: Progress, cancelled: IsCancelled) -> CheckReport:
        from models.checkup import data_findings
        from models.storage.check import find_damage, foreign_key_problems

        lines = [f"数据文件：{path}"]
        progress(0.05, "正在检查数据库的完整性…")
        damage = find_damage(path, cancelled=cancelled)
        if damage is not None:
            lines.append(f"数据库完整性：发现 {len(damage.problems)} 处问题")
            lines.append(damage.explain())
            return CheckReport(False, lines)
        lines.append("数据库完整性：通过")
        check_cancel(cancelled)
        progress(0.5, "正在检查记录之间的关联…")
        sound = _part("记录之间的关联", foreign_key_problems(path), lines)
        check_cancel(cancelled)
        progress(0.7, "正在检查党员数据的规则…")
        with runner.read() as session:
            found = data_findings(session, runner.workspace.today())
        tally, totals = found.tally, found.totals
        sound &= _part("党员数据规则", found.rules, lines)
        score_problems = ([f"积分汇总有 {len(tally)} 处与积分记录不一致"] if tally else []) + \
                         ([f"季度得分有 {len(totals)} 处与积分汇总不一致"] if totals else [])
        if not _part("积分汇总", score_problems, lines):
            lines.append("  积分记录本身没有问题；可以用命令行 check --repair 重新计算（会先备份）。")
            sound = False
        lines += [f"提醒：{reminder}（这是提醒，不是数据问题）" for reminder in found.reminders]
        progress(1.0, "检查完成")
        return CheckReport(sound, lines)

    return job
