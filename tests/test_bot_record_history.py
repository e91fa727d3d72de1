"""A user's saved messages: "我最近的记录" / "my last records" lists them newest first, "撤销 2" / "undo 2"
undoes the second-latest (the whole message), and the same text sent again within 10 minutes is
"已记录过" / "Already recorded" with nothing changed — state in the database, so two processes agree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from domain.types import ActivityRecord, DealRecord
from storage.models import Activity, DealEvent
from tests.records_support import only, save_parsed, team_chat

MD, JC, HX = "杭州明德食品集团有限公司", "南京明德建材有限公司", "南京华信电子有限公司"
DAY = date(2026, 11, 20)


@pytest.fixture
def chat(db_url, tmp_path):
    return team_chat(db_url, tmp_path)


def visit(cid: str, name: str, **kw) -> ActivityRecord:
    return ActivityRecord(customer=name, customer_id=cid, date=DAY, **kw)


def customers_logged(chat) -> list[str]:
    with chat.dispatcher.engine.connect() as c:
        return sorted(c.execute(select(Activity.customer_id).where(Activity.message_id.is_not(None))).scalars())


def three(chat, lang: str = "zh") -> None:
    only(save_parsed(chat, "R01", [visit("C1", MD)], text="第一条", lang=lang))
    only(save_parsed(chat, "R01", [visit("C2", JC, kind="call"),
                                   DealRecord(customer=JC, customer_id="C2", deal_id="D1", stage="proposal")],
                     text="第二条", lang=lang))
    only(save_parsed(chat, "R01", [visit("C5", HX, kind="meeting")], text="第三条", lang=lang))


LISTS = {
    "zh": ["🧾 您最近的记录（说「撤销 2」撤销第 2 条）：", "1. 会议 · 南京华信电子有限公司 · 11-20",
           "2. 电话 · 南京明德建材有限公司 · 11-20 等 1 条", "3. 拜访 · 杭州明德食品集团有限公司 · 11-20"],
    "en": ["🧾 Your latest records (say \"undo 2\" to undo the 2nd):", "1. meeting · 南京华信电子有限公司 · 11-20",
           "2. call · 南京明德建材有限公司 · 11-20 and 1 more", "3. visit · 杭州明德食品集团有限公司 · 11-20"],
}


@pytest.mark.parametrize("lang,ask", [("zh", "我最近的记录"), ("zh", "最近的记录"), ("zh", "我刚才记了什么"),
                                      ("en", "my last records"), ("en", "show my recent records"), ("zh", "/recent")])
def test_my_last_records_lists_them_newest_first(chat, lang, ask):
    three(chat, lang)
    r = only(chat.say("R01", text=ask))
    assert r.text.splitlines() == LISTS[lang]
    assert [b.label for b in r.buttons] == [f"{'撤销' if lang == 'zh' else 'Undo'} {i}" for i in (1, 2, 3)]


@pytest.mark.parametrize("lang,say", [("zh", "撤销 2"), ("zh", "撤销第二条"), ("zh", "撤销第2条"), ("en", "undo 2"),
                                      ("en", "undo #2"), ("en", "undo the 2nd")])
def test_undo_n_undoes_the_whole_nth_latest_message(chat, lang, say):
    three(chat)
    with chat.dispatcher.engine.connect() as c:
        events = c.execute(select(func.count()).select_from(DealEvent).where(DealEvent.deal_id == "D1")).scalar()
    r = only(chat.say("R01", text=say))
    # the message was saved in Chinese: its undo answers in the language it was saved in
    assert r.text == "↩️ 已撤销：电话 · 南京明德建材有限公司 · 11-20 等 1 条"
    assert customers_logged(chat) == ["C1", "C5"]
    with chat.dispatcher.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(DealEvent).where(DealEvent.deal_id == "D1")).scalar() == \
            events - 1
    # the latest is still the latest: a plain undo takes it
    assert only(chat.say("R01", text="撤销")).text.startswith("↩️ 已撤销：会议 · 南京华信电子有限公司")
    assert customers_logged(chat) == ["C1"]


@pytest.mark.parametrize("say,text", [("撤销 5", "没有第 5 条记录（24 小时内共 3 条）。发「我最近的记录」查看。"),
                                      ("undo 7", "There is no record 7 (you have 3 from the last 24 hours). Say "
                                                 "\"my last records\" to see them.")])
def test_undo_n_beyond_the_list_says_so(chat, say, text):
    three(chat)
    assert only(chat.say("R01", text=say)).text == text
    assert customers_logged(chat) == ["C1", "C2", "C5"]


def test_undo_of_a_payment_names_it(chat):
    from domain.types import PaymentRecord

    only(save_parsed(chat, "R01", [PaymentRecord(customer=HX, customer_id="C5", amount=200000)]))
    assert only(chat.say("R01", text="撤销")).text == "↩️ 已撤销：回款 ¥200,000 · 南京华信电子有限公司 · 合同余额 ¥400,000"


def test_nothing_to_list(chat):
    assert only(chat.say("R01", text="我最近的记录")).text == "24 小时内没有您的记录。"
    assert only(chat.say("R01", text="my last records")).text == "You have no records from the last 24 hours."


# ---------- the same message twice ----------

@pytest.mark.parametrize("lang,reply", [("zh", "已记录过（10 分钟内发过同样的消息），这次没有重复记录。"),
                                        ("en", "Already recorded (you sent the same message within 10 minutes); "
                                               "nothing saved twice.")])
def test_the_same_message_within_ten_minutes_is_already_recorded(chat, lang, reply):
    only(save_parsed(chat, "R01", [visit("C1", MD)], text="拜访明德", lang=lang))
    assert only(save_parsed(chat, "R01", [visit("C1", MD)], text="拜访明德", lang=lang)).text == reply
    assert customers_logged(chat) == ["C1"]
    only(save_parsed(chat, "R02", [visit("C9", "青松药业有限公司")], text="拜访明德"))  # another user: their own
    assert customers_logged(chat) == ["C1", "C9"]
    chat.fixed_now = chat.now() + timedelta(minutes=11)  # later, the same words are a new visit
    assert only(save_parsed(chat, "R01", [visit("C1", MD)], text="拜访明德")).text.startswith("✅")
    assert customers_logged(chat) == ["C1", "C1", "C9"]


@pytest.mark.parametrize("lang,reply", [("zh", "同样的消息刚才收到了，还在等您回答上面的问题。"),
                                        ("en", "Got that message a moment ago; it is waiting for your answer to the "
                                               "question above.")])
def test_the_same_message_while_its_question_is_open_asks_nothing_new(chat, lang, reply):
    from storage.models import ConversationState, Customer

    name = "宁波星河科技有限公司"
    ask = only(save_parsed(chat, "R01", [ActivityRecord(customer=name, date=DAY)], text="拜访星河", lang=lang))
    assert len(ask.buttons) == 2
    with chat.dispatcher.engine.connect() as c:
        pending = c.execute(select(func.count()).select_from(ConversationState)).scalar()
    assert only(save_parsed(chat, "R01", [ActivityRecord(customer=name, date=DAY)], text="拜访星河",
                            lang=lang)).text == reply
    with chat.dispatcher.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(ConversationState)).scalar() == pending
    only(chat.say("R01", press=ask.buttons[0].id))
    with chat.dispatcher.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(Customer).where(Customer.name == name)).scalar() == 1
    assert only(save_parsed(chat, "R01", [ActivityRecord(customer=name, date=DAY)], text="拜访星河")).text.startswith(
        "已记录过")


def test_after_undo_the_same_message_records_again(chat):
    only(save_parsed(chat, "R01", [visit("C1", MD)], text="拜访明德"))
    only(chat.say("R01", text="撤销"))
    assert only(save_parsed(chat, "R01", [visit("C1", MD)], text="拜访明德")).text.startswith("✅")
    assert customers_logged(chat) == ["C1"]


def test_two_processes_agree_on_a_repeat(chat, db_url, tmp_path):
    from bot.chat_command import TerminalChat

    other = TerminalChat(chat.ctx.__class__(settings=chat.ctx.settings, db_url=db_url, fixed_now=chat.now()),
                         tmp_path / "charts2")
    only(save_parsed(chat, "R01", [visit("C1", MD)], text="拜访明德"))
    assert only(save_parsed(other, "R01", [visit("C1", MD)], text="拜访明德")).text.startswith("已记录过")
    assert customers_logged(chat) == ["C1"]


def test_the_same_message_from_two_processes_at_once_is_recorded_once(chat, db_url, tmp_path):
    import threading

    from bot.chat_command import TerminalChat

    chats = [chat] + [TerminalChat(chat.ctx.__class__(settings=chat.ctx.settings, db_url=db_url,
                                                      fixed_now=chat.now()), tmp_path / f"charts{i}")
                      for i in range(2)]
    start = threading.Barrier(len(chats))
    got: list[str] = []

    def send(c) -> None:
        start.wait()
        got.append(only(save_parsed(c, "R01", [visit("C1", MD)], text="同时发了两遍")).text)

    threads = [threading.Thread(target=send, args=(c,)) for c in chats]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert sorted(x[:4] for x in got) == sorted(["已记录过", "已记录过", "✅ 已记"])
    assert customers_logged(chat) == ["C1"]
