"""The CRM schema. Timestamps are UTC (`UTCDateTime`); each dated fact also stores its
calendar date in the org time zone (`*_on`) so metric queries filter and group on an index.
Money is stored as integer cents of the row's own currency (`amount_cents`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

ROLES = ("rep", "manager", "admin")

if TYPE_CHECKING:

    class _Table(SQLModel):
        """What the type checker sees: a `table=True` model carries its Core `Table`."""

        __table__: ClassVar[Table]
else:
    _Table = SQLModel


class User(_Table, table=True):
    __tablename__ = "users"
    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(index=True)
    role: str = Field(max_length=16)
    team: str | None = Field(default=None, index=True)
    manager_id: str | None = Field(default=None, foreign_key="users.id", index=True)
    telegram_id: str | None = Field(default=None, unique=True)
    wecom_userid: str | None = Field(default=None, unique=True)


class Customer(_Table, table=True):
    __tablename__ = "customers"
    __table_args__ = (Index("ix_customers_created_at", "created_at"),)
    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(index=True)
    aliases: str = ""  # '|'-separated
    tier: str | None = Field(default=None, index=True)
    industry: str | None = None
    region: str | None = None
    source: str | None = None
    owner_id: str | None = Field(default=None, foreign_key="users.id", index=True)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_on: date = Field(index=True)


class Contact(_Table, table=True):
    __tablename__ = "contacts"
    id: str = Field(primary_key=True, max_length=64)
    customer_id: str = Field(foreign_key="customers.id", index=True)
    name: str = Field(index=True)
    title: str | None = None
    phone: str | None = None
    email: str | None = None


class Deal(_Table, table=True):
    __tablename__ = "deals"
    __table_args__ = (Index("ix_deals_created_at", "created_at"),)
    id: str = Field(primary_key=True, max_length=64)
    customer_id: str = Field(foreign_key="customers.id", index=True)
    title: str = ""
    owner_id: str | None = Field(default=None, foreign_key="users.id", index=True)
    amount_cents: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    currency: str = Field(default="CNY", max_length=3)
    expected_close: date | None = Field(default=None, index=True)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_on: date = Field(index=True)


class DealEvent(_Table, table=True):
    """One step of a deal's stage history; `amount_cents` None = amount unchanged."""

    __tablename__ = "deal_events"
    __table_args__ = (
        Index("ix_deal_events_deal_at_stage", "deal_id", "at", "id", "stage"),  # a stage as of now, index-only
        Index("ix_deal_events_stage_on", "stage", "on_date"),
        Index("ix_deal_events_at", "at"),
        UniqueConstraint("deal_id", "at", "stage", name="uq_deal_events_key"),
    )
    id: int | None = Field(default=None, primary_key=True)
    deal_id: str = Field(foreign_key="deals.id")
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    on_date: date
    stage: str = Field(max_length=16)
    amount_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    by: str | None = Field(default=None, foreign_key="users.id")
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # why, for a `lost` event
    message_id: int | None = Field(default=None, foreign_key="inbound_messages.id")


ACTIVITY_STATUSES = ("done", "planned")


class Activity(_Table, table=True):
    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_on_user_kind", "occurred_on", "user_id", "kind", "status"),
        Index("ix_activities_customer_at", "customer_id", "occurred_at", "status"),
        Index("ix_activities_at", "occurred_at"),
        Index("ix_activities_user_on_kind", "user_id", "occurred_on", "kind", "status"),
        Index("ix_activities_status_on", "status", "occurred_on"),
    )
    id: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(foreign_key="users.id")
    customer_id: str = Field(foreign_key="customers.id")
    contact_id: str | None = Field(default=None, foreign_key="contacts.id")
    kind: str = Field(max_length=16)
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    occurred_on: date
    summary: str = ""
    next_step: str = ""
    followup_date: date | None = None
    status: str = Field(default="done", sa_column=Column(String(16), nullable=False, server_default="done"))
    message_id: int | None = Field(default=None, foreign_key="inbound_messages.id")


class Checkin(_Table, table=True):
    """A location a rep shared from the field (外勤签到), kept with the on-site visit it belongs to."""

    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_user_at", "user_id", "at"), Index("ix_checkins_at", "at"))
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    lat: float
    lon: float
    label: str = ""
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    # an undone visit frees its check-in (it may go with the visit logged again)
    activity_id: str | None = Field(default=None, sa_column=Column(
        String(64), ForeignKey("activities.id", ondelete="SET NULL"), nullable=True, index=True))
    message_id: int | None = Field(default=None, foreign_key="inbound_messages.id")


class Target(_Table, table=True):
    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("user_id", "metric", "start", "end", name="uq_targets_key"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id", index=True)
    metric: str = Field(max_length=32)
    start: date
    end: date
    value: float


class Contract(_Table, table=True):
    """A contract signed with a customer; `amount_cents` in the contract's own currency."""

    __tablename__ = "contracts"
    __table_args__ = (
        Index("ix_contracts_signed_on", "signed_on"),
        Index("ix_contracts_owner_signed", "owner_id", "signed_on"),
        Index("ix_contracts_customer", "customer_id"),
        Index("ix_contracts_deal", "deal_id"),
    )
    id: str = Field(primary_key=True, max_length=64)
    customer_id: str = Field(foreign_key="customers.id")
    deal_id: str | None = Field(default=None, foreign_key="deals.id")
    owner_id: str | None = Field(default=None, foreign_key="users.id")
    title: str = ""
    amount_cents: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    currency: str = Field(default="CNY", max_length=3)
    signed_on: date
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class Installment(_Table, table=True):
    """One step of a contract's payment plan: `amount_cents` due by `due_on`."""

    __tablename__ = "installments"
    __table_args__ = (
        Index("ix_installments_due", "due_on"),
        UniqueConstraint("contract_id", "due_on", name="uq_installments_key"),  # also the per-contract index
    )
    id: int | None = Field(default=None, primary_key=True)
    contract_id: str = Field(sa_column=Column(String(64), ForeignKey("contracts.id", ondelete="CASCADE"),
                                              nullable=False))
    due_on: date
    amount_cents: int = Field(sa_column=Column(BigInteger, nullable=False))


class Payment(_Table, table=True):
    """Money received on a contract, in the contract's currency; `by` = who logged it."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_contract_received", "contract_id", "received_on"),
        Index("ix_payments_received", "received_on"),
    )
    id: str = Field(primary_key=True, max_length=64)
    contract_id: str = Field(foreign_key="contracts.id")
    received_on: date
    amount_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
    by: str | None = Field(default=None, foreign_key="users.id")
    message_id: int | None = Field(default=None, foreign_key="inbound_messages.id")
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class InboundMessage(_Table, table=True):
    """Every message as received, stored before anything else happens."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_inbound_channel_external"),)
    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    external_id: str = Field(max_length=128)
    chat_id: str | None = None
    sender: str | None = None  # the channel's own id of the sender
    user_id: str | None = Field(default=None, foreign_key="users.id")
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    received_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    status: str = Field(default="received", max_length=16)  # received | done | refused | failed


class AuditEntry(_Table, table=True):
    """Who changed what, when, and from which message."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    user_id: str | None = Field(default=None, foreign_key="users.id")
    action: str = Field(max_length=32)  # create | update | delete | import
    entity: str = Field(max_length=32)
    entity_id: str = Field(max_length=64)
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
    message_id: int | None = Field(default=None, foreign_key="inbound_messages.id")


class ConversationState(_Table, table=True):
    """Pending questions and undo records, shared by every process serving the team."""

    __tablename__ = "conversation_state"
    __table_args__ = (Index("ix_conv_user_chat", "user_id", "chat_key", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    chat_key: str = Field(max_length=160)  # channel:chat
    kind: str = Field(max_length=16)  # pending | undo
    payload: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class OutboxItem(_Table, table=True):
    """An outbound message; `key` is unique so a send is queued once (digests, replies)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    channel: str = Field(max_length=32)
    chat: str = Field(sa_column=Column(Text, nullable=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))  # JSON of a typed reply
    status: str = Field(default="pending", max_length=16)  # pending | sending | sent | dead
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
