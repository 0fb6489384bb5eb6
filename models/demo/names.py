"""Names and phone numbers for demo people: common surnames and given-name characters of rural Henan."""

from __future__ import annotations

import random

from models.core.codes import Gender

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
MALE_CHARS = "建国军伟强磊洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣博文志海春德成福喜富贵保忠"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀英华慧巧美兰凤玉萍红梅琳燕彩春菊珍莉桂月雪琴云淑荣婷倩洁"
RARE_NAMES = ("李䶮", "王喆", "张堃", "陈燚")  # characters beyond the common set


def make_name(rng: random.Random, gender: Gender, used: set[str]) -> str:
    chars = MALE_CHARS if gender == Gender.MALE else FEMALE_CHARS
    for _ in range(50):
        given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.75 else "")
        name = rng.choice(SURNAMES) + given
        if name not in used:
            break
    used.add(name)
    return name


def make_phone(rng: random.Random) -> str:
    return rng.choice(("138", "139", "135", "137", "150", "151", "158", "187", "188", "176", "199")) + \
        f"{rng.randrange(10**8):08d}"
