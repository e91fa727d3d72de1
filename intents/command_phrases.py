"""More ways to say the bot's commands, matched before the lexicon's COMMANDS: asking what is due
("what's due this week", "who do I need to follow up with today", "这周要跟进哪些客户") is the
follow-ups command (the conversation reads the period from the message itself), and asking to
claim in a sentence ("我要认领华辰", "帮我认领X", "I'd like to claim X") is claim X; "(我)认领了X" (said
after the fact) is taken as claiming X too — the bot confirms or says who owns it.

Patterns run on `normalize.fold`ed text (same length as the message); a claim's customer is group 2.
"""

from __future__ import annotations

import re

_WHEN_EN = r"(?:today|tonight|tomorrow|this week|next week|this month|(?:on |by )?(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
_WHO_EN = r"(?:customers?|clients?|accounts?|people|leads?|deals?)"
_WHEN_ZH = r"(?:今天|今日|明天|后天|本周|这周|这个星期|这星期|下周|下个星期|本月|这个月|月底前?|周[一二三四五六日天])"

COMMAND_PHRASES: list[tuple[str, re.Pattern]] = [
    ("followups", re.compile(
        r"\b(?:what'?s|what is|what are|anything|is anything|what do i have|what have i got)\s+(?:due|overdue)\b(?!\s+to\s+(?:close|sign))|"
        r"\bwho (?:do|should|must|shall) i (?:need to |have to |still need to )?(?:follow[- ]?up|call back|get back to|chase|contact)\b|"
        r"\bwho (?:needs?|is due for|are due for) (?:a )?follow[- ]?ups?\b|"
        rf"^\s*(?:any |my |the )?(?:follow[- ]?ups?|to-?dos?)\s+(?:due\s+|for\s+)?{_WHEN_EN}\s*[?.!]*\s*$|"
        rf"\b(?:what|which|any) (?:follow[- ]?ups?|{_WHO_EN}) (?:do i (?:have|need to follow)|should i follow|"
        r"(?:do )?i (?:need|have) to follow|(?:are )?due|to follow)\b"
    )),
    ("followups", re.compile(
        rf"^\s*(?:{_WHEN_ZH})?\s*(?:我)?(?:还)?(?:要|该|需要|得|应该)跟进(?!了|过)(?:的)?(?:哪些|哪几个|哪几家|哪个|哪家|谁|什么)|"
        rf"^\s*(?:{_WHEN_ZH})?\s*(?:我)?(?:还)?有(?:哪些|什么|谁|哪几个|哪几家)(?:客户)?(?:要|该|需要|待|得)跟进|"
        rf"^\s*(?:{_WHEN_ZH})?\s*(?:我)?(?:要|该|需要|得)(?:联系|回访)(?:哪些|谁|哪几个|哪几家)|到期的跟进|跟进到期"
    )),
    ("claim", re.compile(
        r"^\s*(?:(?:我要|我想|我来|帮我|请帮我|麻烦帮我|给我|请|我)\s*)?(认领)(?!过|的|了的|了吗|.*(?:哪些|哪个|多少|几个|几家|吗|[?？]))(?:了|一下|下)?\s*(.+?)\s*[。.！!?？]*\s*$"
    )),
    ("claim", re.compile(
        r"^\s*(?:i'?d like to|i would like to|i want to|i wanna|let me|can i|could i|may i|please|pls|i'?ll|i will)\s+"
        r"(claim)\s+(.+?)\s*[?.!]*\s*$"
    )),
]
