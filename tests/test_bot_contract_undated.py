"""A contract whose payment plan has parts with no due day said (首付20% / 30%预付 70%上线后): the
contract and the dated parts are saved; installments.due_on is NOT NULL, so an undated part is not
stored but shown in the receipt as undated (never dropped silently). zh and en."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from domain.types import ContractRecord, DealRecord, Installment
from storage.models import Contract
from storage.models import Installment as Inst
from tests.records_support import only, q, save_parsed, team_chat

D = date.fromisoformat
MD = "杭州明德食品集团有限公司"


@pytest.fixture
def chat(db_url, tmp_path):
    return team_chat(db_url, tmp_path)


@pytest.mark.parametrize("lang,line", [
    ("zh", "📄 合同 ¥900,000 · 杭州明德食品集团有限公司 · 签约 11-20 · 分 3 期：¥300,000 12-05, "
           "¥300,000 日期未定（未存入回款计划，说出日期后再记）, ¥300,000 日期未定（未存入回款计划，说出日期后再记）"),
    ("en", "📄 Contract ¥900,000 · 杭州明德食品集团有限公司 · signed 11-20 · plan: ¥300,000 12-05, "
           "¥300,000 no due day yet (not in the payment schedule until you give one), "
           "¥300,000 no due day yet (not in the payment schedule until you give one)"),
])
def test_undated_parts_are_shown_and_dated_ones_stored(chat, lang, line):
    recs = [DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="won", amount=900000),
            ContractRecord(customer=MD, customer_id="C1", amount=900000, signed_on=D("2026-11-20"),
                           installments=[Installment(due_on=D("2026-12-05"), amount=300000),
                                         Installment(due_on=None, amount=300000),
                                         Installment(due_on=None, amount=300000)])]
    r = only(save_parsed(chat, "R01", recs, lang=lang))
    assert line in r.text.splitlines()
    (kid, cents), = q(chat, select(Contract.id, Contract.amount_cents).where(Contract.customer_id == "C1"))
    assert cents == 90000000
    assert q(chat, select(Inst.due_on, Inst.amount_cents).where(Inst.contract_id == kid)) == [(D("2026-12-05"), 30000000)]


def test_a_plan_of_only_undated_parts_still_saves_the_contract(chat):
    recs = [DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="won", amount=1000000),
            ContractRecord(customer=MD, customer_id="C1", amount=1000000, signed_on=D("2026-11-20"),
                           installments=[Installment(due_on=None, amount=200000)])]
    r = only(save_parsed(chat, "R01", recs, lang="zh"))
    assert "分 1 期：¥200,000 日期未定" in r.text
    (kid, cents), = q(chat, select(Contract.id, Contract.amount_cents).where(Contract.customer_id == "C1"))
    assert cents == 100000000 and q(chat, select(Inst.id).where(Inst.contract_id == kid)) == []
