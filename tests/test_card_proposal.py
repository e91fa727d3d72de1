"""Business cards proposed as contacts on `salesbot chat` (bot.card_proposal): a card photo drawn here
(Chinese and English) → the contact and its customer with 保存 / 修改 / 取消; an edit in words shows it
again; Save writes the contact (and a new customer owned by the speaker) with audit rows and Undo;
cancel writes nothing; a card of another rep's customer is refused, nothing of it shown."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.attachments import media_line
from bot.channels.base import buttons_as_text
from bot.chat_command import TerminalChat
from bot.context import AppContext, parse_now
from domain.settings import Settings
from storage.models import AuditEntry, Contact, ConversationState, Customer
from tests.bot_support import NOW, load_team, rows
from tests.media_support import card_photo

ZH_CARD = [("宁波远航物流有限公司", 34), ("王芳", 56), ("运营主管", 30), ("手机：186 0000 1111", 28),
           ("邮箱：wangfang@yuanhang.cn", 28), ("地址：宁波市鄞州区天童南路588号", 26)]
EN_CARD = [("Acme Robotics Inc.", 34), ("David Chen", 56), ("Purchasing Manager", 30),
           ("Mobile: +1 415 555 0199", 28), ("Email: david.chen@acme-robotics.com", 28)]


def _chat(db_url: str, tmp_path: Path, language: str) -> TerminalChat:
    s = Settings()
    s.org.language = language  # a photo has no words: its replies are in the org's language
    load_team(db_url, tmp_path, s.org.tz)
    return TerminalChat(AppContext(settings=s, db_url=db_url, fixed_now=parse_now(NOW, s.org.tz)), None)


@pytest.fixture
def chat(db_url: str, tmp_path: Path) -> TerminalChat:
    return _chat(db_url, tmp_path, "zh")


@pytest.fixture
def en_chat(db_url: str, tmp_path: Path) -> TerminalChat:
    return _chat(db_url, tmp_path, "en")


def photo(chat: TerminalChat, user: str, path: str):
    start = time.perf_counter()
    replies = chat.say(user, attachment=media_line({"photo": path}))
    assert len(replies) == 1, replies
    # a guard against a hung read (the read itself is ~1.5 s on a quiet machine; its speed is measured by
    # bench/bench_cards.py, not here, where other workers share the CPU)
    assert time.perf_counter() - start < 30
    return replies[0]


def test_zh_card_proposed_edited_in_words_saved_with_new_customer_and_undone(chat, db_url, tmp_path):
    contacts, customers = rows(db_url, Contact.id), rows(db_url, Customer.id)
    reply = photo(chat, "R01", card_photo(tmp_path, "zh.jpg", ZH_CARD))
    lines = reply.text.splitlines()
    assert lines[0] == "📇 名片："
    assert {"姓名：王芳", "职位：运营主管", "公司：宁波远航物流有限公司", "手机：18600001111",
            "邮箱：wangfang@yuanhang.cn", "地址：宁波市鄞州区天童南路588号"} <= set(lines)
    assert "新建客户「宁波远航物流有限公司」？（保存时创建，归你名下）" in lines
    assert [b.label for b in reply.buttons] == ["保存", "修改", "取消"]
    assert buttons_as_text(reply) == "1. 保存\n2. 修改\n3. 取消\n（回复数字选择）"  # WeCom: numbered lines
    assert rows(db_url, Contact.id) == contacts and rows(db_url, Customer.id) == customers

    assert "职位是采购总监" in chat.say("R01", press="修改")[0].text  # the prompt's example
    again = chat.say("R01", text="职位是采购总监，电话 139 1234 5678")[0]
    assert "职位：采购总监" in again.text.splitlines() and "手机：13912345678" in again.text.splitlines()
    assert rows(db_url, Contact.id) == contacts  # still nothing written

    saved = chat.say("R01", press="保存")[0]
    assert "王芳" in saved.text and [b.label for b in saved.buttons] == ["撤销", "修改"]
    new_cust = rows(db_url, Customer.id, Customer.owner_id, where=Customer.name == "宁波远航物流有限公司")
    assert len(new_cust) == 1 and new_cust[0][1] == "R01"
    assert rows(db_url, Contact.customer_id, Contact.title, Contact.phone, Contact.email,
                where=Contact.name == "王芳") == [(new_cust[0][0], "采购总监", "13912345678", "wangfang@yuanhang.cn")]
    assert {(e, a) for e, a in rows(db_url, AuditEntry.entity, AuditEntry.action)} >= {("contact", "create"),
                                                                                        ("customer", "create")}

    chat.say("R01", press="撤销")
    assert rows(db_url, Contact.id) == contacts and rows(db_url, Customer.id) == customers


def test_en_card_matches_the_existing_customer_and_cancel_writes_nothing(en_chat, db_url, tmp_path):
    chat = en_chat
    contacts = rows(db_url, Contact.id)
    reply = photo(chat, "R01", card_photo(tmp_path, "en.jpg", EN_CARD))
    lines = reply.text.splitlines()
    assert {"Name: David Chen", "Title: Purchasing Manager", "Mobile: +14155550199",
            "E-mail: david.chen@acme-robotics.com"} <= set(lines)
    # OCR may run "Acme Robotics" together; the short form still finds the stored customer
    assert [x.replace(" ", "") for x in lines if x.startswith("Company:")] == ["Company:AcmeRoboticsInc."]
    assert "Customer: Acme Robotics Inc. (existing)" in lines  # C6, R01's
    assert [b.label for b in reply.buttons] == ["Save", "Edit", "Cancel"]
    assert chat.say("R01", text="2")[0].text.startswith("Say what to change")  # numbered reply: Edit
    assert chat.say("R01", press=reply.buttons[2].id)[0].text == "OK, cancelled; nothing was saved."
    assert rows(db_url, Contact.id) == contacts
    assert rows(db_url, ConversationState.id, where=ConversationState.kind == "pending") == []
    # a stale Save after the cancel writes nothing either
    assert "expired" in chat.say("R01", press=reply.buttons[0].id)[0].text
    assert rows(db_url, Contact.id) == contacts


def test_another_reps_customer_is_refused_and_typed_save_saves_to_own(chat, db_url, tmp_path):
    """R02 (a rep) photographs a card of R01's customer: refused, nothing of it shown; R01, its owner,
    saves the same card on that customer by typing 保存."""
    contacts = rows(db_url, Contact.id)
    path = card_photo(tmp_path, "mingde.jpg", [("杭州明德食品集团有限公司", 34), ("赵敏", 56), ("采购经理", 30),
                                               ("手机：137 0000 2222", 28)])
    reply = photo(chat, "R02", path)
    assert reply.text == "这个客户不在你的名下，没有记录。" and not reply.buttons
    assert "明德" not in reply.text and "王磊" not in reply.text
    assert rows(db_url, Contact.id) == contacts
    # R01, its owner, gets the proposal on the existing customer; typed 保存 saves it there
    mine = photo(chat, "R01", path)
    assert "客户：杭州明德食品集团有限公司（已有客户）" in mine.text.splitlines()
    assert chat.say("R01", text="保存")[0].text.startswith("👤 联系人 赵敏 · 采购经理 · 13700002222")
    assert rows(db_url, Contact.customer_id, Contact.title, Contact.phone, where=Contact.name == "赵敏") == [
        ("C1", "采购经理", "13700002222")]
    # the same card again: the known contact is updated, not doubled
    again = photo(chat, "R01", path)
    assert "赵敏 已是这个客户的联系人：保存会更新职位、电话、邮箱。" in again.text.splitlines()
    chat.say("R01", text="手机换成 139 1111 2222")
    chat.say("R01", press="保存")
    assert rows(db_url, Contact.customer_id, Contact.title, Contact.phone, where=Contact.name == "赵敏") == [
        ("C1", "采购经理", "13911112222")]
    assert ("contact", "update") in rows(db_url, AuditEntry.entity, AuditEntry.action)
