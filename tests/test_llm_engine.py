"""The optional LLM engine against a loopback OpenAI-compatible server: good, malformed, slow and
failing replies; the phrases it returns are resolved by our own normalisers."""

from __future__ import annotations

import time
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel

from domain.settings import LLMSettings
from intents.llm import pick_method, structured_call
from intents.understand import Understander
from tests.capture_support import directory
from tests.fakes.openai_api import FakeOpenAI

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=TZ)
DIR = directory()
TEXT = "昨天拜访华龙机械林总，报价50万，下周三再去"
READING = {
    "intent": "log",
    "visit": {"customer": "华龙机械", "contact": "林总", "kind": "visit", "date_phrase": "昨天",
              "summary": "拜访并报价", "next_step": "下周三再去", "followup_phrase": "下周三"},
    "deal": {"customer": "华龙机械", "stage": "proposal", "amount_phrase": "50万", "close_phrase": None},
}


@pytest.fixture
def server():
    s = FakeOpenAI()
    yield s
    s.close()


def settings(server: FakeOpenAI, method: str = "function_calling", timeout: float = 2.0):
    llm = LLMSettings(provider="openai", model="test-model", base_url=f"{server.url}/v1", api_key="test-key",
                      timeout=timeout, method=method)
    return SimpleNamespace(org=SimpleNamespace(currency="CNY", tz=TZ), llm=llm)


@pytest.mark.parametrize("method", ["function_calling", "json_schema", "json_mode"])
def test_good_reply_is_resolved_by_our_normalisers(server, method):
    server.reading = READING
    res = Understander(settings(server, method)).parse(TEXT, "R1", NOW, DIR)
    assert res.engine == "llm"
    v, d = res.visit, res.deal
    assert (v.customer_id, v.contact, v.contact_id, v.kind) == ("K01", "林志强", "P01", "visit")
    assert (v.date.isoformat(), v.followup_date.isoformat()) == ("2026-11-19", "2026-11-25")
    assert (d.customer_id, d.stage, d.amount, d.currency) == ("K01", "proposal", 500000, "CNY")
    sent = server.requests[-1]
    assert sent["model"] == "test-model" and TEXT in sent["messages"][-1]["content"]
    if method == "function_calling":
        assert sent["tools"][0]["function"]["name"] == "LLMReading"
    elif method == "json_schema":
        assert sent["response_format"]["type"] == "json_schema"
    else:
        assert sent["response_format"]["type"] == "json_object"
        assert "JSON schema" in sent["messages"][0]["content"]


def test_phrases_not_in_the_message_are_not_trusted(server):
    server.reading = {"intent": "log", "visit": {"customer": "华龙机械", "date_phrase": "上周一", "kind": "call"},
                      "deal": {"customer": "华龙机械", "amount_phrase": "90万", "stage": "proposal"}}
    res = Understander(settings(server)).parse(TEXT, "R1", NOW, DIR)
    assert res.engine == "llm"
    assert res.visit.kind == "call"
    assert res.visit.date.isoformat() == "2026-11-19"  # "上周一" is not in the text: the rules' 昨天
    assert res.deal.amount == 500000 and res.deal.stage == "proposal"  # not the model's 90万


def test_fields_the_model_left_empty_come_from_the_rules(server):
    server.reading = {"intent": "log", "visit": {"customer": "华龙机械", "kind": "visit"},
                      "deal": {"customer": "华龙机械", "stage": "proposal"}}
    res = Understander(settings(server)).parse(TEXT, "R1", NOW, DIR)
    assert res.engine == "llm"
    assert res.visit.followup_date.isoformat() == "2026-11-25" and res.visit.contact == "林志强"
    assert res.deal.amount == 500000 and res.deal.stage == "proposal"


def test_unknown_customer_stays_as_written(server):
    server.reading = {"intent": "log", "visit": {"customer": "宁波星海光电", "kind": "visit"}}
    res = Understander(settings(server)).parse("今天去了宁波星海光电", "R1", NOW, DIR)
    assert (res.visit.customer, res.visit.customer_id) == ("宁波星海光电", None)


def test_ambiguous_short_form_gives_candidates(server):
    server.reading = {"intent": "log", "visit": {"customer": "蓝海", "kind": "visit"}}
    res = Understander(settings(server)).parse("拜访了蓝海", "R1", NOW, DIR)
    assert res.visit.customer_id is None and sorted(res.visit.candidates) == ["K03", "K04"]


def test_malformed_reply_falls_back_to_offline(server):
    server.mode = "malformed"
    und = Understander(settings(server))
    res = und.parse(TEXT, "R1", NOW, DIR)
    assert len(server.requests) == 1
    assert res.engine == "rules"
    assert res == und.parse_offline(TEXT, "R1", NOW, DIR)
    assert res.visit.customer_id == "K01" and res.deal.amount == 500000


def test_schema_violation_falls_back(server):
    server.reading = {"intent": "maybe", "visit": {"kind": "carrier pigeon"}}
    res = Understander(settings(server)).parse(TEXT, "R1", NOW, DIR)
    assert res.engine == "rules" and res.visit.customer_id == "K01"


def test_slow_reply_times_out_and_falls_back(server):
    server.mode, server.delay = "slow", 3.0
    t = time.monotonic()
    res = Understander(settings(server, timeout=0.5)).parse(TEXT, "R1", NOW, DIR)
    assert time.monotonic() - t < 2.5
    assert res.engine == "rules" and res.deal.amount == 500000


def test_server_error_falls_back(server):
    server.mode = "error"
    res = Understander(settings(server)).parse(TEXT, "R1", NOW, DIR)
    assert res.engine == "rules" and res.intent == "log"


def test_no_provider_never_calls(server):
    s = settings(server)
    s.llm = LLMSettings(provider="none")
    res = Understander(s).parse(TEXT, "R1", NOW, DIR)
    assert res.engine == "rules" and server.requests == []


def test_commands_skip_the_model(server):
    res = Understander(settings(server)).parse("撤销", "R1", NOW, DIR)
    assert res.intent == "command" and res.command.name == "undo" and server.requests == []


class Verdict(BaseModel):
    metric: str
    confident: bool


def test_structured_call_generic_helper(server):
    server.reading = {"metric": "win_rate", "confident": True}
    got = structured_call(settings(server).llm, Verdict, "Pick a metric.", "本周转化率")
    assert got == Verdict(metric="win_rate", confident=True)
    server.mode = "malformed"
    assert structured_call(settings(server).llm, Verdict, "Pick a metric.", "本周转化率") is None


def test_method_per_provider():
    assert pick_method(LLMSettings(provider="openai", base_url="")) == "json_schema"
    assert pick_method(LLMSettings(provider="openai", base_url="https://api.openai.com/v1")) == "json_schema"
    assert pick_method(LLMSettings(provider="openai", base_url="http://localhost:11434/v1")) == "function_calling"
    assert pick_method(LLMSettings(provider="openai", method="json_mode")) == "json_mode"
