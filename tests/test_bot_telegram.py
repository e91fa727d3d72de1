"""Telegram through real HTTP: python-telegram-bot against a local Bot API, webhook into uvicorn."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from domain.settings import Settings
from storage.db import make_engine
from storage.models import Activity, InboundMessage, OutboxItem
from tests.bot_support import (
    REP_TG,
    STRANGER_TG,
    TG_SECRET,
    count,
    load_team,
    post,
    settings_for,
    start,
    wait_until,
)
from tests.fakes.telegram_api import FakeTelegram, press_update, text_update

HDR = "X-Telegram-Bot-Api-Secret-Token"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def replies_queued(db_url: str) -> list[str]:
    """Keys of the outbox rows that are sends (not process leases)."""
    with make_engine(db_url).connect() as c:
        return list(c.execute(select(OutboxItem.key).where(OutboxItem.channel != "_process")).scalars())


@pytest.fixture
def tg():
    fake = FakeTelegram()
    yield fake
    fake.close()


@pytest.fixture
def bot(tg, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    served = start(settings_for(telegram_url=tg.base_url), db_url)
    yield served
    served.close()


def hook(bot, update: dict, secret: str = TG_SECRET):
    return post(f"{bot.url}/telegram/webhook", json=update, headers={HDR: secret})


def test_wrong_secret_is_refused_and_nothing_is_stored(bot, tg, db_url):
    r = hook(bot, text_update(1, REP_TG, "帮助"), secret="wrong")
    assert r.status_code == 403
    r2 = post(f"{bot.url}/telegram/webhook", json=text_update(2, REP_TG, "帮助"))  # no header at all
    assert r2.status_code == 403
    assert count(db_url, InboundMessage.__table__) == 0
    assert tg.sent("sendMessage") == []


def test_stranger_gets_polite_refusal_with_their_id_and_no_data(bot, tg, db_url):
    before = count(db_url, Activity.__table__)
    assert hook(bot, text_update(10, STRANGER_TG, "今天拜访了明德食品邱总，报价60万")).status_code == 200
    sent = tg.wait_for("sendMessage")
    assert len(sent) == 1
    assert str(STRANGER_TG) in sent[0]["params"]["text"]
    assert "管理员" in sent[0]["params"]["text"]
    assert count(db_url, Activity.__table__) == before
    with make_engine(db_url).connect() as c:
        row = c.execute(select(InboundMessage.status, InboundMessage.user_id)).one()
    assert row == ("refused", None)


def test_start_for_stranger_tells_the_telegram_id(bot, tg):
    hook(bot, text_update(11, STRANGER_TG, "/start"))
    sent = tg.wait_for("sendMessage")
    assert str(STRANGER_TG) in sent[0]["params"]["text"]


def test_duplicate_delivery_is_acted_on_once(bot, tg, db_url):
    upd = text_update(20, REP_TG, "帮助")
    for _ in range(3):
        assert hook(bot, upd).status_code == 200
    tg.wait_for("sendMessage")
    wait_until(lambda: False, timeout=0.5)
    assert len(tg.sent("sendMessage")) == 1
    assert "我可以" in tg.sent("sendMessage")[0]["params"]["text"]
    assert count(db_url, InboundMessage.__table__) == 1
    assert len(replies_queued(db_url)) == 1


def test_button_press_is_answered_and_routed(bot, tg):
    hook(bot, press_update(30, REP_TG, "undo:424242-abcd"))
    assert tg.wait_for("answerCallbackQuery")[0]["params"]["callback_query_id"] == "cq30"
    sent = tg.wait_for("sendMessage")
    assert "撤销" in sent[0]["params"]["text"] or "undo" in sent[0]["params"]["text"].lower()


def test_group_chat_only_answers_when_addressed(bot, tg):
    group = -100123
    hook(bot, text_update(40, REP_TG, "大家好，今天天气不错", chat_id=group, chat_type="supergroup"))
    hook(bot, text_update(41, REP_TG, "/help@sales_test_bot", chat_id=group, chat_type="supergroup"))
    hook(bot, text_update(42, REP_TG, "@sales_test_bot 帮助", chat_id=group, chat_type="supergroup"))
    sent = tg.wait_for("sendMessage", 2)
    wait_until(lambda: False, timeout=0.4)
    sent = tg.sent("sendMessage")
    assert len(sent) == 2
    assert all(s["params"]["chat_id"] == str(group) for s in sent)


def test_bad_json_is_a_400_not_a_crash(bot):
    r = post(f"{bot.url}/telegram/webhook", content=b"{not json", headers={HDR: TG_SECRET})
    assert r.status_code == 400
    assert post(f"{bot.url}/healthz").status_code == 405
    import httpx
    assert httpx.get(f"{bot.url}/healthz").status_code == 200


def test_polling_mode_receives_and_replies(tg, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    served = start(settings_for(telegram_url=tg.base_url, mode="polling"), db_url)
    try:
        tg.push_update(text_update(50, REP_TG, "/start"))
        sent = tg.wait_for("sendMessage")
        assert sent and "王磊" in sent[0]["params"]["text"]
        assert tg.sent("deleteWebhook")
        # a redelivered update (same update_id) is not acted on twice
        tg.push_update(text_update(50, REP_TG, "/start"))
        tg.push_update(text_update(51, REP_TG, "帮助"))
        tg.wait_for("sendMessage", 2)
        wait_until(lambda: False, timeout=0.5)
        assert len(tg.sent("sendMessage")) == 2
    finally:
        served.close()


def test_reply_keyboard_and_markup_shape(bot, tg):
    hook(bot, press_update(60, REP_TG, "pick:1:0"))
    sent = tg.wait_for("sendMessage")
    # an expired choice is explained, with no keyboard
    assert "reply_markup" not in sent[0]["params"] or json.loads(sent[0]["params"]["reply_markup"]) is None


def _buttons(call: dict) -> list[dict]:
    markup = json.loads(call["params"].get("reply_markup") or "null") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def test_log_then_undo_button_over_telegram(bot, tg, db_url):
    n = count(db_url, Activity.__table__)
    hook(bot, text_update(70, REP_TG, "今天下午拜访了明德食品邱总，报价60万已发，预计月底签，下周三再去"))
    sent = tg.wait_for("sendMessage")
    assert sent[0]["params"]["text"].startswith("✅ 已记录 拜访 · 杭州明德食品集团有限公司 · 邱建(总经理)")
    assert count(db_url, Activity.__table__) == n + 1
    undo = next(b for b in _buttons(sent[0]) if b["text"] == "撤销")
    hook(bot, press_update(71, REP_TG, undo["callback_data"]))
    hook(bot, press_update(71, REP_TG, undo["callback_data"]))  # the tap redelivered
    sent = tg.wait_for("sendMessage", 2)
    assert sent[1]["params"]["text"].startswith("↩️ 已撤销")
    assert tg.wait_for("editMessageReplyMarkup")[0]["params"]["message_id"] == "5"  # buttons taken off
    assert count(db_url, Activity.__table__) == n
    wait_until(lambda: False, timeout=0.3)
    assert len(tg.sent("sendMessage")) == 2


def test_ambiguous_choice_and_edit_in_words_over_telegram(bot, tg, db_url):
    hook(bot, text_update(80, REP_TG, "今天拜访了安泰，聊了需求"))
    q = tg.wait_for("sendMessage")[0]
    choice = next(b for b in _buttons(q) if "深圳安泰建材" in b["text"])
    hook(bot, press_update(81, REP_TG, choice["callback_data"]))
    saved = tg.wait_for("sendMessage", 2)[1]
    assert "深圳安泰建材有限公司" in saved["params"]["text"]
    with make_engine(db_url).connect() as c:
        assert c.execute(select(Activity.customer_id).where(Activity.message_id.is_not(None))).scalar_one() == "C4"
    hook(bot, text_update(82, REP_TG, "日期是昨天"))
    edited = tg.wait_for("sendMessage", 3)[2]
    assert edited["params"]["text"].startswith("✏️")
    with make_engine(db_url).connect() as c:
        day = c.execute(select(Activity.occurred_on).where(Activity.message_id.is_not(None))).scalar_one()
    from datetime import datetime, timedelta

    from domain.settings import Settings as S
    assert day == (datetime.now(S().org.tz).date() - timedelta(days=1))


def test_question_gets_a_photo(bot, tg):
    hook(bot, text_update(90, 2001, "本月各销售的拜访量"))
    photo = tg.wait_for("sendPhoto")
    assert photo and photo[0]["files"]["photo"].startswith(b"\x89PNG")
    assert "王磊" in photo[0]["params"]["caption"]


def test_a_sticker_gets_a_polite_answer(bot, tg):
    upd = text_update(95, REP_TG, "x")
    del upd["message"]["text"]
    upd["message"]["sticker"] = {"file_id": "S", "file_unique_id": "SU", "width": 1, "height": 1,
                                 "is_animated": False, "is_video": False, "type": "regular"}
    assert hook(bot, upd).status_code == 200
    assert "没太明白" in tg.wait_for("sendMessage")[0]["params"]["text"]


def test_quick_log_then_undo_are_handled_in_order(bot, tg, db_url):
    n = count(db_url, Activity.__table__)
    hook(bot, text_update(100, REP_TG, "今天拜访了明德食品邱总，报价60万"))
    hook(bot, text_update(101, REP_TG, "撤销"))
    sent = tg.wait_for("sendMessage", 2)
    assert sent[0]["params"]["text"].startswith("✅") and sent[1]["params"]["text"].startswith("↩️")
    assert count(db_url, Activity.__table__) == n


def test_two_servers_one_team_redelivery_to_both_is_acted_on_once(tg, db_url, tmp_path):
    from concurrent.futures import ThreadPoolExecutor
    load_team(db_url, tmp_path, Settings().org.tz)
    a = start(settings_for(telegram_url=tg.base_url), db_url)
    b = start(settings_for(telegram_url=tg.base_url), db_url)
    try:
        n = count(db_url, Activity.__table__)
        upd = text_update(200, REP_TG, "今天拜访了明德食品邱总，报价60万")
        with ThreadPoolExecutor(4) as ex:
            codes = list(ex.map(lambda s: hook(s, upd).status_code, [a, b, a, b]))
        assert codes == [200] * 4
        tg.wait_for("sendMessage")
        wait_until(lambda: False, timeout=0.5)
        assert len(tg.sent("sendMessage")) == 1
        assert count(db_url, Activity.__table__) == n + 1
        # the undo button works on whichever server the tap reaches
        undo = next(x for x in _buttons(tg.sent("sendMessage")[0]) if x["text"] == "撤销")
        hook(b, press_update(201, REP_TG, undo["callback_data"]))
        assert tg.wait_for("sendMessage", 2)[1]["params"]["text"].startswith("↩️")
        assert count(db_url, Activity.__table__) == n
    finally:
        a.close()
        b.close()


def test_webhook_mode_registers_the_public_url_with_the_secret(tg, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    url = "https://bot.example.com/telegram/webhook"
    served = start(settings_for(telegram_url=tg.base_url, webhook_url=url), db_url)
    try:
        calls = tg.wait_for("setWebhook")
        assert len(calls) == 1
        params = calls[0]["params"]
        assert params["url"] == url and params["secret_token"] == TG_SECRET
        assert "callback_query" in params["allowed_updates"]
    finally:
        served.close()
