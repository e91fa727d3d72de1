"""Hostile input at the webhooks, as a stranger (or a leaked secret) would send it, through real
HTTP into uvicorn: huge bodies (never read whole: memory measured), malformed but authenticated
bodies (400, never 500), WeCom callbacks signed with a stale timestamp, entity bombs, a button
tap without data, and a message text far over the limit (stored once, handled from its start)."""

from __future__ import annotations

import json
import select
import socket
import time

import pytest
from sqlalchemy import select as sql_select

from bot.app import MAX_BODY
from bot.dispatcher import TEXT_LIMIT
from domain.settings import Settings
from storage.db import make_engine
from storage.models import Activity, InboundMessage
from tests.bot_support import (
    REP_TG,
    TG_SECRET,
    count,
    load_team,
    post,
    settings_for,
    start,
    wait_until,
    wecom_aes_key,
)
from tests.fakes.telegram_api import BOT_ID, FakeTelegram, text_update
from tests.fakes.wecom_api import FakeWecom
from tests.wecom_support import sealed, text_xml

HDR = "X-Telegram-Bot-Api-Secret-Token"
MB = 1024 * 1024
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def fakes():
    tg, wx = FakeTelegram(), FakeWecom()
    yield tg, wx
    tg.close()
    wx.close()


@pytest.fixture
def key():
    return wecom_aes_key()


@pytest.fixture
def bot(fakes, key, db_url, tmp_path):
    tg, wx = fakes
    load_team(db_url, tmp_path, Settings().org.tz)
    served = start(settings_for(telegram_url=tg.base_url, wecom_url=wx.url, aes_key=key), db_url)
    yield served
    served.close()


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / MB


def raw_post(port: int, path: str, headers: dict[str, str], total: int, chunked: bool = False) -> tuple[int | None, int]:
    """POST `total` bytes of 'A' (declared, or chunked) and stop sending as soon as the server
    answers; (status or None when the server hung up first, bytes sent)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}")
    s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
    chunk = b"A" * 65536
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk
    sent = 0
    try:
        while sent < total:
            if select.select([s], [], [], 0.001)[0]:
                break
            s.sendall(frame)
            sent += len(chunk)
        if chunked and sent >= total:
            s.sendall(b"0\r\n\r\n")
        data = s.recv(4096)
    except (BrokenPipeError, ConnectionResetError):
        data = b""
    finally:
        s.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else None
    return status, sent


# ---------- sizes ----------

@pytest.mark.parametrize("path", ["/telegram/webhook", "/wecom/callback?msg_signature=x&timestamp=1&nonce=n"])
@pytest.mark.parametrize("chunked", [False, True])
def test_a_100mb_body_is_refused_without_being_read(bot, db_url, path, chunked, capsys):
    before = rss_mb()
    got = []
    for _ in range(4):
        status, sent = raw_post(bot.port, path, {HDR: TG_SECRET}, 100 * MB, chunked=chunked)
        got.append((status, round(sent / MB, 1)))
        assert status in (413, None), status
        assert sent < 20 * MB, f"the server kept reading: {sent / MB:.0f} MB"
    grown = rss_mb() - before
    with capsys.disabled():
        print(f"\n[100MB x4 {path.split('?')[0]} chunked={chunked}] (status, MB accepted) {got}; "
              f"RSS {before:.0f} -> {before + grown:.0f} MB")
    assert grown < 50, f"memory grew by {grown:.0f} MB"
    assert count(db_url, InboundMessage.__table__) == 0


def test_a_declared_size_over_the_cap_is_413(bot):
    status, sent = raw_post(bot.port, "/telegram/webhook", {HDR: TG_SECRET}, MAX_BODY + 1)
    assert status == 413
    r = post(f"{bot.url}/telegram/webhook", content=b"x" * (MAX_BODY + 10), headers={HDR: TG_SECRET})
    assert r.status_code == 413


def test_the_secret_is_checked_before_the_body_is_read(bot):
    status, sent = raw_post(bot.port, "/telegram/webhook", {HDR: "wrong"}, 100 * MB, chunked=True)
    assert status in (403, None) and sent < 20 * MB
    r = post(f"{bot.url}/telegram/webhook", content=b"[" * 1000, headers={HDR: "wrong"})
    assert r.status_code == 403


# ---------- malformed but authenticated ----------

MALFORMED = [b"[1, 2, 3]", b"[]", b"null", b"42", b'"update"', b"{not json", b"", b"\xff\xfe\x00",
             b'{"update_id": "7"}', b'{"update_id": true}', b'{"message": {"text": "hi"}}',
             b'{"update_id": 5, "message": [1, 2]}', b'{"update_id": 6, "message": {"chat": "x", "from": 3}}',
             b'{"update_id": 8, "callback_query": "tap"}', json.dumps({"update_id": 9, "message": {"a": "b" * 5000}}).encode()]


@pytest.mark.parametrize("body", MALFORMED)
def test_a_malformed_update_with_the_right_secret_is_400(bot, db_url, body):
    r = post(f"{bot.url}/telegram/webhook", content=body, headers={HDR: TG_SECRET, "Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    assert count(db_url, InboundMessage.__table__) == 0
    assert post(f"{bot.url}/telegram/webhook", json=text_update(77, REP_TG, "帮助"),
                headers={HDR: TG_SECRET}).status_code == 200  # and the server still serves


def test_a_button_tap_without_data_is_answered_without_naming_anyone(bot, fakes, db_url):
    tg, _ = fakes
    tap = {"update_id": 31, "callback_query": {
        "id": "cq31", "chat_instance": "ci", "from": {"id": REP_TG, "is_bot": False, "first_name": "W"},
        "message": {"message_id": 5, "date": int(time.time()), "chat": {"id": REP_TG, "type": "private"},
                    "text": "…", "from": {"id": BOT_ID, "is_bot": True, "first_name": "SalesBot"}}}}
    r = post(f"{bot.url}/telegram/webhook", json=tap, headers={HDR: TG_SECRET})
    assert r.status_code == 200
    assert wait_until(lambda: tg.sent("answerCallbackQuery"), timeout=5)
    time.sleep(0.5)
    assert tg.sent("sendMessage") == []  # no refusal naming the bot's (or anyone's) id
    assert all(str(BOT_ID) not in json.dumps(c["params"]) for c in tg.sent() if c["method"] != "getMe")
    assert count(db_url, InboundMessage.__table__) == 0


NUL_TEXTS = ["帮助\x00", "\x00\x00help", "今天拜访了明德\x00食品邱总"]


@pytest.mark.parametrize("text", NUL_TEXTS)
def test_a_nul_byte_in_a_text_is_stored_without_it_and_answered(bot, fakes, db_url, text):
    tg, _ = fakes
    r = post(f"{bot.url}/telegram/webhook", json=text_update(61, REP_TG, text), headers={HDR: TG_SECRET})
    assert r.status_code == 200
    assert tg.wait_for("sendMessage", 1, timeout=10)
    with make_engine(db_url).connect() as c:
        assert c.execute(sql_select(InboundMessage.text, InboundMessage.status)).one() == (
            text.replace("\x00", "").strip(), "done")


def test_a_signed_wecom_message_with_a_huge_id_is_stored_and_answered(bot, key, fakes, db_url):
    _, wx = fakes  # (a NUL byte cannot be in XML at all: that is a malformed message, 400)
    body, q = sealed(key, text_xml("rep1", "帮助", "9" * 300), int(time.time()))
    assert post(f"{bot.url}/wecom/callback", content=body, params=q).status_code == 200
    assert wx.wait_for("/cgi-bin/message/send")
    with make_engine(db_url).connect() as c:
        ext, txt = c.execute(sql_select(InboundMessage.external_id, InboundMessage.text)).one()
    assert txt == "帮助" and len(ext) <= 128
    again = post(f"{bot.url}/wecom/callback", content=body, params=q)  # redelivered: recognised
    assert again.status_code == 200 and count(db_url, InboundMessage.__table__) == 1


# ---------- long texts ----------

LONG = [("今天拜访了明德食品邱总，聊了报价。", "。" , "前"), ("Visited Acme today, talked pricing. ", ". ", "first")]


@pytest.mark.parametrize(("sentence", "_end", "word"), LONG)
def test_a_text_over_the_limit_is_stored_once_handled_from_its_start_and_the_rep_told(bot, fakes, db_url,
                                                                                      sentence, _end, word):
    tg, _ = fakes
    text = sentence * (3 * TEXT_LIMIT // len(sentence))
    assert len(text) > 2 * TEXT_LIMIT
    t0 = time.monotonic()
    r = post(f"{bot.url}/telegram/webhook", json=text_update(41, REP_TG, text), headers={HDR: TG_SECRET})
    assert r.status_code == 200
    got = tg.wait_for("sendMessage", 2, timeout=20)
    assert time.monotonic() - t0 < 10
    texts = [c["params"]["text"] for c in got]
    assert any(str(TEXT_LIMIT) in t and word in t for t in texts), texts
    with make_engine(db_url).connect() as c:
        stored = c.execute(sql_select(InboundMessage.text)).scalars().all()
        summaries = c.execute(sql_select(Activity.summary).where(Activity.id.not_in(["A1", "A2"]))).scalars().all()
    assert stored == [text.strip()]  # the whole text, once
    assert all(len(s or "") <= TEXT_LIMIT for s in summaries)


def test_a_wecom_text_of_half_a_megabyte_is_handled_in_seconds(bot, key, fakes, db_url):
    _, wx = fakes
    text = "今天拜访了明德食品邱总，聊了报价，客户说下周再定。" * 8000  # 200,000 characters, ~600 KB
    body, q = sealed(key, text_xml("rep1", text, "big1"), int(time.time()))
    assert MAX_BODY // 2 < len(body) < MAX_BODY
    t0 = time.monotonic()
    assert post(f"{bot.url}/wecom/callback", content=body, params=q).status_code == 200
    sent = wx.wait_for("/cgi-bin/message/send", 2, timeout=20)
    took = time.monotonic() - t0
    assert took < 5, f"{took:.1f}s"
    assert any(str(TEXT_LIMIT) in c["json"]["text"]["content"] for c in sent if c["json"].get("msgtype") == "text")
    with make_engine(db_url).connect() as c:
        assert c.execute(sql_select(InboundMessage.text)).scalars().all() == [text]


# ---------- WeCom ----------

STALE = [("2001", 978307200), ("2100", 4102444800), ("-1h2m", -3720), ("+1h2m", 3720)]


@pytest.mark.parametrize(("_label", "when"), STALE)
def test_a_wecom_callback_signed_outside_the_hour_is_refused(bot, key, db_url, fakes, _label, when):
    ts = when if when > 10**8 else int(time.time()) + when
    body, q = sealed(key, text_xml("rep1", "帮助", f"ts{ts}"), ts)
    r = post(f"{bot.url}/wecom/callback", content=body, params=q)
    assert r.status_code == 403
    assert count(db_url, InboundMessage.__table__) == 0
    body, q = sealed(key, text_xml("rep1", "帮助", f"now{ts}"), int(time.time()) - 600)  # 10 min late: fine
    assert post(f"{bot.url}/wecom/callback", content=body, params=q).status_code == 200


BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><FromUserName>rep1</FromUserName>'
        '<MsgType>text</MsgType><Content>&lol3;</Content><MsgId>b1</MsgId></xml>')
XXE = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><FromUserName>rep1'
       '</FromUserName><MsgType>text</MsgType><Content>&e;</Content><MsgId>x1</MsgId></xml>')
SIGNED_JUNK = ["not xml at all", "<xml><FromUserName>rep1</FromUserName><MsgType>text</MsgType><Content>a\x00b</Content></xml>", "<xml><unclosed>", "<notxml/>", "<xml>text only</xml>", BOMB, XXE,
               "<xml><FromUserName>rep1</FromUserName><MsgType>text</MsgType></xml>" * 3]


@pytest.mark.parametrize("plain", SIGNED_JUNK)
def test_a_signed_but_malformed_wecom_message_is_400_and_nothing_is_stored(bot, key, db_url, plain):
    body, q = sealed(key, plain, int(time.time()))
    r = post(f"{bot.url}/wecom/callback", content=body, params=q)
    assert r.status_code == 400, r.text
    assert count(db_url, InboundMessage.__table__) == 0


UNSIGNED = [b"", b"<xml></xml>", b"<xml><Encrypt></Encrypt></xml>", b"\x00" * 100, b"<xml><Encrypt><![CDATA[%%%]]></Encrypt></xml>",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>']


@pytest.mark.parametrize("body", UNSIGNED)
def test_an_unsigned_wecom_body_is_refused_without_parsing(bot, db_url, body):
    r = post(f"{bot.url}/wecom/callback", content=body,
             params={"msg_signature": "0" * 40, "timestamp": str(int(time.time())), "nonce": "n"})
    assert r.status_code in (400, 403)
    assert count(db_url, InboundMessage.__table__) == 0
