"""Changes to a proposed business card said in words (intents.card_edits), zh and en."""

from __future__ import annotations

import pytest

from intents.card_edits import parse_card_edit

CASES = {
    "zh": [
        ("职位是采购总监", {"title": "采购总监"}),
        ("职务改成销售副总", {"title": "销售副总"}),
        ("电话 139 1234 5678", {"mobile": "13912345678"}),
        ("座机是0571-8888 6666", {"phone": "0571-8888 6666"}),
        ("公司是宁波远航物流", {"company": "宁波远航物流"}),
        ("把手机改为13812345678", {"mobile": "13812345678"}),
        ("名字叫李娜，邮箱是lina@abc.cn", {"name": "李娜", "email": "lina@abc.cn"}),
        ("地址：上海市浦东新区世纪大道100号", {"address": "上海市浦东新区世纪大道100号"}),
        ("lina@abc.cn", {"email": "lina@abc.cn"}),
        ("今天天气不错", {}),
        ("电话还没打", {}),
        ("公司那边说下周签约", {}),
        ("客户说价格太高", {}),
        ("她叫赵敏", {"name": "赵敏"}),
    ],
    "en": [
        ("title is Purchasing Director", {"title": "Purchasing Director"}),
        ("company: Blue Ocean Trading Ltd", {"company": "Blue Ocean Trading Ltd"}),
        ("change the phone to 021-5555 1234", {"phone": "021-5555 1234"}),
        ("email should be amy@blue.io and title is CFO", {"email": "amy@blue.io", "title": "CFO"}),
        ("name is Amy Lee", {"name": "Amy Lee"}),
        ("mobile +86 139 0000 1234", {"mobile": "+8613900001234"}),
        ("emailed him yesterday", {}),
        ("thanks", {}),
        ("company wants a discount", {}),
        ("title Sales Director", {}),
    ],
}


@pytest.mark.parametrize(("text", "want"), [c for cases in CASES.values() for c in cases])
def test_card_edit_in_words(text, want):
    assert parse_card_edit(text) == want
