"""More ways to say the bot's commands, matched before the lexicon's COMMANDS: asking what is due
("what's due this week", "who do I need to follow up with today", "这周要跟进哪些客户") is the
follow-ups command (the conversation reads the period from the message itself), and asking to
claim in a sentence ("我要认领华辰", "帮我认领X", "I'd like to claim X") is claim X; "(我)认领了X" (said
after the fact) is taken as claiming X too — the bot confirms or says who owns it.

Releasing a customer to the public pool ("释放 华信", "把华信放回公海", "华信退回公海", "release Acme to the
pool", "/release Acme") is release X.

Patterns run on `normalize.fold`ed text (same length as the message); a claim's or a release's
customer is group 2.
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
    ("release", re.compile(
        r"^\s*(/release|释放|退回公海|放回公海)(?!.*(?:哪些|哪个|哪几|多少|吗|[?？]))\s*(?:了|一下|下)?\s*(?!$)(.+?)\s*(?:到公海|回公海|进公海)?\s*(?:吧|了)?\s*[。.!！]*\s*$"
    )),
    ("release", re.compile(
        r"^\s*(?:请|帮我|麻烦)?\s*(把)\s*(.+?)\s*(?:释放|退回|放回|扔回|还回)(?:到|进)?\s*(?:公海|公共池)\s*(?:里|去)?\s*(?:吧|了)?"
        r"\s*[。.!！]*\s*$"
    )),
    ("release", re.compile(
        r"^\s*()(?!本周|这周|上周|本月|这个月|上个月|上月|今天|昨天|哪些|哪个|有没有)([^？?吗呢哪的\s]{2,30}?)\s*(?:释放|退回|放回)(?:到)?"
        r"\s*公海\s*(?:吧)?\s*[。.!！]*\s*$"
    )),
    ("release", re.compile(
        r"^\s*(?:please\s+|pls\s+)?(release|return|put|send)\s+(.+?)\s+(?:back\s+)?(?:to|into|in)\s+(?:the\s+)?"
        r"(?:public\s+)?pool\s*[.!]*\s*$"
    )),
]
