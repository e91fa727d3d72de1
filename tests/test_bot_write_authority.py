"""The conversation obeys the one write rule for every record type: a customer, deal, contract or payment
outside the speaker's reach is refused with "这个客户不在你的名下" / "That customer isn't yours" — no
name, owner or amount of it — and nothing is written; choices list only customers the speaker may write
on, with owner names only for managers and admins."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from domain.types import ActivityRecord, ContactRecord, DealRecord, PaymentRecord
from storage.models import Activity, AuditEntry, Contact, Deal, DealEvent, Payment
from tests.records_support import only, save_parsed, team_chat

REFUSED = {"zh": "这个客户不在你的名下，没有记录。", "en": "That customer isn't yours; nothing was saved."}
SECRETS = ("天启", "孙丽", "陈静", "远航", "500,000", "400,000", "200,000")  # what R01 must never see of others


@pytest.fixture
def chat(db_url, tmp_path):
    return team_chat(db_url, tmp_path)


def _counts(chat) -> tuple[int, ...]:
    with chat.dispatcher.engine.connect() as c:
        return tuple(c.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in (Activity, Deal, DealEvent, Payment, Contact, AuditEntry))


OTHERS = [  # (speaker, records) that touch what the speaker may not change
    ("R01", [ActivityRecord(customer="天启教育科技有限公司", customer_id="C8", kind="visit")]),
    ("R01", [DealRecord(customer="天启教育科技有限公司", customer_id="C8", deal_id="D8", stage="lost")]),
    ("R01", [DealRecord(customer="天启教育科技有限公司", customer_id="C8", stage="won", amount=1200000)]),
    ("R01", [PaymentRecord(customer="天启教育科技有限公司", customer_id="C8", contract_id="K8", amount=100000)]),
    ("R01", [ContactRecord(customer="苏州远航电子有限公司", customer_id="C7", name="黎总", phone="13900000000")]),
    ("R02", [ActivityRecord(customer="杭州明德食品集团有限公司", customer_id="C1"),
             DealRecord(customer="杭州明德食品集团有限公司", customer_id="C1", stage="won")]),
    ("M2", [DealRecord(customer="杭州明德食品集团有限公司", customer_id="C1", deal_id="D3", stage="lost")]),
    ("M1", [ActivityRecord(customer="天启教育科技有限公司", customer_id="C8")]),
    # a visit on the speaker's own customer does not carry a deal of another rep's customer in with it
    ("R01", [ActivityRecord(customer="杭州明德食品集团有限公司", customer_id="C1"),
             DealRecord(customer="天启教育科技有限公司", customer_id="C8", deal_id="D8", stage="won")]),
    # a deal id of another customer's deal named on one's own customer is no way in
    ("R01", [PaymentRecord(customer="杭州明德食品集团有限公司", customer_id="C1", contract_id="K8", amount=1000)]),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("speaker,recs", OTHERS)
def test_records_outside_the_speakers_reach_are_refused_and_nothing_written(chat, speaker, recs, lang):
    before = _counts(chat)
    r = only(save_parsed(chat, speaker, recs, lang=lang))
    if speaker == "R01" and isinstance(recs[-1], PaymentRecord) and recs[-1].customer_id == "C1":
        assert r.text != REFUSED[lang]  # K8 is not C1's: C1 owes nothing, so no payment
        assert "天启" not in r.text
    else:
        assert r.text == REFUSED[lang]
    assert r.buttons == []
    assert not any(s in r.text for s in SECRETS)
    assert _counts(chat) == before


@pytest.mark.parametrize("speaker", ["R01", "M1", "D9", "U0"])
def test_the_owner_their_managers_at_any_depth_and_the_admin_may_write(chat, speaker):
    r = only(save_parsed(chat, speaker, [DealRecord(customer="杭州明德食品集团有限公司", customer_id="C1",
                                                    deal_id="D3", stage="won")]))
    assert r.text.splitlines()[1] == "📈 商机 赢单 · ¥600,000"
    with chat.dispatcher.engine.connect() as c:
        last = c.execute(select(DealEvent.stage, DealEvent.by).where(DealEvent.deal_id == "D3")
                         .order_by(DealEvent.id.desc())).first()
    assert tuple(last) == ("won", speaker)


def test_a_public_pool_customer_is_anyones_to_log_on(chat):
    r = only(save_parsed(chat, "R02", [ActivityRecord(customer="青松药业有限公司", customer_id="C9", kind="call")]))
    assert r.text == "✅ 已记录 电话 · 青松药业有限公司 · 11-20"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_name_only_another_reps_customer_bears_is_refused_not_offered_as_new(chat, lang):
    before = _counts(chat)
    r = only(save_parsed(chat, "R01", [ActivityRecord(customer="天启教育科技有限公司")], lang=lang))
    assert r.text == REFUSED[lang] and r.buttons == []
    assert _counts(chat) == before


def test_candidates_outside_the_speakers_reach_are_dropped(chat):
    # 明德食品 (R01's) and 天启 (R03's) both fit: only 明德食品 is R01's, so it is taken without a question
    r = only(save_parsed(chat, "R01", [ActivityRecord(customer="明", candidates=["C8", "C1"])]))
    assert r.text.startswith("✅ 已记录 拜访 · 杭州明德食品集团有限公司")
    # none of them the speaker's: refused
    r = only(save_parsed(chat, "R01", [ActivityRecord(customer="天", candidates=["C8", "C7"])]))
    assert r.text == REFUSED["zh"]


def test_choice_buttons_name_owners_to_managers_never_to_reps(chat):
    q = only(save_parsed(chat, "M1", [ActivityRecord(customer="明", candidates=["C1", "C7", "C8"])]))
    assert q.text == "「明」对应多个客户，是哪一个？"
    assert [b.label for b in q.buttons] == ["杭州明德食品集团有限公司（王磊）", "苏州远航电子有限公司（陈静）", "取消"]
    q = only(save_parsed(chat, "R01", [ActivityRecord(customer="明", candidates=["C1", "C2", "C8"])], lang="en"))
    assert q.text == "\"明\" fits several customers. Which one?"
    assert [b.label for b in q.buttons] == ["杭州明德食品集团有限公司", "南京明德建材有限公司", "Cancel"]


def test_a_rep_cannot_claim_sight_of_an_owned_customer(chat):
    r = only(chat.say("R01", text="认领 天启教育"))
    assert "孙丽" not in r.text and "天启教育科技有限公司" not in r.text
    r = only(chat.say("M2", text="认领 天启教育"))
    assert "孙丽" in r.text  # their own manager may see whose it is


def test_another_users_buttons_do_nothing(chat):
    saved = only(save_parsed(chat, "R01", [ActivityRecord(customer="杭州明德食品集团有限公司", customer_id="C1")]))
    ask = only(save_parsed(chat, "R01", [DealRecord(customer="南京明德建材有限公司", customer_id="C2",
                                                    deal_candidates=["D1", "D2"], stage="won")]))
    before = _counts(chat)
    assert only(chat.say("R02", press=saved.buttons[0].id)).text.startswith("没有可以撤销")
    assert only(chat.say("R02", press=ask.buttons[0].id)).text == "这个按钮已过期，请重新发送消息。"
    assert only(chat.say("R01", press=ask.buttons[0].id.rsplit(":", 1)[0] + ":7")).text == \
        "这个按钮已过期，请重新发送消息。"  # a forged choice index
    assert _counts(chat) == before
