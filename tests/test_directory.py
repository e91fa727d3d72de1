"""The customer/contact directory: keys, own customers first, contacts settling, typos, and the
SQL loader with its cache that notices new customers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, update

from intents.directory import ContactRecord, CustomerRecord, Directory, name_keys
from intents.mentions import new_company
from intents.registry import classify
from storage.directory_query import load_directory
from storage.models import Contact, Customer, User
from tests.capture_support import directory

DIR = directory()


def test_name_keys():
    keys = name_keys("南京远航电子有限公司", ["远航电子"])
    assert keys["南京远航电子有限公司"] == 3 and keys["远航电子"] == 3
    assert keys["远航"] == 1 and keys["南京远航"] == 2 and keys["远航电"] == 2
    assert name_keys("无锡长风国际货运集团有限公司")["长风"] == 1  # brand before a trade word
    assert name_keys("珠海昊天连锁有限公司")["昊天"] == 1
    assert name_keys("杭州火山引擎有限公司")["火山"] == 1  # unknown trade word: the first two characters
    en = name_keys("Acme Robotics Ltd", ["Acme"])
    assert en["acme robotics"] == 3 and en["acme"] == 3


@pytest.mark.parametrize("text,speaker,cid,candidates", [
    ("拜访华龙机械", "R1", "K01", []),
    ("华龙", "R1", "K01", []),            # own short form first
    ("华龙", "R2", "K02", []),
    ("华龙", "R3", None, ["K01", "K02"]),  # nobody's own: ambiguous among all
    ("蓝海", "R1", None, ["K03", "K04"]),
    ("蓝海 黄海涛", "R1", "K03", []),       # a contact settles it
    ("瑞祥 马丽", "R1", "K12", []),
    ("瑞祥的唐厂长", "R1", "K11", []),      # surname + title settles it
    ("藍海網絡", "R1", "K04", []),          # traditional
    ("ＢＬＵＥ ＨＡＲＢＯＲ", "R1", "K07", []),  # full-width, upper case
    ("went to northstar", "R2", "K09", []),
    ("青松药业", None, "K05", []),
    ("青松要业", "R1", "K05", []),          # homophone typo (pinyin)
    ("华龙精蜜机械", "R1", "K01", []),       # one-character typo (rapidfuzz)
    ("Redwod Capital", "R2", "K16", []),    # English typo
])
def test_find_customer(text, speaker, cid, candidates):
    m = DIR.find_customer(text, speaker)
    assert m is not None
    assert m.customer_id == cid and sorted(m.candidates) == candidates


@pytest.mark.parametrize("text", ["今天天气不错", "拜访了客户", "meeting with the team", "华为"])
def test_no_customer(text):
    assert DIR.find_customer(text, "R1") is None


def test_latin_keys_need_word_boundaries():
    d = Directory([CustomerRecord(id="X1", name="Nova Labs Ltd", aliases=("Nova",))])
    assert d.find_customer("visited Nova today").customer_id == "X1"
    assert d.find_customer("去了nova") is not None
    assert d.find_customer("Casanova called") is None


def test_made_up_latin_short_form_must_be_capitalised():
    d = Directory([CustomerRecord(id="X", name="Summit Partners Ltd")])
    assert d.find_customer("met them at the summit") is None
    assert d.find_customer("Summit called").customer_id == "X"
    assert d.find_customer("summit partners called").customer_id == "X"


def test_typo_between_two_names_is_no_guess():
    d = Directory([CustomerRecord(id="A", name="杭州远航电子有限公司"), CustomerRecord(id="B", name="杭州远航电器有限公司")])
    m = d.find_customer("去了远航电x", None)
    assert m.customer_id is None and sorted(m.candidates) == ["A", "B"]
    m = Directory([CustomerRecord(id="A", name="Granite Systems Ltd"), CustomerRecord(id="B", name="Granite Sistems Ltd")]
                  ).find_customer("called Granite Systms")
    assert m.customer_id is None and m.candidates == ["A", "B"]


# 恒达 is an alias of H1 and H2 and the short form of H3's name; 德润 likewise for D1..D3
ALIAS_DIR = Directory([
    CustomerRecord(id="H1", name="东莞恒达国际货运有限公司", aliases=("恒达国际货运", "恒达"), owner_id="S1"),
    CustomerRecord(id="H2", name="厦门恒达软件股份有限公司", aliases=("恒达软件", "恒达"), owner_id="S1"),
    CustomerRecord(id="H3", name="珠海恒达生物科技有限公司", aliases=("恒达生物科技",), owner_id="S1"),
    CustomerRecord(id="D1", name="杭州德润科技有限公司", aliases=("德润科技",), owner_id="S2"),
    CustomerRecord(id="D2", name="广州德润电子有限公司", aliases=("德润电子", "德润"), owner_id="S3"),
    CustomerRecord(id="D3", name="南京德润物流有限公司", aliases=("德润物流", "德润"), owner_id="S4"),
    CustomerRecord(id="G1", name="杭州鼎丰汽车零部件有限公司", aliases=("鼎丰汽车零部件",), owner_id="S1"),
    CustomerRecord(id="G2", name="珠海鼎丰教育咨询有限公司", aliases=("鼎丰教育咨询",), owner_id="S5"),
    CustomerRecord(id="G3", name="杭州鼎丰科技有限公司", aliases=("鼎丰科技",), owner_id="S6"),
])
WED = date(2026, 11, 18)


@pytest.mark.parametrize(("user", "text", "customer_id", "candidates"), [
    ("S1", "去了恒达，见了采购", None, ["H1", "H2", "H3"]),   # all three are the speaker's own
    ("S9", "拜访了德润", None, ["D1", "D2", "D3"]),           # none is the speaker's: every one that fits
    ("S2", "拜访了德润", "D1", None),                         # exactly one of the speaker's own fits
    ("S3", "拜访了德润", "D2", None),
    ("S9", "拜访了德润物流", "D3", None),                     # a longer, exact alias settles it
    ("S1", "11/16 拜访了鼎丰汽车，客户要求周四演示", "G1", None),  # a prefix of one name's core
    ("S9", "拜访了鼎丰汽车", "G1", None),
    ("S9", "拜访了鼎丰", None, ["G1", "G2", "G3"]),
])
def test_alias_and_short_form_candidates_in_a_message(user, text, customer_id, candidates):
    visit = classify(text, user, WED, ALIAS_DIR, "CNY").visit
    assert visit is not None and visit.customer_id == customer_id
    assert sorted(visit.candidates or []) == sorted(candidates or [])


# two customers share the short form "Harbor"; a contact (even by first name) settles which one
HARBOR_DIR = Directory([
    CustomerRecord(id="B1", name="Harbor Components GmbH", aliases=("Harbor",), owner_id="S1"),
    CustomerRecord(id="B2", name="Harbor Logistics Inc", aliases=("Harbor",), owner_id="S1"),
], [ContactRecord(id="Q1", customer_id="B1", name="Peter Taylor", title="GM"),
    ContactRecord(id="Q2", customer_id="B2", name="Laura Clark", title="Ops")])


@pytest.mark.parametrize(("text", "customer_id", "contact"), [
    ("Harbor: Peter T. says they'll sign by end of Q1, 250k", "B1", "Peter Taylor"),
    ("Harbor: Laura said no", "B2", "Laura Clark"),
    ("Harbor: nobody answered", None, None),
])
def test_contact_settles_a_shared_short_form_in_a_message(text, customer_id, contact):
    visit = classify(text, "S1", WED, HARBOR_DIR, "CNY").visit
    assert visit is not None and visit.customer_id == customer_id and visit.contact == contact, visit


def test_resolve_contact():
    assert DIR.resolve_contact("林总", "K01").name == "林志强"
    assert DIR.resolve_contact("周敏", "K01").id == "P02"
    assert DIR.resolve_contact("张总", "K01") is None


# ---------- the SQL loader ----------

def _seed(conn):
    at = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    conn.execute(insert(User.__table__), [{"id": "R1", "name": "王磊", "role": "rep"}, {"id": "R2", "name": "陈静", "role": "rep"}])
    conn.execute(insert(Customer.__table__), [
        {"id": "C1", "name": "杭州明德食品集团有限公司", "aliases": "明德食品", "owner_id": "R1", "created_at": at, "created_on": date(2026, 1, 5)},
        {"id": "C2", "name": "广州明德建材股份有限公司", "aliases": "明德建材", "owner_id": "R1", "created_at": at, "created_on": date(2026, 1, 5)},
    ])
    conn.execute(insert(Contact.__table__), [{"id": "P1", "customer_id": "C2", "name": "王文", "title": "经理"}])


def test_load_directory_from_sql(engine):
    with engine.begin() as conn:
        _seed(conn)
    d = load_directory(engine)
    assert len(d) == 2
    assert d.find_customer("明德食品", "R1").customer_id == "C1"
    assert d.find_customer("去了明德 见了王文", "R1").customer_id == "C2"
    assert load_directory(engine) is d  # cached while nothing changed
    assert d.colleagues == {"王磊", "陈静"}


def test_cache_notices_new_customers_and_contacts(engine):
    with engine.begin() as conn:
        _seed(conn)
    first = load_directory(engine)
    assert first.find_customer("拜访凯胜软件", "R1") is None
    with engine.begin() as conn:
        conn.execute(insert(Customer.__table__).values(
            id="C3", name="北京凯胜软件集团有限公司", aliases="", owner_id=None,
            created_at=datetime(2026, 2, 1, tzinfo=UTC), created_on=date(2026, 2, 1)))
    second = load_directory(engine)
    assert second is not first and second.find_customer("拜访凯胜软件", "R1").customer_id == "C3"
    with engine.begin() as conn:
        conn.execute(insert(Contact.__table__).values(id="P2", customer_id="C3", name="赵磊"))
    third = load_directory(engine)
    assert third is not second and [p.name for p in third.contacts_of("C3")] == ["赵磊"]
    with engine.begin() as conn:  # a new alias
        conn.execute(update(Customer.__table__).where(Customer.__table__.c.id == "C3").values(aliases="凯胜"))
    assert load_directory(engine).find_customer("凯胜那边", "R1").customer_id == "C3"
    with engine.begin() as conn:  # a pool customer claimed by a rep
        conn.execute(update(Customer.__table__).where(Customer.__table__.c.id == "C3").values(owner_id="R2"))
    assert load_directory(engine).customers["C3"].owner_id == "R2"


def test_contacts_by_name_everywhere():
    d = Directory([CustomerRecord(id="A", name="甲公司"), CustomerRecord(id="B", name="乙公司")],
                  [ContactRecord(id="1", customer_id="A", name="张三丰"), ContactRecord(id="2", customer_id="B", name="李四")])
    assert [p.id for p in d.find_contacts("见了李四和张三丰")] == ["2", "1"]
    assert [p.id for p in d.find_contacts("见了李四和张三丰", ["A"])] == ["1"]


# ---------- open deals, contracts owed and views, loaded with SQL ----------

def _seed_money(conn):
    from storage.models import Contract, Deal, DealEvent, Payment

    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    conn.execute(insert(User.__table__), [{"id": "M1", "name": "李雪梅", "role": "manager"},
                                          {"id": "A1", "name": "周海峰", "role": "admin"}])
    conn.execute(update(User.__table__).where(User.__table__.c.id.in_(["R1", "R2"])).values(manager_id="M1"))
    conn.execute(insert(User.__table__), [{"id": "R9", "name": "郑凯", "role": "rep"}])
    conn.execute(insert(Customer.__table__), [
        {"id": "C9", "name": "成都晨光电子有限公司", "aliases": "", "owner_id": "R9", "created_at": at, "created_on": date(2026, 3, 1)},
        {"id": "C8", "name": "西安长青软件有限公司", "aliases": "", "owner_id": None, "created_at": at, "created_on": date(2026, 3, 1)},
    ])
    deals = [("D1", "C1", "明德年度采购", 500000_00), ("D2", "C1", "明德二期项目", 300000_00), ("D3", "C2", "明德建材扩容", 1)]
    conn.execute(insert(Deal.__table__), [{"id": i, "customer_id": c, "title": t, "owner_id": "R1", "amount_cents": a,
                                           "currency": "CNY", "created_at": at, "created_on": date(2026, 3, 1)}
                                          for i, c, t, a in deals])
    events = [("D1", 1, "lead"), ("D1", 2, "proposal"), ("D2", 1, "lead"), ("D3", 1, "lead"), ("D3", 5, "won")]
    conn.execute(insert(DealEvent.__table__), [
        {"deal_id": d, "at": datetime(2026, 3, day, tzinfo=UTC), "on_date": date(2026, 3, day), "stage": s, "by": "R1"}
        for d, day, s in events])
    conn.execute(insert(Contract.__table__), [
        {"id": "K1", "customer_id": "C2", "deal_id": "D3", "owner_id": "R1", "title": "明德建材扩容合同",
         "amount_cents": 200000_00, "currency": "CNY", "signed_on": date(2026, 3, 5), "created_at": at},
        {"id": "K2", "customer_id": "C2", "deal_id": None, "owner_id": "R1", "title": "明德建材维保",
         "amount_cents": 50000_00, "currency": "CNY", "signed_on": date(2026, 4, 1), "created_at": at}])
    conn.execute(insert(Payment.__table__), [
        {"id": "P1", "contract_id": "K2", "received_on": date(2026, 5, 1), "amount_cents": 50000_00, "by": "R1",
         "created_at": at},
        {"id": "P2", "contract_id": "K1", "received_on": date(2026, 5, 1), "amount_cents": 80000_00, "by": "R1",
         "created_at": at}])


def test_directory_knows_open_deals_contracts_owed_and_views(engine):
    with engine.begin() as conn:
        _seed(conn)
        _seed_money(conn)
    d = load_directory(engine)
    assert sorted(x.id for x in d.open_deals("C1")) == ["D1", "D2"]  # D3 is won: not open
    assert {x.id: x.stage for x in d.open_deals("C1")} == {"D1": "proposal", "D2": "lead"}
    assert d.open_deals("C2") == []
    owed = d.owed_contracts("C2")  # K2 is paid in full; K1 has 120,000 left
    assert [(k.id, k.owed) for k in owed] == [("K1", 120000.0)]
    assert d.view("R1") == frozenset({"R1"}) and d.view("M1") == frozenset({"M1", "R1", "R2"}) and d.view("A1") is None
    assert d.find_customer("晨光电子", "R1").out_of_view          # R9's customer, R1 does not see it
    assert d.find_customer("晨光电子", "A1").customer_id == "C9"
    assert d.find_customer("长青软件", "R2").customer_id == "C8"   # the public pool


def test_cache_notices_a_stage_change_and_a_payment(engine):
    from storage.models import DealEvent, Payment

    with engine.begin() as conn:
        _seed(conn)
        _seed_money(conn)
    first = load_directory(engine)
    with engine.begin() as conn:
        conn.execute(insert(DealEvent.__table__).values(deal_id="D1", at=datetime(2026, 6, 1, tzinfo=UTC),
                                                        on_date=date(2026, 6, 1), stage="won", by="R1"))
    second = load_directory(engine)
    assert second is not first and [x.id for x in second.open_deals("C1")] == ["D2"]
    with engine.begin() as conn:
        conn.execute(insert(Payment.__table__).values(id="P3", contract_id="K1", received_on=date(2026, 6, 2),
                                                      amount_cents=120000_00, by="R1",
                                                      created_at=datetime(2026, 6, 2, tzinfo=UTC)))
    assert load_directory(engine).owed_contracts("C2") == []


CUT_DIR = Directory([
    CustomerRecord("T1", "珠海万泰电子有限公司", owner_id="R5"),
    CustomerRecord("T2", "广州万泰教育咨询股份有限公司", owner_id="R7"),
    CustomerRecord("T3", "苏州华方案例科技有限公司", owner_id="R7"),
])


@pytest.mark.parametrize(("text", "speaker", "customer_id"), [
    ("万泰电话没打通", "R7", "T2"),        # 万泰 + 电话, not 万泰电(子)
    ("万泰电子电话没打通", "R5", "T1"),    # the full short name is still read
    ("华方案例科技今天来电", "R7", "T3"),  # a full key is never cut
])
def test_a_short_form_does_not_cut_a_word_in_half(text, speaker, customer_id):
    m = CUT_DIR.find_customer(text, speaker)
    assert (m.customer_id if m else None) == customer_id, m


FIRST_DIR = Directory([
    CustomerRecord("F1", "Harbor Energy Ltd", owner_id="R2"),
    CustomerRecord("F2", "Westbay Components Ltd", owner_id="R3"),
    CustomerRecord("F3", "Lakeside Foods Ltd", owner_id="R2"),
], [ContactRecord(id="G1", customer_id="F1", name="Grace Wilson"), ContactRecord(id="G2", customer_id="F2", name="Grace Miller"),
    ContactRecord(id="G3", customer_id="F3", name="Oliver Grant"), ContactRecord(id="G4", customer_id="F1", name="Oliver Stone"),
    ContactRecord(id="G5", customer_id="F3", name="Daniel Wu")])


@pytest.mark.parametrize(("text", "speaker", "customer_id"), [
    ("remind me to call Grace on Friday", "R2", "F1"),  # one Grace among R2's own contacts (a word name, capitalised)
    ("remind me to call Grace on Friday", "R3", "F2"),
    ("remind me to call Grace on Friday", "R1", None),  # nobody's own contact: no guess
    ("need to ping Oliver tomorrow", "R2", None),        # two Olivers of R2's: no guess
    ("grace period is over", "R2", None),                # the word, not the name
    ("Daniel said they'll sign next week", "R2", "F3"),   # a first name leading the message
    ("Oliver said they'll sign next week", "R3", None),   # nobody's own Oliver for R3
    ("Grace said they'll sign next week", "R2", None),    # a word name first in the text: no guess
])
def test_a_first_name_of_an_own_contact_names_the_customer(text, speaker, customer_id):
    m = FIRST_DIR.customer_by_first_name(text, speaker)
    assert (m.customer_id if m else None) == customer_id, m


SOMEONE_DIR = Directory([
    CustomerRecord("S1", "东莞天瑞医疗器械有限公司", aliases=("天瑞",), owner_id="R5"),
    CustomerRecord("S2", "东莞天瑞建材有限公司", owner_id=None),
], [ContactRecord(id="L1", customer_id="S1", name="林玉新", title="总经理")],
    views={"R1": frozenset({"R1"}), "R5": frozenset({"R5"})})


@pytest.mark.parametrize(("text", "customer_id", "out_of_view"), [
    ("东莞天瑞的林总今天来上海，顺便见了一面", None, True),  # 林总 works at the one out of view
    ("东莞天瑞建材今天去了一趟", "S2", False),                # the pool one, named in full
])
def test_a_person_of_a_customer_out_of_view_is_no_guess_in_view(text, customer_id, out_of_view):
    m = SOMEONE_DIR.find_customer(text, "R1")
    assert (m.customer_id, m.out_of_view) == (customer_id, out_of_view), m


OWN_FIRST_DIR = Directory([
    CustomerRecord("N1", "珠海安达材料有限公司", aliases=("安达",), owner_id="R5"),
    CustomerRecord("N2", "广州安达培训有限公司", owner_id="R7"),
], views={"R7": frozenset({"R7"}), "R5": frozenset({"R5"})})


@pytest.mark.parametrize(("text", "speaker", "customer_id"), [
    ("安达今天去了一趟", "R7", "N2"),  # the alias of another rep's customer does not beat the speaker's own short form
    ("安达今天去了一趟", "R5", "N1"),
])
def test_own_short_form_beats_an_alias_out_of_view(text, speaker, customer_id):
    m = OWN_FIRST_DIR.find_customer(text, speaker)
    assert m.customer_id == customer_id, m


@pytest.mark.parametrize("text,company", [
    # zh: a trade ending closes the name; 店 after 门 / 分 / 开, or before 长, is no company
    ("今天去了顺德美佳家具店，见了老板", "顺德美佳家具店"),
    ("拜访了佛山宏达陶瓷厂", "佛山宏达陶瓷厂"),
    ("去了义乌恒通小商品批发部", "义乌恒通小商品批发部"),
    ("去了深圳华星光电科技有限公司", "深圳华星光电科技有限公司"),
    ("今天跑了三家门店", None),
    ("新开了一家分店", None),
    ("约了店长吃饭", None),
    # en: a company word after capitalised words
    ("visited Acme Robotics Inc today", "Acme Robotics"),
])
def test_new_company_written(text, company):
    got = new_company(text)
    assert (got[1] if got else None) == company
