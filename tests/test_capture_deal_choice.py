"""Which deal a deal update goes to, and which contract money received goes to (intents.deal_choice),
zh and en, on tests.capture_support.records_directory (open deals X1..X7, contracts H1..H4)."""

from __future__ import annotations

import pytest

from intents.deal_choice import choose_contract, choose_deal, title_words
from intents.directory import CustomerRecord, Directory
from tests.capture_support import records_directory

DIR = records_directory()


@pytest.mark.parametrize("title,customer,words", [
    ("晨光设备采购", "成都晨光食品股份有限公司", [("设备采购", 3), ("采购", 1)]),
    ("Acme二期项目", "Acme Robotics Inc", [("二期项目", 3), ("二期", 2)]),
    ("德信扩容项目", "西安德信建设工程有限公司", [("扩容项目", 3), ("扩容", 2)]),
    ("启明服务续约", "上海启明物流集团有限公司", [("服务续约", 3), ("续约", 1)]),
])
def test_title_words(title, customer, words):
    assert title_words(title, customer) == words


@pytest.mark.parametrize("text,cid,stage,deal_id,candidates,new,rule", [
    ("华龙机械二期扩产进入谈判", "K01", "negotiation", "X1", None, False, "deal.by_title"),
    ("华龙 maintenance deal moved to proposal", "K01", "proposal", "X2", None, False, "deal.by_title"),
    ("华龙机械金额调整", "K01", None, None, ["X1", "X2"], False, "deal.ask_among_open"),
    ("青松药业需求确认", "K05", "qualified", "X3", None, False, "deal.only_open"),
    ("青松药业续约", "K05", None, None, None, True, "deal.new_by_word"),
    ("Northstar second order", "K09", None, None, None, True, "deal.new_by_word"),
    ("蓝海供应链报价30万", "K03", "proposal", None, None, True, "deal.new_none_open"),
    ("蓝海供应链丢单了", "K03", "lost", None, None, False, "deal.lost_not_open"),
    ("青松药业续约那单丢了", "K05", "lost", "X3", None, False, "deal.only_open"),  # a loss is never a new deal
])
def test_choose_deal(text, cid, stage, deal_id, candidates, new, rule):
    got = choose_deal(text, cid, DIR, stage)
    assert (got.deal_id, got.candidates, got.new, got.rule) == (deal_id, candidates, new, rule)


def test_title_words_win_over_the_renewal_word():
    d = records_directory()
    d.deals["K05"].append(type(d.deals["K05"][0])(id="X9", customer_id="K05", title="青松服务续约"))
    assert choose_deal("青松药业续约谈下来了", "K05", d, "won").deal_id == "X9"


def test_no_deal_data_chooses_nothing():
    bare = Directory([CustomerRecord(id="K1", name="杭州远航电子有限公司")])
    got = choose_deal("远航电子签了", "K1", bare, "won")
    assert got.deal_id is None and not got.new and got.rule == "deal.no_deal_data"


@pytest.mark.parametrize("text,cid,contract,candidates", [
    ("海川物流回款", "K13", "H1", None),                  # the only contract with money owed
    ("德信建设回款", "K15", None, ["H2", "H3"]),           # two owed: ask
    ("德信建设系统升级合同回款", "K15", "H3", None),        # named by its title
    ("瑞祥汽车回款", "K11", None, None),                   # paid in full: nothing owed
])
def test_choose_contract(text, cid, contract, candidates):
    got = choose_contract(text, cid, DIR)
    assert got[:2] == (contract, candidates)
