"""Row checking for the bundle's finance files: contracts.csv, installments.csv, payments.csv.

Amounts are in the contract's currency (a payment and an installment take their contract's);
an installment plan may not add up to more than its contract's amount (refused, FILE:LINE)."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from storage.bundle_rows import Known, RowError, currency_of, opt, parse_cents, parse_date, ref, req


def _midnight(day: date, tz: tzinfo) -> datetime:
    """A deterministic creation time for an imported row (so a second import changes nothing)."""
    return datetime.combine(day, time(0, 0), tzinfo=tz)


def _money(cents: int) -> str:
    return f"{cents / 100:,.2f}"


def check_contract(row: dict[str, str], known: Known, tz: tzinfo) -> dict:
    customer = ref(req(row, "customer_id"), known.customers, "customer", "customer_id")
    deal = opt(row, "deal_id")
    if deal is not None:
        ref(deal, known.deals, "deal", "deal_id")
        owner_of = known.deal_customer.get(deal)
        if owner_of is not None and owner_of != customer:
            raise RowError(f"deal_id {deal!r} belongs to customer {owner_of}, not {customer}")
    signed = parse_date(req(row, "signed_on"), "signed_on")
    assert signed is not None
    cents = parse_cents(req(row, "amount"), "amount")
    assert cents is not None
    return {"id": req(row, "id"), "customer_id": customer, "deal_id": deal,
            "owner_id": ref(opt(row, "owner_id"), known.users, "user", "owner_id"),
            "title": row.get("title", "").strip(), "amount_cents": cents, "currency": currency_of(row),
            "signed_on": signed, "created_at": _midnight(signed, tz)}


def check_installment(row: dict[str, str], known: Known, tz: tzinfo) -> dict:
    contract = ref(req(row, "contract_id"), known.contract_amount, "contract", "contract_id")
    assert contract is not None
    due = parse_date(req(row, "due_on"), "due_on")
    assert due is not None
    cents = parse_cents(req(row, "amount"), "amount")
    assert cents is not None
    plan = dict(known.plan.get(contract, {}))
    plan[due] = cents
    total, amount = sum(plan.values()), known.contract_amount[contract]
    if total > amount:
        raise RowError(f"installments of contract {contract} add up to {_money(total)}, "
                       f"above its amount {_money(amount)}")
    return {"contract_id": contract, "due_on": due, "amount_cents": cents}


def check_payment(row: dict[str, str], known: Known, tz: tzinfo) -> dict:
    received = parse_date(req(row, "received_on"), "received_on")
    assert received is not None
    return {"id": req(row, "id"),
            "contract_id": ref(req(row, "contract_id"), known.contract_amount, "contract", "contract_id"),
            "received_on": received, "amount_cents": parse_cents(req(row, "amount"), "amount"),
            "by": ref(opt(row, "by"), known.users, "user", "by"), "created_at": _midnight(received, tz)}
