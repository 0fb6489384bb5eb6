"""The roster form and its validation rules, shared by the member dialog and Excel import."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date

from models.core.codes import ArchiveReason, Education, Gender, Stage, ethnicity_name
from models.core.dates import add_years, format_date
from models.people import citizen_id
from models.people.phones import parse_phone, phone_problem, tidy_phone

FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "ethnicity": "民族", "citizen_id": "公民身份号码",
    "birth_date": "出生日期", "education": "学历", "stage": "人员类别", "group_id": "党小组",
    "joined_on": "入党日期", "confirmed_on": "转正日期", "work_unit": "工作单位及职务",
    "phone": "联系电话", "address": "家庭住址", "is_mobile": "流动党员",
    "mobile_destination": "外出地点", "mobile_since": "外出日期", "mobile_contact": "外出联系方式",
    "notes": "备注", "archive_reason": "归档原因", "archived_on": "日期",
    "transfer_to": "转往单位", "transfer_letter_no": "介绍信编号", "archive_note": "原因说明",
    "restored_on": "恢复日期", "restore_note": "说明",
}

# A 正式党员 who joined within this many years must have a 转正日期: a village committee's term is
# five years, so the 转正 was decided at a meeting in the secretary's own minutes book. Older
# members' dates may sit in a file at the township; for them an empty 转正日期 is only a warning,
# so that a roster without the column can still be imported and completed later.
CONFIRMATION_REQUIRED_YEARS = 5


@dataclass(frozen=True)
class PersonForm:
    """Every roster field of one person, as entered (dates already parsed)."""

    name: str = ""
    gender: str = ""
    ethnicity: str = "汉族"
    citizen_id: str = ""
    birth_date: date | None = None
    education: str = ""
    stage: str = Stage.FULL
    group_id: int | None = None
    joined_on: date | None = None
    confirmed_on: date | None = None
    work_unit: str = ""
    phone: str = ""
    address: str = ""
    is_mobile: bool = False
    mobile_destination: str = ""
    mobile_since: date | None = None
    mobile_contact: str = ""
    notes: str = ""


PERSON_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(PersonForm))  # computed once: imports loop


@dataclass(frozen=True)
class ArchiveForm:
    reason: str = ArchiveReason.TRANSFERRED_OUT
    archived_on: date | None = None
    transfer_to: str = ""
    transfer_letter_no: str = ""
    note: str = ""


def normalize_name(name: str) -> str:
    """`王  芳` → 王芳; keeps the `·` of minority names, unifying its look-alikes."""
    return re.sub(r"\s+", "", name or "").replace("•", "·").replace("．", "·").replace("・", "·")


def normalize_phone(phone: str) -> str:
    """The stored form of a phone (13800001111, 0371-66668888, 0371-66668888-801); text that is
    no phone comes back trimmed, for the message that says so."""
    return tidy_phone(phone)


def is_phone(phone: str) -> bool:
    """A mainland mobile or landline, written with or without separators (see models.people.phones)."""
    return parse_phone(phone) is not None


def normalize_ethnicity(text: str) -> str:
    """汉 → 汉族, 蒙古 → 蒙古族; unknown text is returned trimmed, for the message that says so."""
    return ethnicity_name(text) or (text or "").strip()


def normalized(form: PersonForm) -> PersonForm:
    """The form with names, ID and phone cleaned up the way they are stored."""
    return replace(
        form,
        name=normalize_name(form.name),
        citizen_id=citizen_id.normalize(form.citizen_id),
        phone=normalize_phone(form.phone),
        ethnicity=normalize_ethnicity(form.ethnicity),
        work_unit=form.work_unit.strip(),
        address=form.address.strip(),
        mobile_destination=form.mobile_destination.strip(),
        mobile_contact=form.mobile_contact.strip(),
        notes=form.notes.strip(),
    )


@dataclass(frozen=True)
class PersonReview:
    """What the rules say about a form: errors block saving, warnings only ask to check."""

    errors: dict[str, str]
    warnings: dict[str, str]


def validate_person(form: PersonForm, today: date) -> dict[str, str]:
    """Check a (normalized) form against the roster rules; returns {field: Chinese message}."""
    return review_person(form, today).errors


def person_warnings(form: PersonForm, today: date) -> dict[str, str]:
    """What a (normalized) form should make the user check without stopping the save."""
    return review_person(form, today).warnings


def review_person(form: PersonForm, today: date) -> PersonReview:
    """Errors and warnings for a (normalized) form, each {field: Chinese message}; a field with
    an error carries no warning."""
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    _check_fields(form, errors)
    _check_id(form, today, errors)
    _check_dates(form, today, errors)
    _check_stage(form, today, errors, warnings)
    return PersonReview(errors, {f: m for f, m in warnings.items() if f not in errors})


def _check_fields(form: PersonForm, errors: dict[str, str]) -> None:
    if not form.name:
        errors["name"] = "请填写姓名"
    elif len(form.name) > 20:
        errors["name"] = "姓名不能超过20个字"
    elif re.search(r"[0-9A-Za-z]", form.name):
        errors["name"] = "姓名中不能有数字或字母"
    if form.gender not in (Gender.MALE, Gender.FEMALE):
        errors["gender"] = "请选择性别"
    if not form.ethnicity:
        errors["ethnicity"] = "请填写民族"
    elif ethnicity_name(form.ethnicity) != form.ethnicity:
        errors["ethnicity"] = (f"“{form.ethnicity}”不是民族名称。请写全称（如 汉族、回族、蒙古族、维吾尔族）"
                               "或简称（如 汉、回、蒙古）")
    if form.stage not in (Stage.FULL, Stage.PROBATIONARY):
        errors["stage"] = "人员类别应为正式党员或预备党员"
    if form.education and form.education not in {e.value for e in Education}:
        errors["education"] = "学历不在可选范围内"
    if form.phone and not is_phone(form.phone):
        errors["phone"] = phone_problem(form.phone)
    if form.is_mobile and not form.mobile_destination:
        errors["mobile_destination"] = "流动党员请填写外出地点"


def _check_id(form: PersonForm, today: date, errors: dict[str, str]) -> None:
    if not form.citizen_id:
        if form.birth_date is None:
            errors["birth_date"] = "请填写出生日期（或填写公民身份号码自动带出）"
        return
    try:
        info = citizen_id.parse(form.citizen_id, today)
    except citizen_id.CitizenIdError as exc:
        errors["citizen_id"] = str(exc)
        return
    if form.gender and form.gender != info.gender:
        shown = "男" if info.gender == Gender.MALE else "女"
        errors["gender"] = f"与公民身份号码不符（号码第17位表示{shown}性）"
    if form.birth_date and form.birth_date != info.birth_date:
        errors["birth_date"] = f"与公民身份号码不符（号码中的出生日期是{format_date(info.birth_date)}）"


def _check_dates(form: PersonForm, today: date, errors: dict[str, str]) -> None:
    for field in ("birth_date", "joined_on", "confirmed_on", "mobile_since"):
        value = getattr(form, field)
        if value is not None and value > today and field not in errors:
            errors[field] = f"{FIELD_LABELS[field]}不能晚于今天"
    if form.birth_date and form.birth_date.year < 1900 and "birth_date" not in errors:
        errors["birth_date"] = "出生日期不可能早于1900年"
    if form.joined_on is None:
        errors.setdefault("joined_on", "请填写入党日期（支部大会通过接收为预备党员的日期）")
    elif form.birth_date and "joined_on" not in errors:
        eighteen = add_years(form.birth_date, 18)
        if form.joined_on < eighteen:
            errors["joined_on"] = f"入党时未满18周岁（{format_date(eighteen)}才满18岁）"
    if form.stage == Stage.PROBATIONARY and form.confirmed_on is not None:
        errors.setdefault("confirmed_on", "预备党员还没有转正，转正日期应留空")
    elif form.confirmed_on and form.joined_on and form.confirmed_on <= form.joined_on:
        errors.setdefault("confirmed_on", "转正日期应晚于入党日期")
    if form.mobile_since and form.birth_date and form.mobile_since < form.birth_date:
        errors.setdefault("mobile_since", "外出日期早于出生日期")


PROBATION_DUE = "due"  # the year is over: 转正 should be discussed (or was extended)
PROBATION_TOO_LONG = "too_long"  # beyond two years: impossible, the record is wrong


def probation_state(stage: str, joined_on: date | None, today: date) -> str:
    """For a 预备党员: "" within the probation year, PROBATION_DUE once it is over, PROBATION_TOO_LONG
    beyond two years (probation is one year, extendable once by up to a year: 党章第七条)."""
    if stage != Stage.PROBATIONARY or joined_on is None:
        return ""
    if add_years(joined_on, 2) < today:
        return PROBATION_TOO_LONG
    return PROBATION_DUE if add_years(joined_on, 1) <= today else ""


def probation_message(joined_on: date, state: str) -> str:
    """The Chinese explanation of a probation_state (for the dialog, the list and the import)."""
    if state == PROBATION_TOO_LONG:
        return (f"预备期最长两年（一年，延长不超过一年），{format_date(joined_on)}入党至今已超过两年："
                "请核对入党日期或人员类别（已转正的请选“正式党员”并填写转正日期）")
    return (f"预备期已于{format_date(add_years(joined_on, 1))}满一年，请及时讨论转正"
            "（延长预备期的，最长再延一年）")


def _check_stage(form: PersonForm, today: date, errors: dict[str, str], warnings: dict[str, str]) -> None:
    joined = form.joined_on
    if joined is None or "joined_on" in errors or "stage" in errors:
        return
    if form.stage == Stage.PROBATIONARY:
        state = probation_state(form.stage, joined, today)
        if state:
            (errors if state == PROBATION_TOO_LONG else warnings)["stage"] = probation_message(joined, state)
        return
    year_over = add_years(joined, 1)
    if form.confirmed_on is None:
        if year_over > today:
            errors["stage"] = f"入党不满一年（{format_date(year_over)}预备期满），还是预备党员：请把人员类别改为“预备党员”"
        elif add_years(joined, CONFIRMATION_REQUIRED_YEARS) > today:
            errors["confirmed_on"] = "正式党员请填写转正日期（预备期满、支部大会通过转为正式党员的日期，一般是入党满一年那天）"
        else:
            warnings["confirmed_on"] = "没有填写转正日期，党龄暂按入党满一年推算；能查到的请补上"
    elif "confirmed_on" not in errors:
        if form.confirmed_on < year_over:
            warnings["confirmed_on"] = f"转正日期早于预备期满的日期（{format_date(year_over)}），预备期为一年，请核对"
        elif form.confirmed_on > add_years(joined, 2):
            warnings["confirmed_on"] = "转正日期距入党超过两年（预备期最长两年），请核对"


_NEEDS_NOTE = {
    ArchiveReason.LEFT_PARTY: "请说明原因和依据，如 开除党籍、除名、自行脱党（党委批复文号）",
    ArchiveReason.SUSPENDED: "请说明原因和依据，如 出国定居停止党籍（党委批复文号）",
    ArchiveReason.DISQUALIFIED: "请说明原因和依据，如 支部大会决定取消预备党员资格（上级党委批复文号）",
    ArchiveReason.OTHER: "请说明原因",
}


def validate_archive(form: ArchiveForm, today: date, birth_date: date | None,
                     joined_on: date | None = None, stage: str | None = None) -> dict[str, str]:
    """Check an archive request; returns {field: Chinese message}. A member leaves after joining:
    转出 in 1970 of someone who joined in 1980 is a typing error. 取消资格 is for probationary
    members and people in the pipeline, never a full member."""
    errors: dict[str, str] = {}
    if form.reason not in {r.value for r in ArchiveReason}:
        errors["archive_reason"] = "请选择归档原因"
    elif form.reason == ArchiveReason.DISQUALIFIED and stage == Stage.FULL:
        errors["archive_reason"] = "“取消资格”只用于预备党员和入党申请人、积极分子、发展对象；正式党员离开党组织请选“出党”"
    if form.archived_on is None:
        errors["archived_on"] = "请填写日期"
    elif form.archived_on > today:
        errors["archived_on"] = "日期不能晚于今天"
    elif birth_date and form.archived_on < birth_date:
        errors["archived_on"] = "日期早于出生日期"
    elif joined_on and form.archived_on < joined_on:
        errors["archived_on"] = f"日期不能早于入党日期（{format_date(joined_on)}）"
    if form.reason == ArchiveReason.TRANSFERRED_OUT and not form.transfer_to.strip():
        errors["transfer_to"] = "请填写转往的党组织"
    if form.reason in _NEEDS_NOTE and not form.note.strip():
        errors["archive_note"] = _NEEDS_NOTE[form.reason]
    return errors



@dataclass(frozen=True)
class RestoreForm:
    restored_on: date | None = None
    note: str = ""


def validate_restore(form: RestoreForm, today: date, archived_on: date | None) -> dict[str, str]:
    """Check a request to bring an archived person back; returns {field: Chinese message}."""
    errors: dict[str, str] = {}
    if form.restored_on is None:
        errors["restored_on"] = "请填写恢复日期"
    elif form.restored_on > today:
        errors["restored_on"] = "恢复日期不能晚于今天"
    elif archived_on and form.restored_on < archived_on:
        errors["restored_on"] = f"恢复日期不能早于归档日期（{format_date(archived_on)}）"
    return errors
