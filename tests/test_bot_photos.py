"""Photos on `salesbot chat`: a business card is read offline (bot.cards) and shown, nothing saved;
a picture that is no card, or a file that is no image, gets a polite answer; the message is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.attachments import media_line
from bot.chat_command import TerminalChat
from bot.context import AppContext, parse_now
from domain.settings import Settings
from storage.models import Contact
from storage.models import InboundMessage as Stored
from tests.bot_support import NOW, load_team, rows
from tests.media_support import card_photo


@pytest.fixture
def chat(db_url: str, tmp_path: Path) -> TerminalChat:
    s = Settings()
    load_team(db_url, tmp_path, s.org.tz)
    return TerminalChat(AppContext(settings=s, db_url=db_url, fixed_now=parse_now(NOW, s.org.tz)), None)


def test_a_card_photo_is_read_and_shown_not_saved(chat, db_url, tmp_path):
    path = card_photo(tmp_path, "card.jpg", [("宁波远航物流有限公司", 34), ("王芳", 56), ("运营主管", 30),
                                             ("手机：186 0000 1111", 28), ("邮箱：wangfang@yuanhang.cn", 28)])
    before = rows(db_url, Contact.id)
    reply = chat.say("R01", attachment=media_line({"photo": path}))[0].text.splitlines()
    assert reply[0] == "📇 名片："
    assert {"姓名：王芳", "职位：运营主管", "公司：宁波远航物流有限公司", "手机：18600001111",
            "邮箱：wangfang@yuanhang.cn"} <= set(reply)
    assert reply[-1] == "保存为联系人吗？"  # proposed (tests/test_card_proposal.py), not saved
    assert rows(db_url, Contact.id) == before
    assert rows(db_url, Stored.text) == [(f"[photo] {path}",)]


def test_a_picture_that_is_no_card_and_bytes_that_are_no_image(chat, tmp_path):
    scene = card_photo(tmp_path, "scene.jpg", [])
    assert "没认出名片" in chat.say("R01", attachment=media_line({"photo": scene}))[0].text
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"\x89PNG not really" * 10)
    assert "没认出名片" in chat.say("R01", attachment=media_line({"photo": str(junk)}))[0].text
