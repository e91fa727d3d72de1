"""A contract's amount and payment plan as written (intents.installments), zh and en; amounts and
due days worked out by hand. Signed on Friday 2026-11-20."""

from __future__ import annotations

from datetime import date

import pytest

from intents.installments import contract_amount, installments

SIGNED = date(2026, 11, 20)


def _plan(text: str, amount: float | None) -> list[tuple[str | None, float | None]]:
    return [(str(i.due_on) if i.due_on else None, i.amount) for i in installments(text, amount, SIGNED, SIGNED)]


@pytest.mark.parametrize("text,amount,plan", [
    ("合同80万，首付25%下月15号前到账", 800000, [("2026-12-15", 200000)]),
    ("签了，预付三成，余款验收后付清", 500000, [(None, 150000), (None, 350000)]),  # no day said: none
    ("12月20日前付一半，明年2月底前付清", 300000, [("2026-12-20", 150000), ("2027-02-28", 150000)]),
    ("首付10万，尾款月底前付", 400000, [(None, 100000), ("2026-11-30", 300000)]),
    ("分四期，每季度末付款", 400000, [("2026-12-31", 100000), ("2027-03-31", 100000), ("2027-06-30", 100000),
                                       ("2027-09-30", 100000)]),
    ("分两期付款", 90000, [(None, 45000), (None, 45000)]),
    ("分三期，每月底付", 30000, [("2026-11-30", 10000), ("2026-12-31", 10000), ("2027-01-31", 10000)]),
    ("40% upfront, balance on delivery", 100000, [(None, 40000), (None, 60000)]),
    ("half on signing, the rest by March 31", 80000, [("2026-11-20", 40000), ("2027-03-31", 40000)]),
    ("payment in 3 installments, quarterly", 90000, [("2026-12-31", 30000), ("2027-03-31", 30000), ("2027-06-30", 30000)]),
    ("20% deposit, 80% within 30 days", 50000, [(None, 10000), ("2026-12-20", 40000)]),
    ("签约时付30%，余款上线后付", 100000, [("2026-11-20", 30000), (None, 70000)]),  # on signing: that day
    ("合同80万", 800000, []),  # no plan said: none invented
])
def test_installments(text, amount, plan):
    assert _plan(text, amount) == plan


def test_shares_without_a_contract_amount_stay_unknown():
    assert _plan("首付30%下月10号前到账", None) == [("2026-12-10", None)]


@pytest.mark.parametrize("text,amount", [("签了，合同120万，首付30%", 1200000), ("contract value $90k, 50% upfront", 90000),
                                         ("签约金额 45 万", 450000), ("报价60万", None)])
def test_contract_amount(text, amount):
    got = contract_amount(text)
    assert (got.amount if got else None) == amount


def test_parts_said_win_over_equal_parts():
    assert _plan("分两期：12月31日前付60%，明年3月底前付40%", 1000000) == [("2026-12-31", 600000), ("2027-03-31", 400000)]
    assert _plan("in two payments: 30% now, 70% by end of January", 100000) == [("2026-11-20", 30000), ("2027-01-31", 70000)]


@pytest.mark.parametrize("text,amount,plan", [
    ("签了 30万 分三期 首付已到账", 300000, [(None, 100000)] * 3),  # 30万 before the terms is the whole
    ("成交 60万 预付三成", 600000, [(None, 180000)]),
    ("signed 60k, 20k upfront, rest on delivery", 60000, [(None, 20000), (None, 40000)]),  # 20k is the upfront's
    ("won it, 90k payable in 3 installments", 90000, [(None, 30000)] * 3),
])
def test_the_contract_amount_said_before_the_terms_is_no_part(text, amount, plan):
    assert _plan(text, amount) == plan
