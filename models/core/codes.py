"""Stored codes and their Chinese labels — the one place labels live (docs/architecture.md)."""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"


class Stage(StrEnum):
    """Where a person stands on the road to full membership."""

    APPLICANT = "applicant"
    ACTIVIST = "activist"
    CANDIDATE = "candidate"
    PROBATIONARY = "probationary"
    FULL = "full"


class Education(StrEnum):
    POSTGRADUATE = "postgraduate"
    BACHELOR = "bachelor"
    COLLEGE = "college"
    TECHNICAL = "technical"
    HIGH_SCHOOL = "high_school"
    JUNIOR = "junior"
    PRIMARY = "primary"


class EventKind(StrEnum):
    """Kinds of dated facts in a person's history (table person_event)."""

    JOINED = "joined"
    CONFIRMED = "confirmed"
    TRANSFERRED_IN = "transferred_in"
    TRANSFERRED_OUT = "transferred_out"
    DECEASED = "deceased"
    LEFT_PARTY = "left_party"
    SUSPENDED = "suspended"
    OTHER = "other"
    RESTORED = "restored"


class Step(StrEnum):
    """Dated steps of 《中国共产党发展党员工作细则》 (rows of person_event), in the order they happen."""

    APPLIED = "applied"  # 递交入党申请书
    TALKED = "talked"  # 党组织派人谈话
    RECOMMENDED = "recommended"  # 推荐（党员推荐、群团组织推优）
    ACTIVIST = "named_activist"  # 确定为入党积极分子（支委会）
    CONTACTS = "contacts"  # 指定培养联系人
    THOUGHT_REPORT = "thought_report"  # 思想汇报
    HALF_YEAR_REVIEW = "half_year_review"  # 半年考察
    CANDIDATE = "named_candidate"  # 列为发展对象
    INTRODUCERS = "introducers"  # 确定入党介绍人
    POLITICAL_REVIEW = "political_review"  # 政治审查
    TRAINING = "training"  # 集中培训
    PRE_REVIEW = "pre_review"  # 上级党委预审
    PUBLICITY = "publicity"  # 公示
    BRANCH_MEETING = "branch_meeting"  # 支部大会讨论接收为预备党员
    HIGHER_APPROVAL = "higher_approval"  # 上级党委审批
    OATH = "oath"  # 入党宣誓
    CONFIRMATION_APPLIED = "confirmation_applied"  # 提出转正申请
    PROBATION_EXTENDED = "probation_extended"  # 延长预备期
    DISQUALIFIED = "disqualified"  # 取消入党积极分子/发展对象/预备党员资格


class ScoreCategory(StrEnum):
    BASIC = "basic"
    BONUS = "bonus"
    DEDUCTION = "deduction"


class Audience(StrEnum):
    """Whom a scoring rule or a ranking is for."""

    ACTIVISTS = "activists"
    MEMBERS = "members"
    BOTH = "both"


class EntryStatus(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"


class GrievanceSource(StrEnum):
    """Where a demand came from (民情台账)."""

    HOME_VISIT = "home_visit"  # 入户走访（民情日记）
    FORUM = "forum"  # 民情恳谈会
    PHONE_CALL = "phone_call"  # 来电
    WALK_IN = "walk_in"  # 来访
    GRID = "grid_report"  # 网格员上报
    OTHER_SOURCE = "other_source"


class GrievanceCategory(StrEnum):
    INFRASTRUCTURE = "infrastructure"  # 基础设施
    SANITATION = "sanitation"  # 环境卫生
    HEALTH = "health"  # 医疗卫生
    ELDERLY_DISABLED = "elderly_disabled"  # 养老助残
    EDUCATION = "education"
    INCOME = "income"  # 就业增收
    DISPUTE = "dispute"  # 矛盾纠纷
    POLICY = "policy"  # 政策咨询
    OTHER_CATEGORY = "other_category"


class Urgency(StrEnum):
    URGENT = "urgent"  # 紧急
    PRESSING = "pressing"  # 较急
    ORDINARY = "ordinary"  # 一般


class GrievanceStatus(StrEnum):
    """待办理 → 办理中 → (待核查 →) 已办结 → 已回访; or 已转办; 不满意 reopens (办理中); 作废 ends it."""

    NEW = "new"  # 待办理: registered, no action yet
    HANDLING = "handling"  # 办理中
    REFERRED = "referred"  # 已转办: referred upwards, still followed
    TO_CHECK = "to_check"  # 待核查: 办结 recorded, waiting for the check (when the setting asks)
    RESOLVED = "resolved"  # 已办结
    VISITED = "visited"  # 已回访
    VOID = "void"  # 已作废


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    FAIRLY_SATISFIED = "fairly_satisfied"  # 基本满意
    UNSATISFIED = "unsatisfied"


class GrievanceAction(StrEnum):
    """Entries of an item's history (table grievance_action)."""

    REGISTERED = "registered"  # 登记
    CORRECTION = "correction"  # 更正登记（修改）: what changed
    PROGRESS = "progress"  # 添加进展
    EXTENSION = "extension"  # 申请延期（批准）
    REMINDER = "reminder"  # 催办
    SUPERVISION = "supervision"  # 督办
    REFERRAL = "referral"  # 转办
    REFERRAL_ANSWER = "referral_answer"  # 转办答复
    CLOSING = "closing"  # 办结
    CHECK = "check"  # 核查
    RETURN_VISIT = "return_visit"  # 回访
    REOPENING = "reopening"  # 重新办理
    VOIDING = "voiding"  # 作废


OPEN_STATUSES: tuple[GrievanceStatus, ...] = (GrievanceStatus.NEW, GrievanceStatus.HANDLING,
                                              GrievanceStatus.REFERRED, GrievanceStatus.TO_CHECK)


class Role(StrEnum):
    """What a user account may do (models.workspace.actor.ROLE_PERMISSIONS)."""

    ADMIN = "admin"  # everything, users, settings, restore, the audit log
    CLERK = "clerk"  # records and imports; no users, settings or restore
    VIEWER = "viewer"  # read and print only


class ArchiveReason(StrEnum):
    """Why a person left the active roster: the leaving kinds of EventKind (same codes)."""

    TRANSFERRED_OUT = EventKind.TRANSFERRED_OUT.value
    DECEASED = EventKind.DECEASED.value
    LEFT_PARTY = EventKind.LEFT_PARTY.value
    SUSPENDED = EventKind.SUSPENDED.value
    DISQUALIFIED = Step.DISQUALIFIED.value
    OTHER = EventKind.OTHER.value


LABELS: dict[StrEnum, str] = {
    Role.ADMIN: "管理员",
    Role.CLERK: "录入员",
    Role.VIEWER: "查看",
    Gender.MALE: "男",
    Gender.FEMALE: "女",
    Stage.APPLICANT: "入党申请人",
    Stage.ACTIVIST: "入党积极分子",
    Stage.CANDIDATE: "发展对象",
    Stage.PROBATIONARY: "预备党员",
    Stage.FULL: "正式党员",
    Education.POSTGRADUATE: "研究生",
    Education.BACHELOR: "大学本科",
    Education.COLLEGE: "大学专科",
    Education.TECHNICAL: "中专",
    Education.HIGH_SCHOOL: "高中",
    Education.JUNIOR: "初中",
    Education.PRIMARY: "小学及以下",
    EventKind.JOINED: "入党",
    EventKind.CONFIRMED: "转正",
    EventKind.TRANSFERRED_IN: "转入",
    EventKind.TRANSFERRED_OUT: "转出",
    EventKind.DECEASED: "去世",
    EventKind.LEFT_PARTY: "出党",
    EventKind.SUSPENDED: "停止党籍",
    EventKind.OTHER: "其他",
    EventKind.RESTORED: "恢复",
    Step.APPLIED: "递交入党申请书",
    Step.TALKED: "谈话",
    Step.RECOMMENDED: "推荐",
    Step.ACTIVIST: "确定为入党积极分子",
    Step.CONTACTS: "指定培养联系人",
    Step.THOUGHT_REPORT: "思想汇报",
    Step.HALF_YEAR_REVIEW: "半年考察",
    Step.CANDIDATE: "列为发展对象",
    Step.INTRODUCERS: "确定入党介绍人",
    Step.POLITICAL_REVIEW: "政治审查",
    Step.TRAINING: "集中培训",
    Step.PRE_REVIEW: "上级党委预审",
    Step.PUBLICITY: "公示",
    Step.BRANCH_MEETING: "支部大会接收为预备党员",
    Step.HIGHER_APPROVAL: "上级党委审批",
    Step.OATH: "入党宣誓",
    Step.CONFIRMATION_APPLIED: "提出转正申请",
    Step.PROBATION_EXTENDED: "延长预备期",
    Step.DISQUALIFIED: "取消资格",
    ScoreCategory.BASIC: "基础分",
    ScoreCategory.BONUS: "加分",
    ScoreCategory.DEDUCTION: "扣分",
    Audience.ACTIVISTS: "入党积极分子",
    Audience.MEMBERS: "党员",
    Audience.BOTH: "积极分子和党员",
    EntryStatus.APPROVED: "已生效",
    EntryStatus.PENDING: "待支委会审核",
    GrievanceSource.HOME_VISIT: "入户走访",
    GrievanceSource.FORUM: "民情恳谈会",
    GrievanceSource.PHONE_CALL: "来电",
    GrievanceSource.WALK_IN: "来访",
    GrievanceSource.GRID: "网格员上报",
    GrievanceSource.OTHER_SOURCE: "其他渠道",
    GrievanceCategory.INFRASTRUCTURE: "基础设施",
    GrievanceCategory.SANITATION: "环境卫生",
    GrievanceCategory.HEALTH: "医疗卫生",
    GrievanceCategory.ELDERLY_DISABLED: "养老助残",
    GrievanceCategory.EDUCATION: "教育",
    GrievanceCategory.INCOME: "就业增收",
    GrievanceCategory.DISPUTE: "矛盾纠纷",
    GrievanceCategory.POLICY: "政策咨询",
    GrievanceCategory.OTHER_CATEGORY: "其他事项",
    Urgency.URGENT: "紧急",
    Urgency.PRESSING: "较急",
    Urgency.ORDINARY: "一般",
    GrievanceStatus.NEW: "待办理",
    GrievanceStatus.HANDLING: "办理中",
    GrievanceStatus.REFERRED: "已转办",
    GrievanceStatus.TO_CHECK: "待核查",
    GrievanceStatus.RESOLVED: "已办结",
    GrievanceStatus.VISITED: "已回访",
    GrievanceStatus.VOID: "已作废",
    Satisfaction.SATISFIED: "满意",
    Satisfaction.FAIRLY_SATISFIED: "基本满意",
    Satisfaction.UNSATISFIED: "不满意",
    GrievanceAction.REGISTERED: "登记",
    GrievanceAction.CORRECTION: "更正登记",
    GrievanceAction.PROGRESS: "进展",
    GrievanceAction.EXTENSION: "延期",
    GrievanceAction.REMINDER: "催办",
    GrievanceAction.SUPERVISION: "督办",
    GrievanceAction.REFERRAL: "转办",
    GrievanceAction.REFERRAL_ANSWER: "转办答复",
    GrievanceAction.CLOSING: "办结",
    GrievanceAction.CHECK: "核查",
    GrievanceAction.RETURN_VISIT: "回访",
    GrievanceAction.REOPENING: "重新办理",
    GrievanceAction.VOIDING: "作废",
}

MEMBER_STAGES: tuple[Stage, ...] = (Stage.FULL, Stage.PROBATIONARY)
PIPELINE_STAGES: tuple[Stage, ...] = (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY)

ETHNICITIES: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
)
# GB/T 3304 adds two categories for people outside the 56: 97 and 98.
OTHER_ETHNICITIES: tuple[str, ...] = ("其他未识别民族", "外国血统中国籍人士")

# How people also write them: the name without 族 (汉, 蒙古, 维吾尔), plus everyday short forms.
_ETHNICITY_ALIASES: dict[str, str] = {
    **{name.removesuffix("族"): name for name in ETHNICITIES},
    "蒙族": "蒙古族", "维族": "维吾尔族", "僮族": "壮族", "其他": "其他未识别民族", "未识别民族": "其他未识别民族",
    "外国血统": "外国血统中国籍人士",
}
_ETHNICITY_BY_TEXT = {**{name: name for name in ETHNICITIES + OTHER_ETHNICITIES}, **_ETHNICITY_ALIASES}


def ethnicity_name(text: str) -> str | None:
    """The full name for 汉 / 汉族 / ` 汉 族 ` / 蒙族 …, None when it names no 民族 of GB/T 3304."""
    return _ETHNICITY_BY_TEXT.get("".join((text or "").split()))


# Codes are unique across the enums (ArchiveReason reuses EventKind's codes and labels), so one
# lookup by stored value serves every list and report.
_LABEL_BY_VALUE = {member.value: text for member, text in LABELS.items()}
# StrEnum members equal to their values, so two enums sharing a code would already have merged in LABELS:
# count the declared members instead (ArchiveReason reuses EventKind's codes on purpose and is not in LABELS).
assert len(_LABEL_BY_VALUE) == sum(len(e) for e in (Gender, Stage, Education, EventKind, Step, ScoreCategory,
                                                     Audience, EntryStatus, GrievanceSource, GrievanceCategory,
                                                     Urgency, GrievanceStatus, Satisfaction, GrievanceAction, Role)), \
    "stored codes must be unique"


def label(code: StrEnum | str | None) -> str:
    """Chinese label of a stored code; unknown or empty codes show as an empty string."""
    return _LABEL_BY_VALUE.get(code, "") if code else ""


def choices(enum_type: type[StrEnum]) -> list[tuple[StrEnum, str]]:
    """(code, label) pairs in declaration order, for combo boxes."""
    return [(member, label(member.value)) for member in enum_type]
