"""The demo bundle generator: CONTRACT.md shape, valid references, believable histories,
determinism and scale; and that the bundle imports cleanly, twice."""

from __future__ import annotations

import csv
import hashlib
import subprocess
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from storage.demo_data import generate_bundle
from tests.conftest import REPO

TODAY = date(2026, 11, 20)
SHANGHAI = ZoneInfo("Asia/Shanghai")
CONTRACT_HEADERS = {
    "users.csv": "id,name,role,team,manager_id,telegram_id,wecom_userid",
    "customers.csv": "id,name,aliases,tier,industry,region,source,owner_id,created_at",
    "contacts.csv": "id,customer_id,name,title,phone,email",
    "deals.csv": "id,customer_id,title,owner_id,amount,currency,expected_close,created_at",
    "deal_events.csv": "deal_id,at,stage,amount,by,reason",
    "activities.csv": "id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date,status",
    "targets.csv": "user_id,metric,start,end,value",
    "contracts.csv": "id,customer_id,deal_id,owner_id,title,amount,currency,signed_on",
    "installments.csv": "contract_id,due_on,amount",
    "payments.csv": "id,contract_id,received_on,amount,by",
}
STAGE_RANK = {"lead": 0, "qualified": 1, "proposal": 2, "negotiation": 3, "won": 4, "lost": 4}
KINDS = {"visit", "call", "meeting", "demo", "message"}


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ts(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    assert dt.tzinfo is not None, value
    return dt


def problems(folder: Path, today: date, tz: ZoneInfo = SHANGHAI) -> list[str]:
    """Everything an importer would refuse, plus the generator's own promises."""
    out: list[str] = []
    end = datetime.combine(today + timedelta(days=1), time(0), tz)
    users = {u["id"]: u for u in rows(folder, "users.csv")}
    for u in users.values():
        if u["role"] not in ("rep", "manager", "admin"):
            out.append(f"user {u['id']} role {u['role']}")
        if u["manager_id"] and u["manager_id"] not in users:
            out.append(f"user {u['id']} manager {u['manager_id']}")
        if u["role"] == "rep" and (not u["team"] or users[u["manager_id"]]["role"] != "manager"):
            out.append(f"rep {u['id']} has no team or manager")
    for col in ("name", "telegram_id", "wecom_userid"):
        if len({u[col] for u in users.values()}) != len(users):
            out.append(f"users.{col} not unique")
    customers = {c["id"]: c for c in rows(folder, "customers.csv")}
    for c in customers.values():
        if c["owner_id"] and users.get(c["owner_id"], {}).get("role") != "rep":
            out.append(f"customer {c['id']} owner {c['owner_id']}")
        if c["tier"] not in "ABC" or not c["aliases"] or ts(c["created_at"]) >= end:
            out.append(f"customer {c['id']} tier/aliases/created")
    if len({c["name"] for c in customers.values()}) != len(customers):
        out.append("customer names not unique")
    contacts = {p["id"]: p for p in rows(folder, "contacts.csv")}
    for p in contacts.values():
        if p["customer_id"] not in customers or not (p["phone"].isdigit() and len(p["phone"]) == 11):
            out.append(f"contact {p['id']}")
    deals = {d["id"]: d for d in rows(folder, "deals.csv")}
    for d in deals.values():
        c = customers.get(d["customer_id"])
        if c is None or d["owner_id"] != c["owner_id"] or d["currency"] not in ("CNY", "USD"):
            out.append(f"deal {d['id']} customer/owner/currency")
        elif ts(d["created_at"]) < ts(c["created_at"]):
            out.append(f"deal {d['id']} created before its customer")
        date.fromisoformat(d["expected_close"])
    history: dict[str, list[dict[str, str]]] = defaultdict(list)
    for e in rows(folder, "deal_events.csv"):
        history[e["deal_id"]].append(e)
        if e["deal_id"] not in deals or e["by"] not in users:
            out.append(f"event of {e['deal_id']} deal/by")
    if set(history) != set(deals):
        out.append("deals without events or events without deals")
    for did, events in history.items():
        d = deals.get(did)
        if d is None:
            continue
        first = events[0]
        if first["stage"] in ("won", "lost") or not first["amount"] or first["at"] != d["created_at"]:
            out.append(f"deal {did} opening event")
        times = [ts(e["at"]) for e in events]
        ranks = [STAGE_RANK[e["stage"]] for e in events]
        if times != sorted(set(times)) or times[-1] >= end:
            out.append(f"deal {did} event times not increasing or after today")
        if ranks != sorted(ranks) or len(set(ranks)) != len(ranks):
            out.append(f"deal {did} stages go backwards: {[e['stage'] for e in events]}")
        amounts = [e["amount"] for e in events if e["amount"]]
        if amounts[-1] != d["amount"]:
            out.append(f"deal {did} amount {d['amount']} is not its last set amount {amounts[-1]}")
    last_at = None
    for a in rows(folder, "activities.csv"):
        at = ts(a["occurred_at"])
        c = customers.get(a["customer_id"])
        if a["user_id"] not in users or c is None or a["kind"] not in KINDS or not a["summary"]:
            out.append(f"activity {a['id']} user/customer/kind/summary")
            continue
        if a["status"] == "planned":
            day = at.astimezone(tz).date()
            if c["owner_id"] != a["user_id"] or not today - timedelta(days=7) <= day <= today + timedelta(days=16) \
                    or a["next_step"] or a["followup_date"] or at.astimezone(tz).weekday() >= 5:
                out.append(f"planned activity {a['id']} owner/day/follow-up")
            continue
        if a["status"] != "done":
            out.append(f"activity {a['id']} status {a['status']!r}")
        if a["contact_id"] and contacts.get(a["contact_id"], {}).get("customer_id") != a["customer_id"]:
            out.append(f"activity {a['id']} contact {a['contact_id']} is not of {a['customer_id']}")
        if at >= end or (last_at is not None and at < last_at):
            out.append(f"activity {a['id']} after today or out of order")
        if bool(a["next_step"]) != bool(a["followup_date"]) or (
                a["followup_date"] and date.fromisoformat(a["followup_date"]) <= at.astimezone(tz).date()):
            out.append(f"activity {a['id']} next step / follow-up")
        last_at = at
    out += finance_problems(folder, today, deals, history)
    for t in rows(folder, "targets.csv"):
        start, stop = date.fromisoformat(t["start"]), date.fromisoformat(t["end"])
        if users.get(t["user_id"], {}).get("role") != "rep" or t["metric"] != "won_amount" or stop < start \
                or start.day != 1 or (stop + timedelta(days=1)).day != 1 or float(t["value"]) <= 0:
            out.append(f"target {t}")
    return out


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for name in sorted(CONTRACT_HEADERS):
        h.update((folder / name).read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("demo")
    return folder, generate_bundle(folder, seed=7, today=TODAY)


def finance_problems(folder: Path, today: date, deals: dict, history: dict) -> list[str]:
    """One contract per won deal (its customer, owner, amount, currency, signed on the won
    date); a plan adding up to the contract; payments on known contracts, from signing to today,
    never above the contract."""
    out: list[str] = []
    won = {did: ev[-1]["at"][:10] for did, ev in history.items() if ev[-1]["stage"] == "won"}
    lost = [e for ev in history.values() for e in ev if e["stage"] == "lost"]
    if any(not e["reason"] for e in lost) or any(e["reason"] for ev in history.values() for e in ev
                                                 if e["stage"] != "lost"):
        out.append("a lost event without its reason, or a reason on another stage")
    contracts = {k["id"]: k for k in rows(folder, "contracts.csv")}
    if sorted(k["deal_id"] for k in contracts.values()) != sorted(won):
        out.append("contracts are not one per won deal")
    for k in contracts.values():
        d = deals.get(k["deal_id"])
        if d is None or (k["customer_id"], k["owner_id"], k["amount"], k["currency"], k["title"]) != \
                (d["customer_id"], d["owner_id"], d["amount"], d["currency"], d["title"]) \
                or k["signed_on"] != won.get(k["deal_id"]):
            out.append(f"contract {k['id']} does not match its won deal")
    plan: dict[str, int] = defaultdict(int)
    for i in rows(folder, "installments.csv"):
        plan[i["contract_id"]] += int(i["amount"])
        k = contracts.get(i["contract_id"])
        if k is None or int(i["amount"]) < 0 or i["due_on"] < k["signed_on"]:
            out.append(f"installment {i}")
    if any(plan[cid] != int(k["amount"]) for cid, k in contracts.items()):
        out.append("a payment plan does not add up to its contract")
    paid: dict[str, int] = defaultdict(int)
    for p in rows(folder, "payments.csv"):
        k = contracts.get(p["contract_id"])
        paid[p["contract_id"]] += int(p["amount"])
        if k is None or not k["signed_on"] <= p["received_on"] <= today.isoformat() or p["by"] != k["owner_id"]:
            out.append(f"payment {p['id']} contract/day/by")
    if any(paid[cid] > int(contracts[cid]["amount"]) for cid in paid if cid in contracts):
        out.append("a contract was paid more than its amount")
    return out


def test_headers_are_the_contract_columns(bundle):
    folder, _ = bundle
    for name, header in CONTRACT_HEADERS.items():
        with open(folder / name, encoding="utf-8") as f:
            assert f.readline().rstrip("\n") == header, name


def test_bundle_is_valid_and_believable(bundle):
    folder, counts = bundle
    assert problems(folder, TODAY) == []
    assert counts == {name.removesuffix(".csv"): len(rows(folder, name)) for name in CONTRACT_HEADERS}
    users = rows(folder, "users.csv")
    roles = Counter(u["role"] for u in users)
    assert roles["admin"] == 1 and roles["manager"] == 2 and 6 <= roles["rep"] <= 8
    assert len({u["team"] for u in users if u["role"] == "rep"}) == 2
    customers = rows(folder, "customers.csv")
    assert 100 <= len(customers) <= 140
    assert 5 <= sum(1 for c in customers if not c["owner_id"]) <= 30  # the public pool
    assert any(c["name"].isascii() for c in customers) and any("|" in c["aliases"] for c in customers)
    assert 1.5 <= counts["contacts"] / counts["customers"] <= 2.5
    done = [a for a in rows(folder, "activities.csv") if a["status"] == "done"]
    planned = [a for a in rows(folder, "activities.csv") if a["status"] == "planned"]
    assert 100 <= counts["deals"] <= 160 and len(done) == 1700 and len(planned) == 1700 // 60
    assert sum(1 for a in planned if ts(a["occurred_at"]).date() > TODAY) > len(planned) / 2
    # money: contracts for the won deals, some paid this month, some overdue
    payments = rows(folder, "payments.csv")
    assert counts["contracts"] >= 15 and counts["installments"] > counts["contracts"]
    assert sum(1 for p in payments if p["received_on"] >= "2026-11-01") >= 3
    paid = {(p["contract_id"]) for p in payments}
    due = {i["contract_id"] for i in rows(folder, "installments.csv") if i["due_on"] < TODAY.isoformat()}
    assert due - paid  # something is overdue: "哪些合同逾期" has an answer
    deals = rows(folder, "deals.csv")
    assert any(d["currency"] == "USD" for d in deals)
    final = {e["deal_id"]: e["stage"] for e in rows(folder, "deal_events.csv")}
    stages = Counter(final.values())
    assert stages["won"] >= 15 and stages["lost"] >= 8 and sum(stages[s] for s in ("lead", "qualified")) >= 10
    amounts_set_later = [e for e in rows(folder, "deal_events.csv") if e["amount"] and e["stage"] != "lead"]
    assert amounts_set_later  # some deals change amount on the way
    acts = done
    days = {ts(a["occurred_at"]).date() for a in acts}
    assert min(days) <= TODAY - timedelta(days=170) and max(days) == TODAY
    weekday_share = sum(1 for a in acts if ts(a["occurred_at"]).weekday() < 5) / len(acts)
    assert weekday_share > 0.9
    office = sum(1 for a in acts if 8 <= ts(a["occurred_at"]).hour < 19) / len(acts)
    assert office > 0.85
    assert Counter(a["kind"] for a in acts).keys() == KINDS
    assert sum(1 for a in acts if a["followup_date"]) > 300
    # one rep has gone quiet this week, so "who hasn't logged anything?" has an answer
    quiet = max(u["id"] for u in users if u["role"] == "rep")
    last_of_quiet = max(ts(a["occurred_at"]).date() for a in acts if a["user_id"] == quiet)
    assert TODAY - timedelta(days=12) < last_of_quiet <= TODAY - timedelta(days=5)
    # every rep has monthly targets covering the current month
    reps = {u["id"] for u in users if u["role"] == "rep"}
    current = {t["user_id"] for t in rows(folder, "targets.csv") if t["start"] == "2026-11-01"}
    assert current == reps


def test_same_seed_same_bundle_other_seed_other_bundle(tmp_path, bundle):
    folder, _ = bundle
    generate_bundle(tmp_path / "again", seed=7, today=TODAY)
    generate_bundle(tmp_path / "other", seed=8, today=TODAY)
    assert digest(tmp_path / "again") == digest(folder)
    assert digest(tmp_path / "other") != digest(folder)


def test_scales_and_sets_exact_activity_count(tmp_path):
    counts = generate_bundle(tmp_path, seed=3, today=date(2027, 3, 2), scale=4, activities=12_345)
    assert counts["customers"] == 480 and counts["activities"] == 12_345 + 12_345 // 60
    assert sum(1 for a in rows(tmp_path, "activities.csv") if a["status"] == "done") == 12_345
    reps = [u for u in rows(tmp_path, "users.csv") if u["role"] == "rep"]
    assert len(reps) == 14 and len({u["team"] for u in reps}) == 4
    assert problems(tmp_path, date(2027, 3, 2)) == []


def test_other_time_zone_writes_its_offsets(tmp_path):
    tz = "America/New_York"
    generate_bundle(tmp_path, today=date(2026, 11, 20), activities=800, tz=tz)
    offsets = {a["occurred_at"][-6:] for a in rows(tmp_path, "activities.csv")}
    assert offsets == {"-04:00", "-05:00"}  # six months span the end of daylight saving time
    assert problems(tmp_path, date(2026, 11, 20), ZoneInfo(tz)) == []


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError):
        generate_bundle(tmp_path, today=TODAY, scale=0)
    with pytest.raises(ValueError):
        generate_bundle(tmp_path, today=TODAY, activities=-1)


def test_nothing_is_dated_after_now(tmp_path):
    now = datetime(2026, 11, 20, 11, 30, tzinfo=SHANGHAI)
    generate_bundle(tmp_path, today=now.date(), now=now)
    stamps = [ts(r["occurred_at"]) for r in rows(tmp_path, "activities.csv") if r["status"] == "done"]
    days = [r["received_on"] for r in rows(tmp_path, "payments.csv")] + \
        [r["signed_on"] for r in rows(tmp_path, "contracts.csv")]
    assert max(days) <= now.date().isoformat()
    stamps += [ts(r["at"]) for r in rows(tmp_path, "deal_events.csv")]
    stamps += [ts(r["created_at"]) for r in rows(tmp_path, "customers.csv")]
    assert max(stamps) <= now
    assert any(s.astimezone(SHANGHAI).date() == now.date() for s in stamps)  # the morning has happened
    assert problems(tmp_path, now.date()) == []
    with pytest.raises(ValueError):
        generate_bundle(tmp_path, today=date(2026, 11, 21), now=now)


# ---------- through the importer ----------

def sorted_rows(folder: Path) -> dict[str, list[list[str]]]:
    out = {}
    for name in CONTRACT_HEADERS:
        with open(folder / name, encoding="utf-8", newline="") as f:
            got = list(csv.reader(f))
        out[name] = [got[0]] + sorted(got[1:])
    return out


def test_demo_bundle_imports_round_trips_and_reimports_unchanged(engine, bundle, tmp_path):
    from storage.bundle import export_bundle, import_bundle, table_fingerprint

    folder, counts = bundle
    imported = import_bundle(engine, folder, SHANGHAI)
    assert {k.removesuffix(".csv"): v for k, v in imported.items()} == counts
    with engine.connect() as c:
        before = table_fingerprint(c)
        won_on = c.execute(text("SELECT MAX(on_date) FROM deal_events WHERE stage = 'won'")).scalar_one()
    assert before["activities"] == counts["activities"] and before["deal_events"] == counts["deal_events"]
    assert before["payments"] == counts["payments"] and before["contracts"] == counts["contracts"]
    assert str(won_on) <= TODAY.isoformat()
    export_bundle(engine, tmp_path / "out", SHANGHAI)
    assert sorted_rows(tmp_path / "out") == sorted_rows(folder)  # every value stored as generated
    import_bundle(engine, folder, SHANGHAI)
    with engine.connect() as c:
        assert table_fingerprint(c) == before
    export_bundle(engine, tmp_path / "again", SHANGHAI)
    assert sorted_rows(tmp_path / "again") == sorted_rows(folder)


def demo_context(db_url: str, now: datetime):
    from bot.context import AppContext
    from domain.settings import load_settings

    return AppContext(settings=load_settings(str(REPO / "settings.toml")), db_url=db_url, fixed_now=now)


def test_run_demo_fills_an_empty_database_then_refuses(db_url):
    from bot.context import UserError
    from bot.demo_command import run_demo

    now = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)
    ctx = demo_context(db_url, now)
    summary = run_demo(ctx, seed=7, force=False)
    assert "1,700 activities" in summary and "(28 planned)" in summary and "--as M01" in summary and "salesbot chat --as R01" in summary
    with ctx.engine.connect() as c:
        users = c.execute(text("SELECT COUNT(*) FROM users")).scalar_one()
        last = c.execute(text("SELECT MAX(occurred_on) FROM activities WHERE status = 'done'")).scalar_one()
        nov = c.execute(text("SELECT COUNT(*) FROM payments WHERE received_on >= '2026-11-01'")).scalar_one()
        pool = c.execute(text("SELECT COUNT(*) FROM customers WHERE owner_id IS NULL")).scalar_one()
    assert users == 10 and str(last) == "2026-11-20" and pool > 0
    assert nov >= 3  # "本月回款多少" has an answer
    with pytest.raises(UserError, match="already has 10 users"):
        run_demo(ctx, seed=7, force=False)
    run_demo(ctx, seed=7, force=True)  # same seed and clock: the same rows again
    with ctx.engine.connect() as c:
        assert c.execute(text("SELECT COUNT(*) FROM activities WHERE status = 'done'")).scalar_one() == 1700
    ctx.engine.dispose()


def test_demo_command_line(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    cmd = [str(REPO / ".venv" / "bin" / "salesbot"), "--db", db, "--now", "2026-11-20T18:00:00+08:00", "demo"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "Demo team created" in first.stdout and "salesbot ask" in first.stdout
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert second.returncode == 1 and "already has" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1 and "Traceback" not in second.stderr
