"""Business cards read offline: fields right and seconds per card, on cards drawn with PIL in
Chinese and English (as tests/test_cards.py draws them), JPEG like a phone sends, and the first
card of each language also as a 3600 px photo (timed with the rest).

    .venv/bin/python bench/bench_cards.py [ROUNDS]
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from bot.cards import read_card  # noqa: E402
from tests.test_cards import EN_CASES, ZH_CASES, _card  # noqa: E402

FIELDS = ("name", "title", "company", "mobile", "phone", "email", "address")


def main(rounds: int = 3) -> None:
    t = time.perf_counter()
    read_card(_card([("warm up", 30)]))
    print(f"engine load + first read: {time.perf_counter() - t:.2f} s")
    for lang, cases in (("zh", ZH_CASES), ("en", EN_CASES)):
        right = total = 0
        seconds: list[float] = []
        for _why, raw, want in cases:
            photo = _card([(text, min(int(h), 56)) for text, h in raw])
            for _ in range(rounds):
                reading = read_card(photo)
                seconds.append(reading.seconds)
            got = reading.fields.as_dict()
            for key in FIELDS:
                if key in want:
                    total += 1
                    right += got[key] == want[key] or (key in ("phone", "mobile") and want[key] and got[key]
                                                        and got[key].replace(" ", "") == want[key].replace(" ", ""))
        big = Image.open(io.BytesIO(_card([(t, min(int(h), 56)) for t, h in cases[0][1]])))
        buf = io.BytesIO()
        big.resize((big.width * 4, big.height * 4)).save(buf, format="JPEG", quality=88)  # a phone's 12 MP photo
        for _ in range(rounds):
            seconds.append(read_card(buf.getvalue()).seconds)
        seconds.sort()
        print(f"{lang}: {len(cases)} cards, fields right {right}/{total}, seconds per card median "
              f"{statistics.median(seconds):.2f}, max {seconds[-1]:.2f} ({len(seconds)} reads)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
