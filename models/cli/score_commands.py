"""`score add`: points under one rule for one person or, with several --id, for many at once (one
operation: all recorded or none), through the same operation as the 发展党员 tab's dialogs."""

from __future__ import annotations

import argparse
from datetime import date

from models.cli.common import add_db_option, run_command, workspace_for
from models.core.errors import UserError


def _date(text: str) -> date:
    """argparse `type` for --date: a date as people write it, in Chinese when it is not one."""
    from models.core.dates import DateFormatError, parse_date

    try:
        value = parse_date(text)
    except DateFormatError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value is None:
        raise argparse.ArgumentTypeError("日期不能为空，请按 2026-10-12 的格式填写")
    return value


def add_to(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("score", help="登记积分", description="登记积分（入党积极分子和党员的积分制管理）。")
    actions = parser.add_subparsers(dest="score_command", metavar="操作", title="操作", required=True,
                                    help="下列之一；加 -h 可看它的说明")
    add = actions.add_parser(
        "add", help="按一条积分规则给一人或多人登记积分",
        description="按一条积分规则给一人或多人登记积分。给出几个 --id 即一次为几个人登记（例如全体参加主题党日的人），"
                    "作为一次操作：有一人不能登记则全部不登记。超过该规则每季度上限的部分照样登记，但不计入得分。")
    add_db_option(add)
    add.add_argument("--id", dest="ids", action="append", required=True, metavar="身份证号",
                     help="要登记的人的公民身份号码；可以重复给出，一次为多人登记")
    add.add_argument("--rule", required=True, metavar="规则编号", help="积分规则的编号，如 JC01（见“发展党员”中的积分规则）")
    add.add_argument("--date", dest="on", type=_date, required=True, metavar="日期", help="积分事项发生的日期，如 2026-10-12")
    add.add_argument("--reason", required=True, metavar="事由", help="事由，如“参加10月主题党日”")
    add.set_defaults(run=run_add)


def people_by_ids(session, texts: list[str]) -> list[int]:
    """The people these ID numbers name, in the order given; every problem reported at once."""
    from models.people import citizen_id
    from models.people.roster import find_by_citizen_id

    found, problems, seen = [], [], {}
    for position, text in enumerate(texts, start=1):
        where = f"第 {position} 个 --id（{text.strip()}）" if len(texts) > 1 else f"--id {text.strip()}"
        try:
            number = citizen_id.parse(text).number
        except citizen_id.CitizenIdError as exc:
            problems.append(f"{where}：{exc}")
            continue
        if number in seen:
            problems.append(f"{where}：与第 {seen[number]} 个重复")
            continue
        seen[number] = position
        person = find_by_citizen_id(session, number)
        if person is None:
            problems.append(f"{where}：找不到公民身份号码为 {number} 的人员")
        else:
            found.append(person)
    if problems:
        raise UserError("没有登记任何积分。\n" + "\n".join(problems))
    return found


def rule_for(session, code: str):
    """The active rule with this code (any case), or a message listing the codes there are."""
    from models.scoring.catalogue import list_rules

    wanted = code.strip().upper()
    rules = list_rules(session)
    rule = next((r for r in rules if r.code.upper() == wanted), None)
    if rule is not None and rule.active:
        return rule
    active = "、".join(f"{r.code}（{r.name}）" for r in rules if r.active)
    if rule is not None:
        raise UserError(f"积分规则 {rule.code}（{rule.name}）已停用，不能再登记。可用的规则：{active}")
    raise UserError(f"没有编号为“{code.strip()}”的积分规则。可用的规则：{active}")


def run_add(args: argparse.Namespace) -> int:
    from models.core.dates import format_date
    from models.scoring.entries import EntryForm, add_entries
    from models.settings.values import get_settings

    def work() -> int:
        reason = args.reason.strip()
        if not reason:
            raise UserError("请用 --reason 写明事由")
        with workspace_for(args.db) as workspace:
            with workspace.read() as session:
                person_ids = people_by_ids(session, args.ids)
                rule = rule_for(session, args.rule)
                pending = get_settings(session).scoring.approval_required
            result = workspace.run(add_entries, EntryForm(tuple(person_ids), rule.id, args.on, reason)).value
        signed = f"{rule.points:+d}" if rule.points else "0"
        print(f"已登记积分：{rule.code} {rule.name}（{signed} 分），{format_date(args.on)}，共 {len(result.ids)} 人")
        for note in _notes(result.notes):
            print(f"注意：{note}")
        if pending:
            print("按设置，这些记录须经支委会审核通过后才计入得分。")
        return 0

    return run_command(work)


def _notes(notes) -> list[str]:
    """AddResult.notes as lines, whether a mapping (person id -> note) or a list."""
    return list(notes.values()) if isinstance(notes, dict) else list(notes or ())
