"""Which customer a business card's company names (bot.card_proposal.settle_customer): the stored name,
an alias or a short form (legal form and city dropped), only among customers the speaker may write on;
others' customers are 'hidden' (refused, nothing shown), no match is a new customer. zh and en."""

from __future__ import annotations

import pytest

from bot.card_proposal import core_name, settle_customer
from domain.settings import Settings
from storage.authority import Authority
from storage.db import make_engine
from tests.bot_support import load_team

# the test team (tests/bot_support.py): C1-C4, C6 are R01's, C5 is in the public pool; R02 owns none
CASES = [
    ("R01", "杭州明德食品集团有限公司", ("mine", "C1", "杭州明德食品集团有限公司")),  # the stored name
    ("R01", "明德食品有限公司", ("mine", "C1", "杭州明德食品集团有限公司")),  # alias + legal form
    ("R01", "杭州安泰教育科技有限公司", ("mine", "C3", "杭州安泰教育科技有限公司")),
    ("R01", "ACME ROBOTICS, INC.", ("mine", "C6", "Acme Robotics Inc.")),  # case, punctuation
    ("R01", "Acme Ltd", ("mine", "C6", "Acme Robotics Inc.")),  # alias Acme
    ("R02", "南京华信电子有限公司", ("mine", "C5", "南京华信电子有限公司")),  # the pool is anyone's to write
    ("R02", "杭州明德食品集团有限公司", ("hidden", None, None)),  # R01's: refused
    ("R02", "Acme Robotics Inc.", ("hidden", None, None)),
    ("M1", "明德建材", ("mine", "C2", "南京明德建材有限公司")),  # a manager writes on his reps' customers
    ("R01", "宁波远航物流有限公司", ("new", None, "宁波远航物流有限公司")),
    ("R01", "Blue Ocean Trading Co., Ltd.", ("new", None, "Blue Ocean Trading Co., Ltd.")),
    ("R01", None, ("none", None, None)),
    ("R01", "有限公司", ("none", None, None)),  # a legal form alone names nobody
]


@pytest.fixture
def engine(db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    return make_engine(db_url)


def test_settle_customer_cases(engine):
    with engine.connect() as conn:
        got = [(who, company, settle_customer(conn, Authority.of(conn, who), company)) for who, company, _ in CASES]
    assert got == [(who, company, want) for who, company, want in CASES]


@pytest.mark.parametrize(("name", "core"), [("宁波远航物流有限公司", "宁波远航物流"), ("明德食品集团", "明德食品"),
                                            ("Acme Robotics Inc.", "acmerobotics"), ("Blue Ocean Co., Ltd.", "blueocean")])
def test_core_name(name, core):
    assert core_name(name) == core
