"""contracts, installments and payments; activity status (done / planned); contact email;
the reason of a deal event

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString
# activity indexes that gain `status` as a trailing column (metric counts stay index-only)
_ACTIVITY_INDEXES = (
    ("ix_activities_on_user_kind", ["occurred_on", "user_id", "kind"]),
    ("ix_activities_customer_at", ["customer_id", "occurred_at"]),
    ("ix_activities_user_on_kind", ["user_id", "occurred_on", "kind"]),
)


def upgrade() -> None:
    with op.batch_alter_table("activities") as b:
        b.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="done"))
    for name, cols in _ACTIVITY_INDEXES:
        op.drop_index(name, table_name="activities")
        op.create_index(name, "activities", [*cols, "status"], unique=False)
    op.create_index("ix_activities_status_on", "activities", ["status", "occurred_on"], unique=False)
    with op.batch_alter_table("contacts") as b:
        b.add_column(sa.Column("email", _S(), nullable=True))
    with op.batch_alter_table("deal_events") as b:
        b.add_column(sa.Column("reason", sa.Text(), nullable=True))

    op.create_table(
        "contracts",
        sa.Column("id", _S(length=64), nullable=False),
        sa.Column("customer_id", _S(), nullable=False),
        sa.Column("deal_id", _S(), nullable=True),
        sa.Column("owner_id", _S(), nullable=True),
        sa.Column("title", _S(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", _S(length=3), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"]),
        sa.ForeignKeyConstraint(["deal_id"], ["deals.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_contracts_signed_on", "contracts", ["signed_on"], unique=False)
    op.create_index("ix_contracts_owner_signed", "contracts", ["owner_id", "signed_on"], unique=False)
    op.create_index("ix_contracts_customer", "contracts", ["customer_id"], unique=False)
    op.create_index("ix_contracts_deal", "contracts", ["deal_id"], unique=False)

    op.create_table(
        "installments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.String(64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contract_id", "due_on", name="uq_installments_key"),
    )
    op.create_index("ix_installments_due", "installments", ["due_on"], unique=False)

    op.create_table(
        "payments",
        sa.Column("id", _S(length=64), nullable=False),
        sa.Column("contract_id", _S(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("by", _S(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"]),
        sa.ForeignKeyConstraint(["by"], ["users.id"]),
        sa.ForeignKeyConstraint(["message_id"], ["inbound_messages.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_payments_contract_received", "payments", ["contract_id", "received_on"], unique=False)
    op.create_index("ix_payments_received", "payments", ["received_on"], unique=False)


def downgrade() -> None:
    op.drop_table("payments")
    op.drop_table("installments")
    op.drop_table("contracts")
    with op.batch_alter_table("deal_events") as b:
        b.drop_column("reason")
    with op.batch_alter_table("contacts") as b:
        b.drop_column("email")
    op.drop_index("ix_activities_status_on", table_name="activities")
    for name, cols in _ACTIVITY_INDEXES:
        op.drop_index(name, table_name="activities")
        op.create_index(name, "activities", cols, unique=False)
    with op.batch_alter_table("activities") as b:
        b.drop_column("status")
