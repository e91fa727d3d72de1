"""Messages that look like questions but ask for no stored number, and typo repair of metric words.

- A request to the bot to do something (write or send an email, remind the team, draft a quote):
  nothing to record and no data asked; declined with what the bot can do (`task`).
- A hypothetical or what-if ("如果降价10%能多签几单", "what if we cut prices"): no stored number
  answers it (`hypothetical`).
- A metric word misspelt ("拜方量" for 拜访量 by sound, "conversoin" for conversion by a swapped
  letter): `corrected` returns the question with the word repaired, for a second reading. The
  caller keeps that reading only when it is understood, so an unknown question never becomes a number.
"""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin
from rapidfuzz.distance import OSA

from intents.normalize import fold, normalize


def _c(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


# the things a request asks the bot to make or send
_TASK_OBJECT = (r"(邮件|信|函|消息|短信|微信|通知|报告|周报|月报|日报|方案|报价单?|合同|ppt|文案|总结|计划书?|纪要|提醒|"
                r"回复|文档|表格)")
# the request words open the message ("帮我给X写…", "please draft…"); a past verb (发了, sent) is a log
BOT_TASK = _c(
    r"^\W*(请|麻烦)?(你)?(能不能|能否|可不可以|可以|能)?(帮我|帮忙|替我|给我|请你|代我)"
    r"(?!看|查|列|算|统计|找|瞧|记|登记|录)[^了过，。,.]{0,14}?"
    r"(写|起草|草拟|拟|撰写|发|寄|做|整理|生成|准备|回复|翻译|润色)(?![了过])[^了过]{0,10}?" + _TASK_OBJECT
    + r"|^\W*(请|麻烦)?(你)?(帮我)?(提醒|通知|转告|告诉|催一下|催催)(一下)?(大家|全员|团队|全组|所有人|各位|销售们|同事们|他们|她们|组里)"
    r"|^\W*(please\s+)?((can|could|would|will)\s+you\s+(please\s+)?)?(write|draft|compose|send|email|e-mail|remind(?!\s+me\b)|notify|"
    r"tell|prepare|make|create|translate)\s+(me\s+)?(an?\s+|the\s+|my\s+)?([\w-]+\s+){0,3}?"
    r"(e-?mails?|letters?|messages?|notes?|reminders?|reports?|proposals?|quotes?|slides?|decks?|summary|the\s+team|everyone|"
    r"all\s+reps|my\s+team|to\s+\w+)\b"
)

# "if … would/can/how many": a condition with a consequence asked
HYPOTHETICAL = _c(
    r"(如果|假如|假设|假使|倘若|万一|(?<![主需只就还])要是)(?!.{0,3}(有|没有)?(哪些|多少|几)).{1,30}?"
    r"(会|能|可以|可能|将|该|要|多|少|怎样|怎么样|怎么办|如何|多少|几)"
    r"|\bwhat\s+if\b|\bif\s+we\b.{0,40}\b(would|could|will|can|how)\b|\bsuppose\b|\bsupposing\b|\bhypothetical(ly)?\b"
    r"|\bwhat\s+would\s+happen\b|\bwould\s+we\s+(win|sell|close|sign|get|lose|make)\b"
)


# a guess at an outcome still to come: who will be first, whether a target will be hit. METRICS.md counts what
# happened (and the pipeline expected to close: "下个月能签多少钱" stays a question), never who will win
_TOP_WORDS = r"(销冠|冠军|第一|最[多高好大强快棒]|倒数|垫底|最[少低差])"
PREDICTION = _c(
    rf"(谁|哪(个|位|家|一个|一位)\S{{0,4}}?).{{0,10}}(会|将|能|可能|有望|可以)(成为|是|拿到?|当上?|排)?.{{0,8}}{_TOP_WORDS}"
    rf"|(会|将|能)(成为|当上?|拿到?)(本月|下个?月|下季度|明年|今年)?(的)?{_TOP_WORDS}"
    r"|(能|会|可以)(不能|不会)?(完成|达成|达到|实现|冲到|冲刺到|超额完成|突破)(本月|本季度|今年|下个?月|下季度|年度|季度|月度)?(的)?(业绩)?(目标|任务|指标|kpi)"
    r"|(目标|任务|指标|kpi).{0,8}(能|会|可以)(不能|不会)?(完成|达成|达到|实现)"
    r"|(完成|达成)(目标|任务|指标)的?(可能性|希望|概率|几率|把握)|(预测|猜|估计)一?下?(谁|哪个|哪位)"
    r"|\b(who|which\s+\w+(\s+\w+)?)(\s+(will|is\s+going\s+to|are\s+going\s+to|would|might)|['’]ll)\b.{0,40}"
    r"\b(most|best|top|first|highest|biggest|fewest|least|lowest|worst|win|lead)\b"
    r"|\b(will|are|is|can)\s+(we|they|you|i|he|she|the\s+team|\w+)\s+(going\s+to\s+|be\s+able\s+to\s+)?(hit|make|reach|meet|beat|achieve|exceed|miss|top)"
    r"\s+(our|the|their|his|her|my|its|this\s+\w+'?s?)?\s*(\w+\s+)?(targets?|quotas?|goals?|plans?|numbers)\b"
    r"|\b(predict(ion)?|guess)\b"
    # who will leave or buy again: a guess about customers, not something that happened
    r"|(会|将|可能|要)(流失|跑单|丢掉|不续约|续约吗)|流失(风险|概率|预测)"
    r"|\b(will|would|might|likely\s+to|going\s+to)\s+(churn|leave\s+us|cancel|renew|not\s+renew|buy\s+again)\b|\bchurn\s+(risk|prediction|rate\s+next)"
)


def request_decline(text: str) -> str | None:
    """'task' for a request to the bot, 'hypothetical' for a what-if, 'prediction' for a guess at an
    outcome to come (who will be first, will we hit target), else None."""
    norm = normalize(text or "").lower()
    if BOT_TASK.search(norm):
        return "task"
    if HYPOTHETICAL.search(norm):
        return "hypothetical"
    if PREDICTION.search(norm):
        return "prediction"
    return None


# ---------- typo repair of metric words ----------

# Chinese metric words, repaired when written with a homophone of one of their characters
ZH_METRIC_WORDS = ("拜访", "跟进", "转化率", "赢率", "成交", "业绩", "销售额", "客单价", "商机", "管道", "回款", "应收",
                   "欠款", "逾期", "目标", "完成率", "达成率", "线索", "赢单", "输单", "签单", "电话", "演示")
# English metric words (six letters or more), repaired within one edit (two from eight letters)
EN_METRIC_WORDS = ("conversion", "visits", "revenue", "pipeline", "activities", "activity", "payments", "customers",
                   "meetings", "forecast", "weighted", "overdue", "receivables", "collected", "collections",
                   "followups", "attainment", "bookings")
_EN_WORD = re.compile(r"[a-z]{5,}")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def corrected(text: str) -> str | None:
    """The question with misspelt metric words repaired, or None when nothing was repaired."""
    norm = normalize(text or "").lower()
    out = _EN_WORD.sub(lambda m: _en_fixed(m.group(0)), _CJK_RUN.sub(lambda m: _zh_fixed(m.group(0)), norm))
    return out if out != norm else None


_ZH_SOUNDS = [(word, lazy_pinyin(word)) for word in ZH_METRIC_WORDS]


def _zh_fixed(run: str) -> str:
    sounds = lazy_pinyin(run)  # one syllable per character of a run of Chinese characters
    if len(sounds) != len(run):
        return run
    for word, sound in _ZH_SOUNDS:
        size = len(word)
        if word in run or not set(sound) <= set(sounds):
            continue
        for i in range(len(run) - size + 1):
            if sounds[i:i + size] == sound and sum(a != b for a, b in zip(run[i:i + size], word, strict=True)) == 1:
                run = run[:i] + word + run[i + size:]
                break
    return run


def _en_fixed(token: str) -> str:
    if token in EN_METRIC_WORDS:
        return token
    for word in EN_METRIC_WORDS:
        limit = 1 if len(word) < 8 else 2
        if abs(len(word) - len(token)) <= limit and OSA.distance(token, word) <= limit:
            return word
    return token


# ---------- names out of the asker's view ----------

def written_name(directory, text: str) -> bool:
    """A stored customer name (or its pinyin) is written in `text`, not only a sound-alike of one:
    only a name really written can be one the asker may not see ("上海天气" is no 上海天启)."""
    scan, romanized = getattr(directory, "_scan", None), getattr(directory, "_romanized", None)
    if scan is None or romanized is None:
        return True
    folded = fold(text)
    return bool(scan(folded, text) or romanized(folded, text))


def contacts_in_view(directory, contact_ids: tuple[str, ...], asker_id: str) -> tuple[tuple[str, ...], str | None]:
    """The named contacts the asker may see, and — when none of them is — the name said of one that
    is not (their customer is never named)."""
    wanted = set(contact_ids)
    found = [p for people in directory.contacts.values() for p in people if p.id in wanted]
    seen = tuple(p.id for p in found if directory.may_see(p.customer_id, asker_id))
    if seen or not found:
        return seen or contact_ids, None
    return (), found[0].name.strip()
