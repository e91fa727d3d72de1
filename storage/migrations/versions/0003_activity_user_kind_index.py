"""activities by (user, day, kind): a rep's or a team's counts of one kind ("visits") come
from the index alone

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

"""
from typing import Sequence, Union

from alembic import op


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_activities_user_on_kind", "activities", ["user_id", "occurred_on", "kind"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_activities_user_on_kind", table_name="activities")
