"""Which actions the selected item allows, by its status (the same rules the operations check, so a
button is enabled only when its operation would accept the item)."""

from __future__ import annotations

from models.core.codes import GrievanceStatus, Satisfaction
from models.grievances.forms import LedgerRow
from models.grievances.limits import MAX_EXTENSIONS
from models.workspace import Permission
from ui.permissions import allow

WORKING = {GrievanceStatus.NEW, GrievanceStatus.HANDLING, GrievanceStatus.REFERRED}
OPEN = WORKING | {GrievanceStatus.TO_CHECK}

# Toolbar order: (code, text). "edit" is 修改登记; the others are keys of action_dialogs.SPECS.
ACTIONS = (("progress", "添加进展"), ("extend", "申请延期"), ("remind", "催办"), ("supervise", "督办"),
           ("refer", "转办"), ("answer", "转办答复"), ("close", "办结"), ("check", "核查"), ("visit", "回访"),
           ("reopen", "重新办理"))
TIPS = {
    "progress": "记录办理进展（待办理的事项转为办理中）",
    "extend": f"经批准延长办理期限，最多 {MAX_EXTENSIONS} 次",
    "remind": "记录一次催办（期限临近的事项在台账中显示为橙色）",
    "supervise": "已超过办理期限的事项，记录督办",
    "refer": "转请上级单位办理",
    "answer": "记录上级单位的答复，事项回到办理中",
    "close": "记录办理结果，办结",
    "check": "由责任人以外的人核查是否真正办好（设置中要求核查时）",
    "visit": "办结后回访群众，记录满意度",
    "reopen": "回访不满意的事项重新办理",
    "edit": "更正登记内容（未办结的事项）",
    "void": "登记错了的事项作废（不删除：勾选“显示已作废”可以看到）",
}


def allowed(row: LedgerRow | None, code: str) -> bool:
    """Whether action `code` can be done on `row` now."""
    if row is None or row.voided:
        return False
    status = row.status
    match code:
        case "progress" | "close":
            return status in WORKING
        case "remind":  # 待核查 is still open: the check can be urged too
            return status in OPEN
        case "extend":
            return status in WORKING and row.extensions < MAX_EXTENSIONS
        case "supervise":
            return status in OPEN and row.overdue
        case "refer":
            return status in (GrievanceStatus.NEW, GrievanceStatus.HANDLING)
        case "answer":
            return status == GrievanceStatus.REFERRED
        case "check":
            return status == GrievanceStatus.TO_CHECK
        case "visit":
            return status in (GrievanceStatus.RESOLVED, GrievanceStatus.VISITED)
        case "reopen":
            return status == GrievanceStatus.VISITED and row.satisfaction == Satisfaction.UNSATISFIED
        case "edit":
            return status in OPEN
        case "void":
            return status != GrievanceStatus.VOID
    return False


def follow_role(tab) -> None:
    """The toolbar of the 台账 for the signed-in user's role: what it may not do is disabled, saying why."""
    for action in (tab.register_action, *tab.item_actions.values()):
        allow(action, tab.runner, Permission.MEMBERS_EDIT)
    allow(tab.limits_button, tab.runner, Permission.SETTINGS_EDIT)
