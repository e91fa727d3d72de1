"""The help and "didn't get that" examples name customers the bot knows: the speaker's own
(with a contact, as reps say it), another for the edit example, one in the public pool to
claim; the built-in names only when the database has none."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, update

from bot.help_examples import contact_form, example_names, example_text, short_name
from storage.models import Contact, Customer, User
from tests.bot_support import one, terminal_chat

AT = datetime(2026, 3, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def _org(engine, customers: list[tuple[str, str, str, str | None]], contacts: list[tuple[str, str, str]]) -> None:
    with engine.begin() as conn:
        conn.execute(insert(User), [dict(id="A0", name="管理员", role="admin"),
                                    dict(id="R1", name="王磊", role="rep", team="一组", manager_id="A0"),
                                    dict(id="R2", name="陈静", role="rep", team="一组", manager_id="A0")])
        conn.execute(insert(Customer), [dict(id=cid, name=name, aliases=aliases, owner_id=owner, created_at=AT,
                                             created_on=AT.date()) for cid, name, aliases, owner in customers])
        if contacts:
            conn.execute(insert(Contact), [dict(id=pid, customer_id=cid, name=name) for pid, cid, name in contacts])


ORG = [("C1", "宁波远航机械有限公司", "远航机械", "R2"),
       ("C2", "苏州恒通物流股份有限公司", "", "R1"),
       ("C3", "无锡华光仪表有限公司", "华光仪表", "R1"),
       ("C4", "常州南山培训学校", "南山培训", None),
       ("C5", "Bluefin Analytics Ltd", "Bluefin", "R1"),
       ("C6", "Harbor Foods Inc.", "", None)]
PEOPLE = [("P1", "C2", "黎明"), ("P2", "C5", "Joan Baker"), ("P3", "C1", "邱建")]


@pytest.mark.parametrize(("lang", "uid", "want"), [
    ("zh", "R1", {"customer": "苏州恒通物流", "contact": "黎总", "other": "华光仪表", "pool": "南山培训"}),
    ("zh", "R2", {"customer": "远航机械", "contact": "邱总", "other": "南山培训", "pool": "南山培训"}),
    ("zh", "A0", {"customer": "远航机械", "contact": "邱总", "other": "苏州恒通物流", "pool": "南山培训"}),
    ("en", "R1", {"customer": "Bluefin", "contact": "Joan Baker", "other": "Harbor Foods", "pool": "Harbor Foods"}),
])
def test_names_come_from_the_speakers_own_customers_first(engine, lang, uid, want):
    _org(engine, ORG, PEOPLE)
    assert example_names(engine, uid, lang) == want


def test_a_short_form_another_customer_shares_is_said_in_full(engine):
    _org(engine, [("C1", "Brightwave Systems Inc", "Brightwave", "R1"), ("C2", "Brightwave Systems Ltd", "Brightwave", "R2"),
                  ("C3", "宁波远航机械有限公司", "远航", "R1"), ("C4", "远航物流有限公司", "", None)], [])
    assert example_names(engine, "R1", "en")["customer"] == "Brightwave Systems Inc"
    assert example_names(engine, "R1", "zh")["customer"] == "宁波远航机械有限公司"  # 远航 is in 远航物流 too
    assert example_names(engine, "R1", "zh")["pool"] == "远航物流"


def test_only_customers_the_speaker_may_see(engine):
    _org(engine, ORG, PEOPLE)
    with engine.begin() as conn:
        conn.execute(insert(User), [dict(id="M9", name="赵经理", role="manager", team="二组", manager_id="A0"),
                                    dict(id="R9", name="孙丽", role="rep", team="二组", manager_id="M9")])
    assert example_names(engine, "M9", "zh")["customer"] == "南山培训"  # nobody under M9 owns one: the pool
    assert example_names(engine, "R9", "zh")["customer"] == "南山培训"
    assert example_names(engine, "R9", "zh")["contact"] == "邱总"


def test_an_empty_database_keeps_the_built_in_names(engine):
    assert example_names(engine, "R1", "zh") == {"customer": "明德食品", "contact": "邱总", "other": "明德建材",
                                                 "pool": "华信电子"}
    assert "Met Mary Walker at Acme" in example_text(engine, "help", "en")


def test_a_customer_without_contacts_keeps_the_built_in_contact(engine):
    _org(engine, [("C1", "宁波远航机械有限公司", "远航机械", "R1")], [])
    assert example_names(engine, "R1", "zh")["customer"] == "远航机械"
    assert example_names(engine, "R1", "zh")["contact"] == "邱总"


@pytest.mark.parametrize(("name", "aliases", "short"), [
    ("宁波远航机械有限公司", "远航机械|远航", "远航机械"),
    ("苏州恒通物流股份有限公司", "", "苏州恒通物流"),
    ("杭州明德食品集团", "", "杭州明德食品"),
    ("Harbor Foods Inc.", "", "Harbor Foods"),
    ("Bluefin Analytics Co., Ltd.", "", "Bluefin Analytics"),
    ("南山培训学校", "", "南山培训学校"),
])
def test_short_names(name, aliases, short):
    assert short_name(name, aliases) == short


@pytest.mark.parametrize(("name", "lang", "said"), [("邱建", "zh", "邱总"), ("欧阳明月", "zh", "欧阳明月"),
                                                    ("Joan Baker", "en", "Joan Baker"), ("Joan", "zh", "Joan")])
def test_contact_forms(name, lang, said):
    assert contact_form(name, lang) == said


@pytest.mark.parametrize(("key", "lang", "fragment"), [
    ("help", "zh", "今天下午拜访了苏州恒通物流黎总"), ("help", "zh", "不是苏州恒通物流，是华光仪表"),
    ("help", "zh", "认领 南山培训"), ("unknown", "zh", "今天拜访了苏州恒通物流黎总"),
    ("help", "en", "Met Joan Baker at Bluefin today"), ("help", "en", "claim Harbor Foods"),
    ("unknown", "en", "Met Joan Baker at Bluefin today"),
])
def test_texts_carry_the_names(engine, key, lang, fragment):
    _org(engine, ORG, PEOPLE)
    text = example_text(engine, key, lang, "R1")
    assert fragment in text
    assert "{" not in text and "明德" not in text and "Acme" not in text


def test_the_chat_help_names_the_orgs_customers_and_the_example_logs(db_url, tmp_path):
    chat = terminal_chat(db_url, tmp_path)
    with chat.ctx.ready_engine().begin() as conn:
        conn.execute(update(Customer).where(Customer.id == "C1").values(name="宁波远航机械有限公司", aliases="远航机械"))
    help_text = one(chat, "R01", "帮助").text
    assert "拜访了远航机械邱总" in help_text
    example = help_text.split("「")[1].split("」")[0]
    saved = one(chat, "R01", example).text
    assert saved.startswith("✅ 已记录 拜访 · 宁波远航机械有限公司")
    assert "远航机械" in one(chat, "R01", "/help").text
    assert "今天拜访了远航机械邱总" in one(chat, "R01", "嗯嗯嗯").text  # not understood: the example names them too


def test_the_asking_texts_name_the_orgs_customers_too(db_url, tmp_path):
    chat = terminal_chat(db_url, tmp_path)
    with chat.ctx.ready_engine().begin() as conn:
        conn.execute(update(Customer).where(Customer.id == "C1").values(name="宁波远航机械有限公司", aliases="远航机械"))
        conn.execute(update(Customer).where(Customer.id == "C5").values(name="常州南山培训学校", aliases="南山培训"))
    assert "例如「认领 南山培训」" in one(chat, "R01", "/claim").text
    assert "例如「今天拜访了远航机械邱总」" in one(chat, "R01", "拜访了客户，聊了报价").text
