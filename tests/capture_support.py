"""A small directory of customers and contacts (other names than the dev fixture) and a
checker that compares a parse with expectations the way the evaluation does."""

from __future__ import annotations

from intents.directory import ContactRecord, CustomerRecord, Directory

CUSTOMERS = [
    ("K01", "上海华龙精密机械有限公司", "华龙机械", "R1"),
    ("K02", "北京华龙传媒股份有限公司", "华龙传媒", "R2"),
    ("K03", "深圳蓝海供应链有限公司", "蓝海供应链", "R1"),
    ("K04", "杭州蓝海网络科技有限公司", "蓝海网络", "R1"),
    ("K05", "广州青松药业集团有限公司", "青松药业", None),
    ("K06", "成都金石环保科技有限公司", "金石环保", "R2"),
    ("K07", "Blue Harbor Analytics Inc", "Blue Harbor", "R1"),
    ("K08", "Pinecrest Foods Ltd", "Pinecrest Foods|Pinecrest", "R3"),
    ("K09", "Northstar Medical Ltd", "Northstar Medical|Northstar", "R1"),
    ("K10", "南京东方电气有限公司", "东方电气", "R3"),
    ("K11", "苏州瑞祥汽车零部件有限公司", "瑞祥汽车", "R1"),
    ("K12", "武汉瑞祥医药有限公司", "瑞祥医药", "R1"),
    ("K13", "天津海川物流有限公司", "海川物流", "R2"),
    ("K14", "重庆海川食品有限公司", "海川食品", "R3"),
    ("K15", "西安德信建设工程有限公司", "德信建设", "R1"),
    ("K16", "Redwood Capital Partners LLC", "Redwood Capital|Redwood", "R2"),
]
CONTACTS = [
    ("P01", "K01", "林志强", "总经理"), ("P02", "K01", "周敏", "采购经理"), ("P03", "K03", "黄海涛", "CTO"),
    ("P04", "K04", "宋佳怡", "运营总监"), ("P05", "K05", "许文博", "采购"), ("P06", "K07", "Emily Carter", "VP Ops"),
    ("P07", "K07", "Tom Baker", "IT"), ("P08", "K08", "Lucas Green", "CEO"), ("P09", "K09", "Sarah Johnson", "Buyer"),
    ("P10", "K11", "唐建国", "厂长"), ("P11", "K12", "马丽", "采购"), ("P12", "K13", "冯涛", "经理"),
    ("P13", "K10", "袁野", "总工"), ("P14", "K06", "欧阳明", "总经理"), ("P15", "K15", "付强", "项目经理"),
]


def directory() -> Directory:
    return Directory(
        [CustomerRecord(id=i, name=n, aliases=tuple(a.split("|")), owner_id=o) for i, n, a, o in CUSTOMERS],
        [ContactRecord(id=i, customer_id=c, name=n, title=t) for i, c, n, t in CONTACTS],
        colleagues=["王磊", "陈静", "Alice Wong"],
    )


def mismatches(got: dict, expect: dict) -> list[str]:
    """What differs between a contract object and an expectation (absent keys are not checked;
    a list gives the acceptable values; customer_id None also checks `customer`)."""
    out = []
    if "intent" in expect and got.get("intent") != expect["intent"]:
        out.append(f"intent {got.get('intent')!r} != {expect['intent']!r}")
    if "records" in expect:
        have = got.get("records") or []
        if [r.get("type") for r in have] != [r.get("type") for r in expect["records"]]:
            out.append(f"records {[r.get('type') for r in have]} != {[r.get('type') for r in expect['records']]}")
        else:
            for i, (want, rec) in enumerate(zip(expect["records"], have, strict=True)):
                out += [f"records[{i}].{m}" for m in _field_mismatches(rec, want)]
    for part in ("visit", "deal"):
        if part not in expect:
            continue
        want, have = expect[part], got.get(part)
        if want is None:
            if have is not None:
                out.append(f"{part} should be null: {have}")
            continue
        if have is None:
            out.append(f"{part} missing")
            continue
        out += [f"{part}.{m}" for m in _field_mismatches(have, want)]
    return out


_SETS = ("candidates", "deal_candidates")


def _field_mismatches(have: dict, want: dict) -> list[str]:
    """Fields of `have` that differ from `want` (a list is the acceptable values; candidate lists
    compare as sets; amounts within 0.5; installments as a list of {due_on, amount})."""
    out = []
    for key, value in want.items():
        actual = have.get(key)
        ok = actual in value if isinstance(value, list) and key not in (*_SETS, "installments") else actual == value
        if key in _SETS and value is not None:
            ok = sorted(actual or []) == sorted(value)
        if key == "amount" and value is not None and actual is not None:
            ok = any(abs(float(actual) - float(v)) < 0.5 for v in (value if isinstance(value, list) else [value]))
        if key == "installments":
            ok = sorted((i["due_on"] or "", round(i["amount"] or 0)) for i in actual or []) == \
                sorted((i["due_on"] or "", round(i["amount"] or 0)) for i in value or [])
        if not ok:
            out.append(f"{key} {actual!r} != {value!r}")
    return out


# ---------- a directory that also knows open deals, contracts owed and who sees whom ----------

DEALS = [  # (id, customer, title, stage, amount, owner)
    ("X1", "K01", "华龙二期扩产项目", "negotiation", 800000, "R1"),
    ("X2", "K01", "华龙设备维保", "proposal", 120000, "R1"),
    ("X3", "K05", "青松年度采购", "qualified", 300000, None),
    ("X4", "K09", "Northstar Maintenance", "proposal", 45000, "R1"),
    ("X5", "K15", "德信扩容项目", "negotiation", 660000, "R1"),
    ("X6", "K15", "德信系统升级", "lead", 90000, "R1"),
    ("X7", "K12", "瑞祥医药冷链项目", "proposal", 250000, "R1"),
]
CONTRACTS = [  # (id, customer, deal, title, amount, owed)
    ("H1", "K13", None, "海川物流仓储合同", 500000, 200000),
    ("H2", "K15", None, "德信一期合同", 300000, 100000),
    ("H3", "K15", None, "德信系统升级合同", 90000, 90000),
    ("H4", "K11", None, "瑞祥汽车合同", 80000, 0),
]
VIEWS = {"R1": frozenset({"R1"}), "R2": frozenset({"R2"}), "R3": frozenset({"R3"}),
         "M1": frozenset({"M1", "R1", "R2"}), "A1": None}


def records_directory() -> Directory:
    from intents.directory import ContractInfo, DealInfo
    return Directory(
        [CustomerRecord(id=i, name=n, aliases=tuple(a.split("|")), owner_id=o) for i, n, a, o in CUSTOMERS],
        [ContactRecord(id=i, customer_id=c, name=n, title=t) for i, c, n, t in CONTACTS],
        colleagues=["王磊", "陈静", "Alice Wong"],
        deals=[DealInfo(id=i, customer_id=c, title=t, stage=s, amount=a, owner_id=o) for i, c, t, s, a, o in DEALS],
        contracts=[ContractInfo(id=i, customer_id=c, deal_id=d, title=t, amount=a, owed=w)
                   for i, c, d, t, a, w in CONTRACTS],
        views=VIEWS,
    )
