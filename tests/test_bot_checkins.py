"""Check-ins on `salesbot chat`: a shared location is kept with the rep's on-site visit of that day, or
with the next one logged within two hours; "📍 label" in the receipt; managers list the week's."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.attachments import media_line
from bot.chat_command import TerminalChat
from bot.context import AppContext, parse_now
from domain.settings import Settings
from storage.db import make_engine
from tests.bot_support import NOW, load_team


@pytest.fixture
def chat(db_url: str, tmp_path: Path) -> TerminalChat:
    s = Settings()
    load_team(db_url, tmp_path, s.org.tz)
    return TerminalChat(AppContext(settings=s, db_url=db_url, fixed_now=parse_now(NOW, s.org.tz)), None)


def at(chat: TerminalChat, shift: timedelta) -> None:
    chat.fixed_now = parse_now(NOW, chat.ctx.settings.org.tz) + shift


def checkins(db_url: str) -> list[tuple]:
    """(user, label, customer of the visit or None) by plain SQL."""
    with make_engine(db_url).connect() as c:
        return [tuple(r) for r in c.execute(text(
            "SELECT k.user_id, k.label, a.customer_id FROM checkins k LEFT JOIN activities a ON a.id = k.activity_id"
            " ORDER BY k.id"))]


def where(label: str, lat: float = 30.2741, lon: float = 120.1551):
    return media_line({"location": {"lat": lat, "lon": lon, "label": label}})


LOGS = [  # (visit said, customer id, stored name, check-in label, words of the reply)
    ("今天拜访了明德食品，聊了报价", "C1", "杭州明德食品集团有限公司", "杭州市西湖区文三路 90 号", "已记入今天对"),
    ("Visited Acme today, demo went well", "C6", "Acme Robotics Inc.", "Acme HQ, 5 Harbor Rd", "已记入今天对"),
]


@pytest.mark.parametrize("said, cid, name, label, words", LOGS)
def test_a_location_after_the_visit_goes_with_it(chat, db_url, said, cid, name, label, words):
    at(chat, timedelta(hours=-3))
    chat.say("R01", text=said)
    at(chat, timedelta(hours=-2))
    reply = chat.say("R01", attachment=where(label))[0].text
    assert reply == f"📍 {label}\n{words} {name} 的拜访。"
    assert checkins(db_url) == [("R01", label, cid)]


@pytest.mark.parametrize("said, cid, name, label, words", LOGS)
def test_a_location_before_the_visit_waits_two_hours_for_it(chat, db_url, said, cid, name, label, words):
    at(chat, timedelta(hours=-3))
    first = chat.say("R01", attachment=where(label))[0].text
    assert first.startswith(f"📍 {label}\n") and "两小时内" in first
    assert checkins(db_url) == [("R01", label, None)]
    at(chat, timedelta(hours=-1, minutes=-5))  # 1 h 55 min later
    receipt = chat.say("R01", text=said)[0].text
    assert receipt.endswith(f"📍 {label}")
    assert checkins(db_url) == [("R01", label, cid)]


def test_a_visit_logged_later_than_two_hours_stays_apart(chat, db_url):
    at(chat, timedelta(hours=-5))
    chat.say("R01", attachment=where("文三路"))
    at(chat, timedelta(hours=-2, minutes=-55))
    chat.say("R01", text="今天拜访了明德食品，聊了报价")
    assert checkins(db_url) == [("R01", "文三路", None)]


def test_a_call_takes_no_check_in_and_another_reps_visit_neither(chat, db_url):
    at(chat, timedelta(hours=-2))
    chat.say("R01", attachment=where("文三路"))
    chat.say("R01", text="今天给明德食品打了电话，聊了报价")
    chat.say("R02", text="今天拜访了华信电子")
    assert checkins(db_url) == [("R01", "文三路", None)]


def test_undoing_the_visit_frees_its_check_in(chat, db_url):
    chat.say("R01", text="今天拜访了明德食品，聊了报价")
    chat.say("R01", attachment=where("文三路"))
    assert checkins(db_url) == [("R01", "文三路", "C1")]
    chat.say("R01", text="撤销")
    assert checkins(db_url) == [("R01", "文三路", None)]


def test_a_location_without_a_label_shows_its_coordinates(chat, db_url):
    reply = chat.say("R01", attachment=where("", 31.2304, 121.4737))[0].text
    assert reply.startswith("📍 31.23040, 121.47370\n")


@pytest.mark.parametrize("bad", [{"lat": 95, "lon": 10}, {"lat": "x", "lon": 1}, {"lon": 1}, "文三路"])
def test_a_location_that_is_no_place_is_refused(bad):
    with pytest.raises(ValueError):
        media_line({"location": bad})


@pytest.mark.parametrize("question, head", [("本周外勤签到", "本周外勤签到（2 次）："),
                                            ("这周的签到记录？", "本周外勤签到（2 次）："),
                                            ("check-ins this week", "Check-ins this week (2):"),
                                            ("Show me this week's check ins", "Check-ins this week (2):")])
def test_a_manager_lists_the_weeks_check_ins(chat, question, head):
    at(chat, timedelta(days=-7))  # last week's Friday: not listed
    chat.say("R01", attachment=where("上周的地方"))
    at(chat, timedelta(days=-2, hours=-3))  # Wednesday 15:00
    chat.say("R01", text="今天拜访了明德食品，聊了报价")
    chat.say("R01", attachment=where("文三路"))
    at(chat, timedelta(hours=-1))
    chat.say("R02", attachment=where("中山路"))
    at(chat, timedelta(0))
    lines = chat.say("M1", text=question)[0].text.splitlines()
    assert lines == [head, "11-18 15:00 王磊 📍 文三路 — 杭州明德食品集团有限公司",
                     "11-20 17:00 陈静 📍 中山路 — " + ("未关联拜访" if head.startswith("本周") else "no visit")]
    own = chat.say("R02", text=question)[0].text.splitlines()
    assert len(own) == 2 and "陈静" in own[1]  # a rep sees their own only


def test_export_marks_the_visit_with_its_check_in_and_import_accepts_it(chat, db_url, tmp_path):
    import csv

    from storage.bundle import export_bundle, import_bundle

    chat.say("R01", text="今天拜访了明德食品，聊了报价")
    chat.say("R01", attachment=where("文三路 90 号"))
    tz = chat.ctx.settings.org.tz
    export_bundle(make_engine(db_url), tmp_path / "out", tz)
    with (tmp_path / "out" / "activities.csv").open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert list(table[0])[-2:] == ["status", "checkin"]
    marks = {(r["customer_id"], r["kind"], r["checkin"]) for r in table}
    assert marks == {("C1", "visit", ""), ("C2", "call", ""), ("C1", "visit", "文三路 90 号")}
    import_bundle(make_engine(db_url), tmp_path / "out", tz)  # the same bundle again: accepted, nothing changes
    assert checkins(db_url) == [("R01", "文三路 90 号", "C1")]


@pytest.mark.parametrize("question", ["查一下明德食品的跟进记录", "show the activities of 明德食品"])
def test_the_activities_list_rows_carry_the_check_in(chat, db_url, question):
    from bot.answering import answer_question

    chat.say("R01", text="今天拜访了明德食品，聊了报价")
    chat.say("R01", attachment=where("文三路 90 号"))
    res = answer_question(make_engine(db_url), chat.ctx.settings, question, "M1", chat.now())
    assert res.list == "activities"
    assert [(r["id"] == "A1", r["checkin"]) for r in res.rows] == [(False, "文三路 90 号"), (True, None)]
