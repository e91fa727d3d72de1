"""An edit that changes nothing ("应该是谈判阶段" when it already is) says it is already so, in
the speaker's language, and writes nothing (real conversation, state table and SQL)."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.db import make_engine
from storage.models import Deal, DealEvent
from tests.test_bot_edits_in_words import chat, say  # noqa: F401  (the chat fixture)


def _deals(db_url):
    with make_engine(db_url).connect() as c:
        return (c.execute(select(func.count()).select_from(Deal)).scalar_one(),
                sorted(c.execute(select(DealEvent.stage)).scalars().all()))


def test_edit_to_the_same_value_is_already_so(chat, db_url):  # noqa: F811
    assert say(chat, "今天拜访了明德食品邱总 谈判中 报价60万").startswith("✅")
    before = _deals(db_url)
    r = say(chat, "应该是谈判阶段")
    assert r.startswith("已经是这样了"), r
    assert "didn't get" not in r and "没看懂" not in r
    r = say(chat, "stage should be negotiation")
    assert r.startswith("That's already so"), r
    assert _deals(db_url) == before
    assert say(chat, "应该是报价阶段").startswith("✏️")  # a real change still changes
    assert _deals(db_url) != before and "proposal" in _deals(db_url)[1]
