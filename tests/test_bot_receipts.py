"""bot/receipts.py: one line per record, in the speaker's language, and the one-line summary used by
undo and "my last records"; bot/conversation_texts.lang_of with addresses in the text."""

from __future__ import annotations

import pytest

from bot.conversation_texts import lang_of, money
from bot.receipts import lines, summary

MD = "杭州明德食品集团有限公司"
SHOWS = [
    {"type": "done", "customer": MD, "kind": "visit", "contact": "邱建(总经理)", "date": "2026-11-20",
     "followup_date": "2026-11-25"},
    {"type": "planned", "customer": "上海恒通物流有限公司", "kind": "call", "date": "2026-11-23", "new_customer": True},
    {"type": "deal", "customer": MD, "stage": "won", "amount_cents": 120000000, "currency": "CNY"},
    {"type": "contract", "customer": MD, "amount_cents": 120000000, "currency": "CNY", "signed_on": "2026-11-20",
     "installments": [["2026-12-10", 36000000]]},
    {"type": "payment", "customer": MD, "amount_cents": 36000000, "currency": "CNY", "balance_cents": 84000000},
    {"type": "contact", "customer": MD, "name": "王芳", "title": "采购", "phone": "13800001111", "email": None},
]
RECEIPT = {
    "zh": ["✅ 已记录 拜访 · 杭州明德食品集团有限公司 · 邱建(总经理) · 11-20",
           "🗓 计划 电话 · 🆕 上海恒通物流有限公司 · 11-23（周一）", "📈 商机 赢单 · ¥1,200,000",
           "📄 合同 ¥1,200,000 · 杭州明德食品集团有限公司 · 签约 11-20 · 分 1 期：¥360,000 12-10",
           "💰 回款 ¥360,000 · 杭州明德食品集团有限公司 · 合同余额 ¥840,000",
           "👤 联系人 王芳 · 采购 · 13800001111 · 杭州明德食品集团有限公司",
           "⏰ 跟进 11-25（周三）"],
    "en": ["✅ Saved visit · 杭州明德食品集团有限公司 · 邱建(总经理) · 11-20",
           "🗓 Planned call · 🆕 上海恒通物流有限公司 · 11-23 (Mon)", "📈 Deal won · ¥1,200,000",
           "📄 Contract ¥1,200,000 · 杭州明德食品集团有限公司 · signed 11-20 · plan: ¥360,000 12-10",
           "💰 Payment ¥360,000 · 杭州明德食品集团有限公司 · contract balance ¥840,000",
           "👤 Contact 王芳 · 采购 · 13800001111 · 杭州明德食品集团有限公司",
           "⏰ Follow up 11-25 (Wed)"],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_line_per_record_then_the_follow_up(lang):
    assert lines(lang, SHOWS) == RECEIPT[lang]


@pytest.mark.parametrize("lang,first,last,want", [
    ("zh", 0, 6, "拜访 · 杭州明德食品集团有限公司 · 邱建(总经理) · 11-20 等 5 条"),
    ("zh", 2, 6, "商机 杭州明德食品集团有限公司 · 赢单 · ¥1,200,000 等 3 条"),
    ("en", 4, 6, "Payment ¥360,000 · 杭州明德食品集团有限公司 · contract balance ¥840,000 and 1 more"),
    ("en", 1, 2, "Planned call · 🆕 上海恒通物流有限公司 · 11-23 (Mon)"),
])
def test_summary_names_the_first_record_and_counts_the_rest(lang, first, last, want):
    assert summary(lang, SHOWS[first:last]) == want


def test_lines_go_by_kind_whatever_order_the_records_were_said_in():
    assert lines("zh", list(reversed(SHOWS))) == RECEIPT["zh"]


def test_a_deal_alone_is_headed_by_its_customer_and_a_second_customers_deal_names_it():
    deal = {"type": "deal", "customer": MD, "stage": "proposal", "amount_cents": 0, "expected_close": "2027-01-31"}
    assert lines("zh", [deal], None) == [f"✅ 已记录 {MD}", "📈 商机 方案报价 · 预计 2027-01-31 成交".replace(
        "2027-01-31", "01-31")]
    other = {**deal, "customer": "南京明德建材有限公司"}
    assert lines("zh", [SHOWS[0], other])[1] == "📈 商机 南京明德建材有限公司 · 方案报价 · 预计 01-31 成交"


@pytest.mark.parametrize("text,lang", [("明德食品张伟的邮箱是 zhangwei@mingde.com", "zh"),
                                       ("官网是 https://www.mingde-food.com/about 记一下", "zh"),
                                       ("Mary's email is mary@acme.com", "en")])
def test_an_address_does_not_decide_the_language(text, lang):
    assert lang_of(text, "zh") == lang


def test_money_keeps_the_sign_before_the_symbol():
    assert (money(-200000, "CNY"), money(1234.5, "USD"), money(-5, "CHF")) == ("-¥200,000", "$1,234.50", "-CHF 5")
