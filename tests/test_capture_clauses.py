"""Clauses of a message: where it splits, each clause's tense and negation, and the grouping of
clauses per customer (a clause without a customer belongs to the one before; a list gives each
customer its own segment). Messages written for these tests, zh and en."""

from __future__ import annotations

import re

import pytest

from intents.clauses import negated, segments, split_clauses, tense
from intents.lexicon_records import compile_words
from intents.normalize import fold
from tests.capture_support import directory

DIR = directory()


@pytest.mark.parametrize("text,parts", [
    ("上午去了华龙机械，下午在蓝海供应链开会。", ["上午去了华龙机械", "下午在蓝海供应链开会"]),
    ("拜访了青松药业然后去了金石环保", ["拜访了青松药业", "去了金石环保"]),
    ("见了林总；另外德信建设来电了", ["见了林总", "德信建设来电了"]),
    ("Visited Northstar. Then called Pinecrest", ["Visited Northstar", "called Pinecrest"]),
    ("Met Tom at Blue Harbor, also emailed Redwood", ["Met Tom at Blue Harbor", "emailed Redwood"]),
    ("Blue Harbor - demo went well", ["Blue Harbor", "demo went well"]),
])
def test_split_clauses(text, parts):
    got = [c.text.strip(" ，,。.；;") for c in split_clauses(text)]
    assert got == parts


@pytest.mark.parametrize("clause,mark", [
    # zh: a future day or an intention before the verb is a plan; a past marker is done
    ("明天上午去华龙机械", "planned"),
    ("准备下周给青松药业做演示", "planned"),
    ("提醒我周四给林总打电话", "planned"),
    ("约了下周二去金石环保", "planned"),          # an arrangement's 了 is no past
    ("打算月底再去一趟", "planned"),
    ("昨天去了华龙机械", "done"),
    ("刚和周敏通了电话", "done"),
    ("已经把方案发给黄海涛", "done"),
    ("客户说下周给答复", "done"),                # reported speech: the rep talked to them
    ("拜访 合同下月底签", "neutral"),            # the day after the verb is the deal's, not the visit's
    ("华龙机械 上门", "neutral"),
    # en
    ("will call Northstar on Friday", "planned"),
    ("remind me to email Tom tomorrow", "planned"),
    ("going to visit Pinecrest next week", "planned"),
    ("visited Redwood this morning", "done"),
    ("met Emily and talked pricing", "done"),
    ("call with Blue Harbor", "neutral"),
])
def test_tense(clause, mark):
    assert tense(fold(clause)) == mark


@pytest.mark.parametrize("clause,ahead,mark", [
    ("call Northstar Tuesday", True, "planned"),   # an imperative with a day ahead is a plan
    ("call Northstar", False, "neutral"),
])
def test_english_imperative_with_a_day(clause, ahead, mark):
    assert tense(fold(clause), has_day_ahead=ahead) == mark


@pytest.mark.parametrize("clause,neg", [
    ("今天没去成华龙机械", True),
    ("取消了拜访", True),
    ("明天不去了", True),
    ("couldn't make it to Northstar", True),
    ("cancelled the meeting with Redwood", True),
    ("给林总打电话，没接通", False),             # a call not answered still was a call
    ("拜访了华龙机械", False),
    ("didn't sign yet but visited", False),
    # the other side did not come: no activity happened
    ("Tom didn't show up for the demo", True),
    ("the Redwood buyer was a no-show", True),
    ("they stood us up again", True),
    ("林总今天没来", True),
    ("华龙被客户放了鸽子", True),
    ("meeting with Pinecrest cancelled", True),
    ("Northstar call got called off", True),
    ("客户没来得及看方案，但我们拜访了", False),   # 没来得及 is no absence
])
def test_negation(clause, neg):
    assert negated(fold(clause)) is neg


def _groups(text: str, speaker: str = "R1") -> list[tuple[str | None, str]]:
    matches = DIR.find_customers(text, speaker)
    return [(s.customer.customer_id, s.text) for s in segments(text, matches)]


def test_list_of_customers_gives_each_a_segment_with_the_shared_words():
    got = _groups("今天跑了三家：华龙机械、青松药业和金石环保，都是例行回访")
    assert [cid for cid, _ in got] == ["K01", "K05", "K06"]
    for _cid, text in got:
        assert "今天跑了三家" in text and "都是例行回访" in text
    assert "青松药业" not in got[0][1] and "华龙机械" not in got[1][1]


def test_clause_without_customer_belongs_to_the_one_before():
    got = _groups("上午拜访了华龙机械林志强，聊得不错，下午去了德信建设")
    assert got[0][0] == "K01" and "聊得不错" in got[0][1]
    assert got[1] == ("K15", "下午去了德信建设")


def test_english_round_up_cut_at_the_joiner():
    got = _groups("Visited Northstar and met Sarah Johnson, emailed Blue Harbor the deck")
    assert [cid for cid, _ in got] == ["K09", "K07"]
    assert "Sarah Johnson" in got[0][1] and "emailed" in got[1][1]


def test_same_customer_twice_is_one_segment():
    got = _groups("去了华龙机械，见了周敏；下午青松药业来电，晚上华龙机械林总又打来电话")
    assert [cid for cid, _ in got] == ["K01", "K05"]
    assert "林总" in got[0][1]


_WORDS = {"zh": ("催款", "催[^，]{0,4}?款"),
          "en": ("chas(?:ed|ing|e) (?:the )?payment", "to-?do", "(?:collect|recover) (?:the )?money", "dunning")}


@pytest.mark.parametrize("text,found", [
    # zh: a plain substring, whatever stands around it
    ("打电话催款", "催款"),
    ("去催一下尾款", "催一下尾款"),
    ("款还没到", None),
    # en: whole words only, the letter before the first one checked as well
    ("chased the payment again", "chased the payment"),
    ("we purchased the payment terminal", None),
    ("todo: call them", "todo"),
    ("fix the autodo thing", None),
    ("to-do list", "to-do"),
    ("we collect the money friday", "collect the money"),
    ("recollect the money", None),
    ("dunning letter", "dunning"),
    ("dunnings", None),
    ("1dunning", "dunning"),
])
def test_compiled_words_are_bounded(text, found):
    m = compile_words(_WORDS).search(fold(text))
    assert (m.group(0) if m else None) == found
    # the same words with case ignored find the same in upper-case text
    m = compile_words(_WORDS, re.IGNORECASE).search(text.upper())
    assert (m.group(0).lower() if m else None) == found
