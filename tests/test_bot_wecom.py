"""WeCom through real HTTP: wechatpy's crypto encrypts what a WeCom server would POST to our
uvicorn app; replies go to a local WeCom API (token, message/send, media/upload)."""

from __future__ import annotations

import time

import httpx
import pytest
import xmltodict
from sqlalchemy import select

from domain.settings import Settings
from storage.db import make_engine
from storage.models import InboundMessage, OutboxItem
from tests.bot_support import count, load_team, post, settings_for, start, wait_until, wecom_aes_key
from tests.fakes.wecom_api import FakeWecom
from tests.wecom_support import SEND, crypto, deliver, text_xml


@pytest.fixture
def wx():
    fake = FakeWecom()
    yield fake
    fake.close()


@pytest.fixture
def key():
    return wecom_aes_key()


@pytest.fixture
def bot(wx, key, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    served = start(settings_for(wecom_url=wx.url, aes_key=key), db_url)
    yield served
    served.close()


def test_url_verification_echoes_and_bad_signature_is_403(bot, key):
    enc = xmltodict.parse(crypto(key).encrypt_message("echo-12345", "n1", str(int(time.time()))))["xml"]
    q = {"msg_signature": enc["MsgSignature"], "timestamp": enc["TimeStamp"], "nonce": enc["Nonce"],
         "echostr": enc["Encrypt"]}
    r = httpx.get(f"{bot.url}/wecom/callback", params=q)
    assert r.status_code == 200 and r.text == "echo-12345"
    r = httpx.get(f"{bot.url}/wecom/callback", params={**q, "msg_signature": "f" * 40})
    assert r.status_code == 403
    old = xmltodict.parse(crypto(key).encrypt_message("echo-12345", "n1", "1700000000"))["xml"]  # 2023, signed well
    r = httpx.get(f"{bot.url}/wecom/callback", params={"msg_signature": old["MsgSignature"],
                                                        "timestamp": old["TimeStamp"], "nonce": old["Nonce"],
                                                        "echostr": old["Encrypt"]})
    assert r.status_code == 403


def test_bad_signature_post_is_refused_and_not_stored(bot, key, db_url, wx):
    r = deliver(bot, key, text_xml("rep1", "帮助", "900"), tamper=True)
    assert r.status_code == 403
    r = post(f"{bot.url}/wecom/callback", content=b"<xml>junk</xml>", params={"msg_signature": "x", "timestamp": "1",
                                                                            "nonce": "n"})
    assert r.status_code in (400, 403)
    assert count(db_url, InboundMessage.__table__) == 0
    assert wx.sent(SEND) == []


def test_message_is_acknowledged_at_once_and_answered_by_active_send(bot, key, wx):
    t0 = time.monotonic()
    r = deliver(bot, key, text_xml("rep1", "帮助", "1001"))
    assert r.status_code == 200 and r.text == ""
    assert time.monotonic() - t0 < 1.0
    sent = wx.wait_for(SEND)
    assert sent[0]["json"]["touser"] == "rep1"
    assert sent[0]["json"]["agentid"] == 1000002
    assert sent[0]["json"]["msgtype"] == "text"
    assert "我可以" in sent[0]["json"]["text"]["content"]
    assert wx.tokens_issued == 1


def test_redelivered_msgid_is_acted_on_once(bot, key, wx, db_url):
    xml = text_xml("rep1", "帮助", "2002")
    for _ in range(3):
        assert deliver(bot, key, xml).status_code == 200
    wx.wait_for(SEND)
    wait_until(lambda: False, timeout=0.5)
    assert len(wx.sent(SEND)) == 1
    assert count(db_url, InboundMessage.__table__) == 1


def test_stranger_is_refused_without_data(bot, key, wx, db_url):
    deliver(bot, key, text_xml("nobody", "今天拜访了明德食品", "3003"))
    sent = wx.wait_for(SEND)
    assert sent[0]["json"]["touser"] == "nobody"
    assert "nobody" in sent[0]["json"]["text"]["content"]
    with make_engine(db_url).connect() as c:
        assert c.execute(select(InboundMessage.status)).scalar_one() == "refused"


def test_expired_token_is_renewed_and_message_delivered(bot, key, wx):
    deliver(bot, key, text_xml("rep1", "帮助", "4004"))
    wx.wait_for(SEND)
    wx.expire_token()
    deliver(bot, key, text_xml("rep1", "/help", "4005"))
    ok = wait_until(lambda: [c for c in wx.sent(SEND) if not c.get("rejected")][1:], timeout=5)
    assert ok, wx.sent(SEND)
    assert wx.tokens_issued == 2


def test_frequency_limit_45009_is_retried_from_the_outbox(bot, key, wx, db_url):
    wx.fail_next(SEND, 45009, times=2)
    deliver(bot, key, text_xml("rep1", "帮助", "5005"))
    wait_until(lambda: len(wx.sent(SEND)) >= 3, timeout=8)
    assert len(wx.sent(SEND)) == 3

    def row():
        with make_engine(db_url).connect() as c:
            return tuple(c.execute(select(OutboxItem.status, OutboxItem.attempts)
                                  .where(OutboxItem.channel != "_process")).one())
    assert wait_until(lambda: row() == ("sent", 3)), row()


def test_question_sends_text_and_uploaded_chart(bot, key, wx):
    deliver(bot, key, text_xml("mgr1", "本月各销售的拜访量", "6006"))
    sends = wx.wait_for(SEND, 2)
    up = wx.sent("/cgi-bin/media/upload")
    assert len(up) == 1 and up[0]["files"]["media"].startswith(b"\x89PNG") and up[0]["query"]["type"] == "image"
    assert sends[0]["json"]["msgtype"] == "text" and "王磊" in sends[0]["json"]["text"]["content"]
    assert sends[1]["json"]["msgtype"] == "image" and sends[1]["json"]["image"]["media_id"].startswith("MEDIA")


def test_choices_as_numbers_over_wecom(bot, key, wx, db_url):
    from storage.models import Activity
    deliver(bot, key, text_xml("rep1", "今天拜访了安泰，聊了需求", "7007"))
    q = wx.wait_for(SEND)[0]["json"]["text"]["content"]
    line = next(x for x in q.splitlines() if "深圳安泰建材" in x)
    deliver(bot, key, text_xml("rep1", line.split(".")[0], "7008"))
    saved = wx.wait_for(SEND, 2)[1]["json"]["text"]["content"]
    assert "✅" in saved and "深圳安泰建材有限公司" in saved and "撤销" in saved
    with make_engine(db_url).connect() as c:
        assert c.execute(select(Activity.customer_id).where(Activity.message_id.is_not(None))).scalar_one() == "C4"


def test_voice_with_transcript_is_understood_and_other_media_get_a_polite_answer(bot, key, wx):
    voice = ("<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[rep1]]></FromUserName>"
             f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
             "<MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format>"
             "<Recognition><![CDATA[帮助]]></Recognition><MsgId>8008</MsgId><AgentID>1000002</AgentID></xml>")
    deliver(bot, key, voice)
    assert "我可以" in wx.wait_for(SEND)[0]["json"]["text"]["content"]
    image = voice.replace("voice", "image").replace("<Recognition><![CDATA[帮助]]></Recognition>", "") \
        .replace("8008", "8009")
    deliver(bot, key, image)
    assert "收到图片" in wx.wait_for(SEND, 2)[1]["json"]["text"]["content"]  # its media/get failed
