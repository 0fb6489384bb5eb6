"""What the 发展党员 dialogs hand to the operations, and the checks on an applicant's form."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from models.core.codes import Education, Gender, Stage, ethnicity_name
from models.core.dates import format_date
from models.people import citizen_id
from models.people.phones import parse_phone, phone_problem
from models.people.roster import fill_from_id
from models.people.rules import FIELD_LABELS, PersonForm, normalize_ethnicity, normalize_name

ACTIONS: tuple[str, ...] = ("activist", "candidate", "admit", "confirm", "extend", "disqualify")
ACTION_TITLES: dict[str, str] = {
    "activist": "确定为入党积极分子", "candidate": "列为发展对象", "admit": "接收为预备党员",
    "confirm": "转为正式党员", "extend": "延长预备期", "disqualify": "取消资格",
}

FORM_LABELS: dict[str, str] = {
    **FIELD_LABELS, "applied_on": "申请日期", "note": "备注", "step": "事项", "on": "日期", "until": "截止日期",
    "hours": "学时", "related_person_id": "相关党员", "related_person_ids": "相关党员", "action": "办理事项",
    "override_reason": "理由", "material": "材料", "received_on": "收到日期", "reason": "原因",
}


@dataclass(frozen=True)
class ApplicantForm:
    """One 入党申请人 as entered: no 入党日期; the 申请 date is required."""

    name: str = ""
    gender: str = ""
    citizen_id: str = ""
    birth_date: date | None = None
    ethnicity: str = "汉族"
    education: str = ""
    phone: str = ""
    address: str = ""
    group_id: int | None = None
    work_unit: str = ""
    applied_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class StepForm:
    """One dated step of a person's development (谈话, 思想汇报, 政审, 集中培训, 公示 …)."""

    step: str
    on: date | None
    until: date | None = None  # end of a 公示 (default: the working days in 设置) or 集中培训
    hours: int | None = None  # 集中培训学时
    related_person_id: int | None = None  # 培养联系人 / 入党介绍人 (a full member)
    note: str = ""


@dataclass(frozen=True)
class StageChange:
    """A stage action: activist / candidate / admit / confirm / extend / disqualify."""

    action: str
    on: date | None
    note: str = ""
    override_reason: str = ""  # required to go ahead when a timing rule is not met
    until: date | None = None  # extend: the new end of probation
    related_person_ids: tuple[int, ...] = ()  # activist: 培养联系人; candidate: 入党介绍人


def normalized_applicant(form: ApplicantForm) -> ApplicantForm:
    """The form cleaned the way it is stored; gender and birth date filled from a valid ID."""
    form = replace(form, name=normalize_name(form.name), citizen_id=citizen_id.normalize(form.citizen_id),
                   ethnicity=normalize_ethnicity(form.ethnicity), phone=parse_phone(form.phone) or form.phone.strip(),
                   address=form.address.strip(), work_unit=form.work_unit.strip(), note=form.note.strip())
    filled = fill_from_id(PersonForm(gender=form.gender, citizen_id=form.citizen_id, birth_date=form.birth_date))
    return replace(form, gender=filled.gender, birth_date=filled.birth_date)


def applicant_errors(form: ApplicantForm, today: date) -> dict[str, str]:
    """{field: Chinese message} for a normalized applicant form (the database checks come later)."""
    errors: dict[str, str] = {}
    if not form.name:
        errors["name"] = "请填写姓名"
    elif len(form.name) > 20:
        errors["name"] = "姓名不能超过20个字"
    elif re.search(r"[0-9A-Za-z]", form.name):
        errors["name"] = "姓名中不能有数字或字母"
    if form.gender not in (Gender.MALE, Gender.FEMALE):
        errors["gender"] = "请选择性别"
    if not form.ethnicity or ethnicity_name(form.ethnicity) != form.ethnicity:
        errors["ethnicity"] = f"“{form.ethnicity}”不是民族名称，请写全称（如 汉族、回族）"
    if form.education and form.education not in {e.value for e in Education}:
        errors["education"] = "学历不在可选范围内"
    if form.phone and parse_phone(form.phone) is None:
        errors["phone"] = phone_problem(form.phone)
    if len(form.address) > 200:
        errors["address"] = "家庭住址不能超过200个字"
    if len(form.work_unit) > 100:
        errors["work_unit"] = "工作单位不能超过100个字"
    _check_identity(form, today, errors)
    if form.applied_on is None:
        errors["applied_on"] = "请填写递交入党申请书的日期"
    elif form.applied_on > today:
        errors["applied_on"] = "申请日期不能晚于今天"
    elif form.birth_date and form.applied_on <= form.birth_date and "birth_date" not in errors:
        errors["applied_on"] = "申请日期应晚于出生日期"
    return errors


def _check_identity(form: ApplicantForm, today: date, errors: dict[str, str]) -> None:
    if form.citizen_id:
        try:
            info = citizen_id.parse(form.citizen_id, today)
        except citizen_id.CitizenIdError as exc:
            errors["citizen_id"] = str(exc)
            return
        if form.gender and form.gender != info.gender and "gender" not in errors:
            errors["gender"] = f"与公民身份号码不符（号码第17位表示{'男' if info.gender == Gender.MALE else '女'}性）"
        if form.birth_date != info.birth_date:
            errors["birth_date"] = f"与公民身份号码不符（号码中的出生日期是{format_date(info.birth_date)}）"
    elif form.birth_date is None:
        errors["birth_date"] = "请填写出生日期（或填写公民身份号码自动带出）"
    if form.birth_date and "birth_date" not in errors:
        if form.birth_date > today:
            errors["birth_date"] = "出生日期不能晚于今天"
        elif form.birth_date.year < 1900:
            errors["birth_date"] = "出生日期不可能早于1900年"


def person_values(form: ApplicantForm) -> dict[str, object]:
    """The `person` columns of a checked applicant (pinyin keys are added by the operation)."""
    return {"name": form.name, "gender": form.gender, "ethnicity": form.ethnicity,
            "citizen_id": form.citizen_id or None, "birth_date": form.birth_date, "education": form.education or None,
            "stage": Stage.APPLICANT.value, "group_id": form.group_id, "work_unit": form.work_unit,
            "phone": form.phone, "address": form.address, "notes": form.note}
