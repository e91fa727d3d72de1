"""A small bundle with contracts, installments and payments, whose finance figures are worked
out by hand in tests/test_finance_metrics.py (now = Friday 2026-11-20 18:00 +08:00, USD = 7.2).

    A0 admin; M1 manager (East) over R1, R2; M2 manager (South) over R3.
    C1 (R1, tier A), C2 (R2, tier B), C3 (R3, tier A), C4 in the public pool.
"""

from __future__ import annotations

from pathlib import Path

from tests.bundle_support import write_files

FILES = {
    "users.csv": """id,name,role,team,manager_id,telegram_id,wecom_userid
A0,Ada,admin,,,,
M1,Mia,manager,East,A0,,
R1,Alice,rep,East,M1,,
R2,Bob,rep,East,M1,,
M2,Max,manager,South,A0,,
R3,Carol,rep,South,M2,,
""",
    "customers.csv": """id,name,aliases,tier,industry,region,source,owner_id,created_at
C1,Acme Retail,Acme,A,Retail,North,Web,R1,2026-01-05T10:00:00+08:00
C2,Bolt Energy,,B,Energy,South,Fair,R2,2026-01-05T10:00:00+08:00
C3,Cobalt Mining,,A,Mining,West,Web,R3,2026-01-05T10:00:00+08:00
C4,Delta Pool,,,,,,,2026-01-05T10:00:00+08:00
""",
    "contacts.csv": """id,customer_id,name,title,phone,email
P1,C1,黎总,总经理,13800001111,li@acme.example
P2,C2,Mr. Smith,CTO,,
""",
    "deals.csv": """id,customer_id,title,owner_id,amount,currency,expected_close,created_at
D1,C1,Acme rollout,R1,100000,CNY,2026-09-30,2026-08-01T10:00:00+08:00
""",
    "deal_events.csv": """deal_id,at,stage,amount,by,reason
D1,2026-08-01T10:00:00+08:00,lead,100000,R1,
D1,2026-09-15T10:00:00+08:00,won,,R1,
""",
    "activities.csv": """id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date,status
A1,R1,C1,P1,visit,2026-11-18T10:00:00+08:00,催款,,2026-11-25,done
A2,R1,C1,,call,2026-11-23T10:00:00+08:00,提醒付尾款,,,planned
""",
    "targets.csv": """user_id,metric,start,end,value
R1,won_amount,2026-11-01,2026-11-30,100000
""",
    "contracts.csv": """id,customer_id,deal_id,owner_id,title,amount,currency,signed_on
K1,C1,D1,R1,Acme rollout,100000,CNY,2026-09-15
K2,C2,,R2,Bolt licences,10000,USD,2026-11-05
K3,C3,,R3,Cobalt phase 2,200000,CNY,2026-11-19
K4,C1,,R1,Acme support,80000,CNY,2026-06-01
K5,C4,,,Delta trial,5000,CNY,2026-11-02
K6,C2,,R2,Bolt renewal,30000,CNY,2026-11-28
""",
    "installments.csv": """contract_id,due_on,amount
K1,2026-10-01,30000
K1,2026-11-15,30000
K1,2026-12-31,40000
K2,2026-11-10,5000
K3,2026-12-01,200000
K4,2026-07-01,80000
K5,2026-11-10,5000
""",
    "payments.csv": """id,contract_id,received_on,amount,by
P1,K1,2026-10-02,30000,R1
P2,K1,2026-11-18,10000,R1
P3,K2,2026-11-12,2000,R2
P4,K4,2026-07-01,80000,R1
P5,K3,2026-11-25,50000,R3
P6,K5,2026-11-20,1000,A0
""",
}


def write_finance_bundle(folder: Path, skip: tuple[str, ...] = ()) -> Path:
    return write_files(folder, FILES, skip)
