"""The small team of the follow-through tests (reminders, escalation, pool rules, `salesbot tick`)
and helpers to tap buttons and say things as its people at a fixed time.

Monday 2026-11-02 .. Sunday 2026-11-15 is the simulated fortnight; what each day must send is
worked out by hand in tests/test_tick.py from the rows below and `team_settings()`."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.dispatcher import Dispatcher
from bot.replies import InboundMessage, Reply
from domain.settings import DigestTarget, PoolSettings, ReminderSettings, Settings
from tests.bundle_support import import_files

TZ = ZoneInfo("Asia/Shanghai")

TEAM = {
    "users.csv": """id,name,role,team,manager_id,telegram_id,wecom_userid
U0,周总,admin,,,,
M1,李经理,manager,一组,U0,2001,
R1,王磊,rep,一组,M1,1001,
R2,陈静,rep,一组,M1,1002,
""",
    "customers.csv": """id,name,aliases,tier,industry,region,source,owner_id,created_at
C1,杭州明德食品集团有限公司,明德食品,A,食品,华东,老客户,R1,2026-10-01T10:00:00+08:00
C2,南京华信电子有限公司,华信电子,A,制造,华东,官网,R2,2026-10-30T10:00:00+08:00
C3,苏州恒通物流有限公司,恒通物流,B,物流,华东,老客户,R1,2026-10-01T10:00:00+08:00
C4,深圳安泰建材有限公司,安泰建材,C,制造,华南,官网,R2,2026-10-01T10:00:00+08:00
C5,成都远航软件有限公司,远航软件,B,软件,西南,展会,,2026-10-01T10:00:00+08:00
""",
    "contacts.csv": "id,customer_id,name,title,phone\n",
    "deals.csv": "id,customer_id,title,owner_id,amount,currency,expected_close,created_at\n",
    "deal_events.csv": "deal_id,at,stage,amount,by\n",
    "activities.csv": """id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date,status
A1,R1,C1,,visit,2026-11-01T10:00:00+08:00,初次拜访,发报价,2026-11-04,done
A3,R1,C3,,call,2026-11-02T09:00:00+08:00,电话沟通,,,done
P3,R1,C3,,visit,2026-11-03T10:00:00+08:00,带方案上门,,,planned
A4,R2,C4,,visit,2026-11-02T08:30:00+08:00,拜访,再约,2026-11-09,done
""",
    "targets.csv": "user_id,metric,start,end,value\n",
    "contracts.csv": """id,customer_id,deal_id,owner_id,title,amount,currency,signed_on
K1,C2,,R2,华信一期,3000,CNY,2026-10-20
K2,C1,,R1,明德试点,500,CNY,2026-10-21
""",
    "installments.csv": """contract_id,due_on,amount
K1,2026-11-05,1000
K1,2026-11-12,2000
K2,2026-11-08,500
""",
    "payments.csv": """id,contract_id,received_on,amount,by
HK1,K1,2026-11-04,1000,R2
""",
}


def load_team(engine: Engine, tmp: Path, rows: dict[str, str] | None = None) -> None:
    """Import TEAM (with `rows` replacing files) into `engine`."""
    import_files(engine, tmp / f"bundle-{uuid.uuid4().hex[:6]}", {**TEAM, **(rows or {})}, TZ)


def team_settings(*, digest: bool = False, return_after_days: int = 7, warn_days: int = 2, max_private: int = 3,
                  escalate_after_days: int = 2, language: str = "zh") -> Settings:
    """Reminders at 08:00, escalation after 2 days; pool: back after 7 days, warned 2 days before, cap 3."""
    s = Settings()
    s.org.language = language
    s.reminders = ReminderSettings(time="08:00", escalate_after_days=escalate_after_days)
    s.pool = PoolSettings(return_after_days=return_after_days, warn_days=warn_days, max_private=max_private)
    s.digest.time = "08:30"
    s.digest.days = ["mon", "tue", "wed", "thu", "fri"]
    s.digest.targets = [DigestTarget(channel="telegram", chat="-1001")] if digest else []
    s.nudge.enabled = False
    return s


def at(day: str, hhmm: str = "09:00") -> datetime:
    """A local time of the fortnight: at("11-03", "09:45")."""
    return datetime.fromisoformat(f"2026-{day}T{hhmm}:00").replace(tzinfo=TZ)


def say(engine: Engine, settings: Settings, user: str, when: datetime, *, text: str = "",
        press: str | None = None) -> list[Reply]:
    """One message or button tap from `user` at `when`, through the dispatcher every channel uses."""
    disp = Dispatcher(engine, settings, clock=lambda: when)
    msg = InboundMessage(channel="terminal", external_id=uuid.uuid4().hex, chat_id=user, sender=user, text=text,
                         press=press, received_at=when)
    handled = disp.handle(msg)
    assert handled is not None
    return handled.replies


def summary(events) -> list[tuple]:
    """Events as sortable (job, to-or-customer) pairs."""
    return sorted((e.job, e.to or e.customer_id) for e in events)
