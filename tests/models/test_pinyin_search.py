from datetime import date

from models.core.pinyin import keys_for
from models.people import roster as people
from models.people.citizen_id import make
from models.people.operations import create_member
from models.people.rules import PersonForm
from tests.conftest import TODAY


def _add(workspace, name, number, **extra):
    form = PersonForm(name=name, citizen_id=number, joined_on=extra.pop("joined_on", TODAY.replace(year=2010)),
                      confirmed_on=extra.pop("confirmed_on", TODAY.replace(year=2011)), **extra)
    return workspace.run(create_member, form).value


def _names(session, text):
    return [r.name for r in people.list_members(session, people.MemberFilter(text=text), TODAY)]


def test_keys_for_names():
    keys = keys_for("王建国")
    assert keys.full == "wangjianguo" and keys.initials == "wjg"
    assert keys_for("单雄信").full.split() == ["shanxiongxin", "danxiongxin"]
    assert keys_for("阿依古丽·买买提").initials == "ayglmmt"


def test_wjg_wangjianguo_and_jianguo_all_find_him(workspace):
    _add(workspace, "王建国", make("411323", date(1970, 5, 1), 11))
    _add(workspace, "张三", make("411323", date(1971, 5, 1), 13))
    _add(workspace, "王芳", make("411323", date(1972, 5, 1), 22))
    with workspace.read() as session:
        for query in ("wjg", "WJG", "wangjianguo", "wangjian", "建国", "王建国", " wang jian guo "):
            assert _names(session, query) == ["王建国"], query
        assert _names(session, "zhangs") == ["张三"]
        assert _names(session, "zs") == ["张三"]
        assert _names(session, "wang") == ["王芳", "王建国"]  # pinyin order: fang < jian


def test_list_is_sorted_by_pinyin_not_code_points(workspace):
    names = ["赵六", "阿里", "曾强", "白云", "钱七"]
    for i, name in enumerate(names):
        _add(workspace, name, make("411323", date(1970, 1, 1 + i), 11))
    with workspace.read() as session:
        assert _names(session, "") == ["阿里", "白云", "钱七", "曾强", "赵六"]


def test_renaming_updates_the_search_keys(workspace):
    from models.people.operations import update_member

    number = make("411323", date(1970, 5, 1), 11)
    person_id = _add(workspace, "王建国", number)
    workspace.run(update_member, person_id, PersonForm(name="单雄信", citizen_id=number, joined_on=date(2010, 11, 22),
                                                       confirmed_on=date(2011, 11, 22)))
    with workspace.read() as session:
        assert _names(session, "wjg") == []
        assert _names(session, "sxx") == _names(session, "danxiongxin") == ["单雄信"]
