"""Helpers for the tests of saving a message's records: a team with a two-level hierarchy, a second
team, a public-pool customer, several open deals, contracts and a plan; the terminal chat on it; and
`save_parsed`, which hands a built ParseResult(records=[...]) to the conversation's writing phase
exactly as the dispatcher does (one transaction), so the saving layer is tested apart from the engine;
`q` and `n` read rows back with plain SQL."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import func, select

from bot.chat_command import TerminalChat
from bot.context import AppContext, parse_now
from bot.conversation_log import Turn
from bot.replies import InboundMessage, Reply
from domain.settings import Settings
from domain.types import ParseResult
from storage import records
from storage.db import make_engine
from tests.bundle_support import import_files

NOW = "2026-11-20T18:00:00+08:00"  # a Friday

TEAM = {
    "users.csv": """id,name,role,team,manager_id,telegram_id,wecom_userid
U0,周总,admin,,,,
D9,赵总监,manager,,U0,,
M1,李经理,manager,一组,D9,,
M2,钱经理,manager,一组,U0,,
R01,王磊,rep,一组,M1,,
R02,陈静,rep,一组,M1,,
R03,孙丽,rep,一组,M2,,
""",
    "customers.csv": """id,name,aliases,tier,industry,region,source,owner_id,created_at
C1,杭州明德食品集团有限公司,明德食品,A,食品,华东,老客户,R01,2026-03-01T10:00:00+08:00
C2,南京明德建材有限公司,明德建材,B,制造,华东,官网,R01,2026-03-02T10:00:00+08:00
C3,上海恒通物流有限公司,恒通物流,B,物流,华东,官网,R01,2026-03-03T10:00:00+08:00
C5,南京华信电子有限公司,华信电子,A,制造,华东,公众号,R01,2026-03-05T10:00:00+08:00
C6,Acme Robotics Inc.,Acme,A,制造,海外,展会,R01,2026-03-06T10:00:00+08:00
C7,苏州远航电子有限公司,远航电子,B,制造,华东,官网,R02,2026-03-07T10:00:00+08:00
C8,天启教育科技有限公司,天启教育,A,教育,华北,展会,R03,2026-03-08T10:00:00+08:00
C9,青松药业有限公司,青松药业,C,医药,华东,官网,,2026-03-09T10:00:00+08:00
""",
    "contacts.csv": """id,customer_id,name,title,phone
P1,C1,邱建,总经理,13800000001
P6,C6,Mary Walker,CTO,
""",
    "deals.csv": """id,customer_id,title,owner_id,amount,currency,expected_close,created_at
D1,C2,建材二期,R01,300000,CNY,2026-12-31,2026-10-01T10:00:00+08:00
D2,C2,建材维保,R01,80000,CNY,2026-12-15,2026-10-02T10:00:00+08:00
D3,C1,明德一期,R01,600000,CNY,2026-11-30,2026-09-01T10:00:00+08:00
D5,C5,华信项目,R01,600000,CNY,2026-10-15,2026-08-01T10:00:00+08:00
D7,C7,远航项目,R02,200000,CNY,2026-12-31,2026-10-05T10:00:00+08:00
D8,C8,天启平台,R03,500000,CNY,2026-12-31,2026-09-05T10:00:00+08:00
""",
    "deal_events.csv": """deal_id,at,stage,amount,by
D1,2026-10-01T10:00:00+08:00,qualified,300000,R01
D2,2026-10-02T10:00:00+08:00,proposal,80000,R01
D3,2026-09-01T10:00:00+08:00,negotiation,600000,R01
D5,2026-08-01T10:00:00+08:00,proposal,600000,R01
D5,2026-10-15T10:00:00+08:00,won,,R01
D7,2026-10-05T10:00:00+08:00,proposal,200000,R02
D8,2026-09-05T10:00:00+08:00,negotiation,500000,R03
""",
    "activities.csv": """id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date,status
A1,R01,C1,P1,visit,2026-11-10T10:00:00+08:00,初次拜访,再约,2026-11-18,done
A7,R02,C7,,call,2026-11-12T10:00:00+08:00,电话,,2026-11-19,done
A8,R03,C8,,visit,2026-11-12T10:00:00+08:00,拜访,,2026-11-20,done
A9,R01,C3,,visit,2026-11-20T10:00:00+08:00,拜访恒通,,,planned
""",
    "targets.csv": "user_id,metric,start,end,value\n",
    "contracts.csv": """id,customer_id,deal_id,owner_id,title,amount,currency,signed_on
K5,C5,D5,R01,华信项目,600000,CNY,2026-10-15
K61,C6,,R01,Acme phase 1,50000,USD,2026-08-01
K62,C6,,R01,Acme support,20000,USD,2026-10-01
K8,C8,D8,R03,天启合同,400000,CNY,2026-09-01
""",
    "installments.csv": """contract_id,due_on,amount
K5,2026-11-30,200000
""",
    "payments.csv": """id,contract_id,received_on,amount,by
Y8,K8,2026-10-01,100000,R03
""",
}


def team_chat(db_url: str, tmp: Path) -> TerminalChat:
    """The terminal conversation on TEAM with the clock fixed at NOW."""
    s = Settings()
    import_files(make_engine(db_url), tmp / "team", TEAM, s.org.tz)
    ctx = AppContext(settings=s, db_url=db_url, fixed_now=parse_now(NOW, s.org.tz))
    return TerminalChat(ctx, tmp / "charts")


def save_parsed(chat: TerminalChat, user_id: str, recs: list, *, text: str | None = None,
                lang: str = "zh", trace: list[str] | None = None, notes: list[str] | None = None) -> list[Reply]:
    """Store a message from `user_id` and save `recs` as its reading, as the dispatcher does: the
    conversation's writing phase inside one transaction that also marks the message done. The replies'
    buttons become the chat's latest (so a following press or number works)."""
    d = chat.dispatcher
    text = text or f"records {uuid.uuid4().hex[:8]}"
    msg = InboundMessage(channel="terminal", external_id=uuid.uuid4().hex, chat_id=user_id, sender=user_id,
                         text=text)
    mid = d.receive(msg)
    assert mid is not None
    user = records.find_user(d.engine, "terminal", user_id)
    now = chat.now().astimezone(d.settings.org.tz)
    turn = Turn(user=user, msg=msg, message_id=mid, now=now, lang=lang, settings=d.settings)
    parse = ParseResult(intent="log", records=recs, trace=trace or [], notes=notes or [])
    with d.engine.begin() as conn:
        assert records.finish_inbound(conn, mid, "done", user_id)
        replies = d.conversation.log(conn, turn=turn, parse=parse)
    chat.last_buttons[user_id] = [b for r in replies for b in r.buttons]
    return replies


def only(replies: list[Reply]) -> Reply:
    assert len(replies) == 1, replies
    return replies[0]


def q(chat: TerminalChat, stmt) -> list[tuple]:
    """The rows of `stmt` read from the chat's database, as tuples."""
    with chat.dispatcher.engine.connect() as c:
        return [tuple(r) for r in c.execute(stmt)]


def n(chat: TerminalChat, table, *where) -> int:
    """How many rows of `table` (a model) match `where` in the chat's database."""
    return q(chat, select(func.count()).select_from(table).where(*where))[0][0]
