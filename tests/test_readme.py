"""The README's first-run promises hold: the demo customers it names exist in the demo with the
owners it says (whatever day the demo is generated), and each short form it uses finds exactly
that customer; the commands it shows exist."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from bot.cli import COMMANDS
from storage.demo_data import generate_bundle
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
# short form said in the README → (stored name or None, owner id or None for the public pool)
DEMO_NAMES = {
    "南山培训": ("杭州南山培训有限公司", "R01"),
    "鼎盛汽车零部件": (None, "R01"),
    "远景电子": (None, "R01"),
    "百川软件": (None, "R01"),
    "Redwood Medical": (None, "R01"),
    "九州商贸": (None, None),
    "科华物流": (None, None),
}


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("today", [date(2026, 11, 20), date(2027, 3, 2)])
def test_the_demo_customers_the_readme_names_exist(tmp_path, today):
    generate_bundle(tmp_path, seed=7, today=today)
    customers = _rows(tmp_path, "customers.csv")
    for said, (stored, owner) in DEMO_NAMES.items():
        assert said in README
        fits = [c for c in customers if said in c["name"] or said in c["aliases"].split("|")]
        assert len(fits) == 1, (said, [c["name"] for c in fits])
        assert (fits[0]["owner_id"] or None) == owner, said
        if stored:
            assert fits[0]["name"] == stored
    contacts = {(p["customer_id"], p["name"]) for p in _rows(tmp_path, "contacts.csv")}
    nanshan = next(c["id"] for c in customers if c["name"] == "杭州南山培训有限公司")
    assert (nanshan, "黎涛") in contacts
    redwood = next(c["id"] for c in customers if "Redwood Medical" in c["name"])
    assert (redwood, "Daniel Wilson") in contacts


def test_every_start_sh_command_in_the_readme_is_a_salesbot_command():
    shown = re.findall(r"\./start\.sh ([a-z]+)", README)
    assert len(shown) >= 6
    assert set(shown) <= set(COMMANDS), set(shown) - set(COMMANDS)
