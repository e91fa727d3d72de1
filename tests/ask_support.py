"""A small hand-made bundle for the ask v2 tests (lists, rankings, comparisons), imported through
the bundle importer. Every expected value in the tests is counted by hand from the rows below
(the comments say how) or by plain SQL — never by the code under test.

Now is Friday 2026-11-20 18:00 +08:00. Teams: 东组 (李经理 M1: 王磊 R1, 陈静 R2), 南组 (赵经理 M2: 刘洋 R3);
周总 A0 is the admin."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.answering import AskResult, answer_question
from domain.settings import Settings
from tests.bundle_support import import_files

NOW = datetime.fromisoformat("2026-11-20T18:00:00+08:00")
SETTINGS = Settings()

FILES: dict[str, str] = {
    "users.csv": """id,name,role,team,manager_id,telegram_id,wecom_userid
A0,周总,admin,,,,
M1,李经理,manager,东组,A0,,
M2,赵经理,manager,南组,A0,,
R1,王磊,rep,东组,M1,,
R2,陈静,rep,东组,M1,,
R3,刘洋,rep,南组,M2,,
""",
    "customers.csv": """id,name,aliases,tier,industry,region,source,owner_id,created_at
C1,上海明德科技有限公司,明德科技,A,软件,华东,展会,R1,2026-03-01T10:00:00+08:00
C2,北京恒通物流有限公司,恒通物流,B,物流,华北,官网,R1,2026-11-10T10:00:00+08:00
C3,Acme Robotics Ltd,Acme,A,制造,华南,转介绍,R2,2026-05-01T10:00:00+08:00
C4,广州远航电子有限公司,远航电子,B,制造,华南,官网,R3,2026-06-01T10:00:00+08:00
C5,深圳华信软件有限公司,华信软件,C,软件,华南,展会,,2026-02-01T10:00:00+08:00
C6,杭州长青食品有限公司,长青食品,C,消费,华东,官网,R2,2026-01-10T10:00:00+08:00
""",
    "contacts.csv": """id,customer_id,name,title,phone
P1,C1,黎明,总经理,13800000001
P2,C1,张伟,采购经理,13800000002
P3,C3,Mary Walker,CTO,13900000003
P4,C4,邱建,总监,13700000004
""",
    "deals.csv": """id,customer_id,title,owner_id,amount,currency,expected_close,created_at
D1,C1,明德扩容项目,R1,500000,CNY,2026-11-30,2026-09-01T10:00:00+08:00
D2,C2,恒通年度采购,R1,200000,CNY,2026-12-20,2026-11-11T10:00:00+08:00
D3,C3,Acme platform,R2,300000,CNY,2026-11-25,2026-08-01T10:00:00+08:00
D4,C4,远航二期项目,R3,150000,CNY,2026-10-30,2026-07-01T10:00:00+08:00
D5,C1,明德服务续约,R1,80000,CNY,2026-10-31,2026-06-01T10:00:00+08:00
D6,C3,Acme support,R2,60000,CNY,2026-12-01,2026-09-01T10:00:00+08:00
D7,C4,远航设备采购,R3,400000,CNY,2026-11-28,2026-10-01T10:00:00+08:00
""",
    "deal_events.csv": """deal_id,at,stage,amount,by,reason
D1,2026-09-01T10:00:00+08:00,lead,,R1,
D1,2026-10-10T10:00:00+08:00,negotiation,,R1,
D2,2026-11-11T10:00:00+08:00,lead,,R1,
D3,2026-08-01T10:00:00+08:00,lead,,R2,
D3,2026-11-05T10:00:00+08:00,won,,R2,
D4,2026-07-01T10:00:00+08:00,lead,,R3,
D4,2026-10-15T10:00:00+08:00,lost,,R3,价格太高
D5,2026-06-01T10:00:00+08:00,lead,,R1,
D5,2026-10-20T10:00:00+08:00,won,,R1,
D6,2026-09-01T10:00:00+08:00,lead,,R2,
D6,2026-11-12T10:00:00+08:00,lost,,R2,选了竞品
D7,2026-10-01T10:00:00+08:00,proposal,,R3,
""",
    "activities.csv": """id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date,status
A1,R1,C1,P1,visit,2026-11-20T10:00:00+08:00,拜访明德谈扩容,带方案再去,2026-11-25,done
A2,R1,C2,,call,2026-11-19T15:00:00+08:00,电话恒通,,2026-11-18,done
A3,R1,C1,P2,call,2026-10-15T10:00:00+08:00,电话明德采购,,,done
A4,R2,C3,P3,visit,2026-11-17T10:00:00+08:00,visited Acme,,2026-11-27,done
A5,R2,C3,,meeting,2026-10-20T10:00:00+08:00,meeting with Acme,,,done
A6,R3,C4,P4,visit,2026-11-03T10:00:00+08:00,拜访远航,,2026-11-10,done
A7,R3,C4,,visit,2026-10-08T10:00:00+08:00,拜访远航,,,done
A8,R1,C1,,visit,2026-11-16T09:00:00+08:00,再访明德,,,done
A9,R2,C3,,call,2026-11-10T10:00:00+08:00,call Acme,,,done
A10,R1,C2,,visit,2026-11-24T10:00:00+08:00,去恒通,,,planned
A11,R2,C6,,call,2026-11-18T10:00:00+08:00,给长青打电话,,,planned
""",
    "targets.csv": "user_id,metric,start,end,value\n",
    "contracts.csv": """id,customer_id,deal_id,owner_id,title,amount,currency,signed_on
K1,C3,D3,R2,Acme platform,300000,CNY,2026-11-05
K2,C1,D5,R1,明德服务续约,80000,CNY,2026-10-20
K3,C4,,R3,远航维保,120000,CNY,2026-09-01
""",
    "installments.csv": """contract_id,due_on,amount
K1,2026-11-10,100000
K1,2026-12-31,200000
K2,2026-10-30,80000
K3,2026-12-01,120000
""",
    "payments.csv": """id,contract_id,received_on,amount,by
PY1,K1,2026-11-12,50000,R2
PY2,K2,2026-10-28,80000,R1
PY3,K3,2026-11-02,20000,R3
""",
}


def load(engine: Engine, folder: Path) -> None:
    """Write the bundle into `folder` and import it."""
    import_files(engine, folder, FILES, ZoneInfo("Asia/Shanghai"))


def ask(engine: Engine, question: str, asker: str) -> AskResult:
    return answer_question(engine, SETTINGS, question, asker, NOW)


def ids(res: AskResult) -> list[str]:
    return [str(r["id"]) for r in res.rows or []]


def pairs(res: AskResult) -> list[tuple[str, float | None]]:
    return [(p.label, p.value) for p in res.series or []]
