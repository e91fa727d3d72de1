"""Writing one message's settled records (conversation_resolve has checked and completed them) in the
caller's transaction: new customers, activities done (completing a plan they report) or planned, deals,
contracts with their payment plan, payments, contact details. Returns the undo entries, each with the
`show` dict its receipt line is rendered from (bot.receipts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection

from bot.plan_time import clock_time, plan_at
from domain.types import ActivityRecord, ContactRecord, ContractRecord, DealRecord, ParseResult, PaymentRecord
from storage import record_writes as writes
from storage import records
from storage.authority import Authority
from storage.finance import contract_balance


class Writer:
    """Writes the records of one message for `turn`, keeping ids an edit re-uses (`reuse`)."""

    def __init__(self, conn: Connection, turn: Any, *, message_id: int, audit_message_id: int, source: str,
                 reuse: dict | None = None) -> None:
        self.conn = conn
        self.turn = turn
        self.mid = message_id
        self.amid = audit_message_id
        self.source = source
        self.reuse = dict(reuse or {})
        self.org = turn.settings.org
        self.tz = self.org.tz
        self.entries: list[dict] = []
        self.customers: dict[str, dict] = {}
        self.created: set[str] = set()
        self.deal_of: dict[str, dict] = {}  # customer id -> the deal entry written by this message
        self.contract_of: dict[str, str] = {}  # customer id -> the contract written by this message

    # ---------- customers ----------

    def new_customers(self, parse: ParseResult, kept: list[dict]) -> ParseResult:
        """Create the customers the speaker agreed to (records naming one with no id); `kept` are
        customer entries of an edited message that stay (their customer is still used)."""
        for e in kept:
            self.entries.append(e)
            self.created.add(e["customer_id"])
        made: dict[str, str] = {}
        recs = [r.model_copy(deep=True) for r in parse.records]
        for r in recs:
            if r.customer_id is None and r.customer:
                if r.customer not in made and (same := self._same_name(r.customer)):
                    made[r.customer] = same  # created meanwhile (another answer to "create X?"): that one
                elif r.customer not in made:
                    made[r.customer] = records.create_customer(
                        self.conn, name=r.customer, owner_id=self.turn.uid, at=self.turn.now, tz=self.tz,
                        by=self.turn.uid, message_id=self.amid)
                    self.entries.append({"kind": "customer", "customer_id": made[r.customer], "created": True})
                    self.created.add(made[r.customer])
                r.customer_id = made[r.customer]
        return ParseResult(intent="log", records=recs, trace=list(parse.trace), engine=parse.engine)

    def _same_name(self, name: str) -> str | None:
        """The id of the one customer stored under exactly this name, when the speaker may write on it."""
        rows = [r for r in records.customers_matching(self.conn, name) if r["name"] == name]
        auth = Authority.of(self.conn, self.turn.uid)
        return rows[0]["id"] if len(rows) == 1 and auth.may_write_customer(rows[0]["owner_id"]) else None

    def customer(self, cid: str) -> dict:
        if cid not in self.customers:
            self.customers[cid] = records.customer_row(self.conn, cid) or {"id": cid, "name": cid, "owner_id": None}
        return self.customers[cid]

    def _show(self, line: str, cid: str, **kw: Any) -> dict:
        return {"type": line, "customer": self.customer(cid)["name"], "new_customer": cid in self.created, **kw}

    # ---------- records ----------

    def write(self, parse: ParseResult) -> list[dict]:
        for r in parse.records:
            if isinstance(r, ActivityRecord):
                self._activity(r)
            elif isinstance(r, DealRecord):
                self._deal(r)
            elif isinstance(r, ContractRecord):
                self._contract(r)
            elif isinstance(r, PaymentRecord):
                self._payment(r)
            elif isinstance(r, ContactRecord):
                self._contact(r)
        return self.entries

    def _contact_for(self, cid: str, r: ActivityRecord) -> tuple[str | None, bool]:
        found = records.find_contact(self.conn, cid, r.contact) if r.contact else None
        if r.contact_id:
            known = records.contact_row(self.conn, r.contact_id)
            if known is not None and known["customer_id"] == cid:
                return known["id"], False
            # a contact of another customer (the customer was edited): keep only a match at this one
            return (found["id"] if found else None), False
        if not r.contact:
            return None, False
        if found:
            return found["id"], False
        pid = records.create_contact(self.conn, customer_id=cid, name=r.contact, at=self.turn.now, by=self.turn.uid,
                                     message_id=self.amid)
        return pid, True

    def _contact_label(self, contact_id: str | None) -> str:
        c = records.contact_row(self.conn, contact_id) if contact_id else None
        if c is None:
            return ""
        return f"{c['name']}({c['title']})" if c["title"] else c["name"]

    def _activity(self, r: ActivityRecord) -> None:
        cid = r.customer_id
        assert cid is not None
        contact_id, contact_created = self._contact_for(cid, r)
        if contact_created:
            self.entries.append({"kind": "contact", "contact_id": contact_id, "created": True})
        day = r.date or self.turn.now.date()
        occurred = (plan_at(day, clock_time(r.summary or self.source), self.tz) if r.status == "planned"  # its clause's time
                    else records.activity_time(day, self.turn.now, self.tz))
        values = dict(kind=r.kind, occurred_at=occurred, occurred_on=occurred.astimezone(self.tz).date(),
                      contact_id=contact_id, summary=(r.summary or self.source)[:500], next_step=r.next_step or "",
                      followup_date=r.followup_date, message_id=self.mid)
        show = self._show(r.status, cid, kind=r.kind, contact=self._contact_label(contact_id), date=day,
                          followup_date=r.followup_date if r.status == "done" else None)
        plan = None
        if r.status == "done":
            plan = writes.planned_to_complete(self.conn, user_id=self.turn.uid, customer_id=cid, day=day, kind=r.kind)
        if plan is not None:
            entry = writes.complete_planned(self.conn, plan, values=values, by=self.turn.uid, at=self.turn.now,
                                            audit_message_id=self.amid)
            show["completed_plan"] = True
        else:
            aid = records.create_activity(
                self.conn, user_id=self.turn.uid, customer_id=cid, contact_id=contact_id, kind=r.kind,
                occurred_at=occurred, tz=self.tz, summary=values["summary"], next_step=values["next_step"],
                followup=r.followup_date, at=self.turn.now, message_id=self.mid,
                activity_id=self.reuse.pop("activity_id", None), audit_message_id=self.amid, status=r.status)
            entry = {"kind": "activity", "activity_id": aid, "created": True}
        self.entries.append({**entry, "show": show})

    def _cents(self, amount: float, said: str | None, into: str) -> int:
        cur = (said or self.org.currency).upper()
        if cur != into:
            amount = amount * self.org.rate(cur) / self.org.rate(into)
        return round(amount * 100)

    def _deal(self, r: DealRecord) -> None:
        cid = r.customer_id
        assert cid is not None
        cust = self.customer(cid)
        target = None if r.new or not r.deal_id else writes.deal_row(self.conn, r.deal_id)
        currency = target["currency"] if target else (r.currency or self.org.currency).upper()
        cents = None if r.amount is None else self._cents(r.amount, r.currency, currency)
        reused = self.reuse.pop("deal_id", None)
        res = records.apply_deal_update(
            self.conn, customer_id=cid, customer_name=cust["name"], user_id=self.turn.uid, stage=r.stage,
            amount_cents=cents, currency=currency, close_date=r.close_date, at=self.turn.now, tz=self.tz,
            message_id=self.mid, deal_id=reused, audit_message_id=self.amid, target=target, new=target is None,
            owner_id=cust.get("owner_id") or self.turn.uid, title=r.title, reason=r.lost_reason)
        res = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in res.items()}
        before = res.get("before")
        if isinstance(before, dict):
            res["before"] = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in before.items()}
        show = self._show("deal", cid, stage=res["stage"], amount_cents=res["amount_cents"],
                          currency=res["currency"], expected_close=res["expected_close"], lost_reason=r.lost_reason,
                          new_deal=res["created"], title=res.get("title"))
        entry = {"kind": "deal", **res, "show": show}
        self.deal_of[cid] = entry
        self.entries.append(entry)

    def _contract(self, r: ContractRecord) -> None:
        cid = r.customer_id
        assert cid is not None
        deal = self.deal_of.get(cid)
        deal_id = r.deal_id or (deal["deal_id"] if deal else None)
        stored = writes.deal_row(self.conn, deal_id) if deal_id else None
        currency = (r.currency or (stored["currency"] if stored else None) or self.org.currency).upper()
        if r.amount is not None:
            cents = self._cents(r.amount, r.currency or currency, currency)
        else:
            cents = int(stored["amount_cents"]) if stored else 0
        if cents <= 0:
            return  # a contract of no amount is no contract: nothing invented
        plan = [(i.due_on, self._cents(i.amount, r.currency or currency, currency))
                for i in r.installments if i.due_on is not None and i.amount is not None and i.amount > 0]
        # a part with no day said cannot be stored (installments.due_on is NOT NULL): shown as undated, never dropped silently
        undated = [self._cents(i.amount, r.currency or currency, currency)
                   for i in r.installments if i.due_on is None and i.amount is not None and i.amount > 0]
        owner = (stored or {}).get("owner_id") or self.customer(cid).get("owner_id") or self.turn.uid
        signed = r.signed_on or self.turn.now.date()
        title = (stored or {}).get("title") or self.customer(cid)["name"]
        entry = writes.create_contract(self.conn, customer_id=cid, deal_id=deal_id, owner_id=owner, title=title,
                                       amount_cents=cents, currency=currency, signed_on=signed, installments=plan,
                                       by=self.turn.uid, at=self.turn.now, message_id=self.amid)
        self.contract_of[cid] = entry["contract_id"]
        show = self._show("contract", cid, amount_cents=cents, currency=currency, signed_on=signed.isoformat(),
                          installments=[(d.isoformat(), c) for d, c in sorted(plan)], undated=undated)
        self.entries.append({**entry, "show": show})

    def _payment(self, r: PaymentRecord) -> None:
        cid = r.customer_id
        assert cid is not None
        kid = r.contract_id or self.contract_of.get(cid)
        contract = writes.contract_row(self.conn, kid) if kid else None
        if contract is None or r.amount is None:
            return
        currency = contract["currency"]
        cents = self._cents(r.amount, r.currency, currency)
        entry = writes.create_payment(self.conn, contract_id=kid, amount_cents=cents,
                                      received_on=r.received_on or self.turn.now.date(), by=self.turn.uid,
                                      at=self.turn.now, message_id=self.mid)
        balance = contract_balance(self.conn, kid, self.turn.now.date())  # as of today (METRICS.md)
        assert balance is not None  # the contract was read above, in this transaction
        show = self._show("payment", cid, amount_cents=cents, currency=currency, balance_cents=balance.balance_cents)
        self.entries.append({**entry, "show": show})

    def _contact(self, r: ContactRecord) -> None:
        cid = r.customer_id
        assert cid is not None
        known = records.contact_row(self.conn, r.contact_id) if r.contact_id else None
        if known is not None and known["customer_id"] != cid:
            known = None
        if known is None and r.name:
            known = records.find_contact(self.conn, cid, r.name)
        name = (known or {}).get("name") or r.name
        if not name:
            return
        details = {"title": r.title, "phone": r.phone, "email": r.email}
        entry = writes.save_contact_details(self.conn, customer_id=cid, contact=known, name=name, details=details,
                                            by=self.turn.uid, at=self.turn.now, message_id=self.amid)
        row = records.contact_row(self.conn, entry["contact_id"]) or {}
        show = self._show("contact", cid, name=name, title=row.get("title"), phone=row.get("phone"),
                          email=row.get("email"))
        self.entries.append({**entry, "show": show})
