"""Generated messages over the dev fixture's directory (every customer, by full name or alias,
spoken by its owner): each must resolve its customer and put each day phrase in its slot."""

from __future__ import annotations

import random
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from intents.dates import find_dates
from intents.registry import classify
from storage.bundle import import_bundle
from storage.db import make_engine, upgrade
from storage.directory_query import load_directory
from tests.conftest import DEV_FIXTURE

TODAY = date(2026, 11, 20)
ZH = {
    "past": ["今天", "昨天", "前天", "上周五", "周三", "周二", "上周一", "11月18号", "11.16", "本周一"],
    "next": ["下周三", "下礼拜一", "3天后", "两周后", "明天", "周五", "12月3号", "下个月初", "一周后"],
    "close": ["月底", "下月底", "年底", "Q1", "四季度", "下个月", "3月", "12月15号", "明年一季度"],
    "kind": [("拜访了", "visit"), ("电话联系了", "call"), ("微信沟通了", "message"), ("开会讨论了", "meeting"), ("演示了产品给", "demo")],
    "money": [("50万", 500000, "CNY"), ("12.8万", 128000, "CNY"), ("¥300,000", 300000, "CNY"), ("80w", 800000, "CNY")],
    "text": "{past}{kind}{customer}，{next}再跟进，预算{money}，预计{close}签",
}
EN = {
    "past": ["today", "yesterday", "last Friday", "on Wednesday", "this morning", "on Monday"],
    "next": ["next Tuesday", "in 3 days", "in two weeks", "tomorrow", "by Friday", "on Dec 3", "next week"],
    "close": ["end of month", "end of next month", "end of Q1", "year end", "next month", "Dec 15", "Q4"],
    "kind": [("Visited", "visit"), ("Called", "call"), ("Emailed", "message"), ("Had a meeting with", "meeting"), ("Gave a demo to", "demo")],
    "money": [("$50k", 50000, "USD"), ("¥128,000", 128000, "CNY"), ("1.2M RMB", 1200000, "CNY"), ("80 grand", 80000, "CNY")],
    "text": "{kind} {customer} {past}. Follow up {next}. Budget {money}, expected to close {close}.",
}


@pytest.fixture(scope="module")
def fixture_directory(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('gen') / 'fixture.db'}")
    upgrade(engine)
    import_bundle(engine, DEV_FIXTURE, ZoneInfo("Asia/Shanghai"))
    directory = load_directory(engine)
    engine.dispose()
    return directory


def _cases(lang: dict, n: int, seed: int, directory):
    rnd = random.Random(seed)
    customers = sorted(directory.customers.values(), key=lambda c: c.id)
    for _ in range(n):
        c = rnd.choice(customers)
        kind_words, kind = rnd.choice(lang["kind"])
        money = rnd.choice(lang["money"])
        words = {"past": rnd.choice(lang["past"]), "next": rnd.choice(lang["next"]), "close": rnd.choice(lang["close"])}
        text = lang["text"].format(customer=rnd.choice([c.name, *c.aliases]), kind=kind_words, money=money[0], **words)
        expect = (c.id, kind, find_dates(words["past"], TODAY)[0].back, find_dates(words["next"], TODAY)[0].ahead,
                  money[1], money[2], find_dates(words["close"], TODAY)[0].ahead)
        yield c, text, expect


@pytest.mark.parametrize("lang,seed", [(ZH, 1), (EN, 2)], ids=["zh", "en"])
def test_generated_messages(fixture_directory, lang, seed):
    wrong = []
    for c, text, expect in _cases(lang, 300, seed, fixture_directory):
        r = classify(text, c.owner_id or "R01", TODAY, fixture_directory)
        v, d = r.visit, r.deal
        got = (v and v.customer_id, v and v.kind, v and v.date, v and v.followup_date,
               d and d.amount, d and d.currency, d and d.close_date)
        if r.intent != "log" or got != expect:
            wrong.append((text, got, expect))
    assert not wrong, wrong[:5]
