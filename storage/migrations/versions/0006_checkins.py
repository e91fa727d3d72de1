"""check-ins: locations reps share from the field, kept with their on-site visit

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", _S(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("label", _S(), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("activity_id", sa.String(64), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["message_id"], ["inbound_messages.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_checkins_user_at", "checkins", ["user_id", "at"], unique=False)
    op.create_index("ix_checkins_at", "checkins", ["at"], unique=False)
    op.create_index("ix_checkins_activity_id", "checkins", ["activity_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_checkins_activity_id", table_name="checkins")
    op.drop_index("ix_checkins_at", table_name="checkins")
    op.drop_index("ix_checkins_user_at", table_name="checkins")
    op.drop_table("checkins")
