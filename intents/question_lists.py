"""List questions and customer lookups (METRICS.md "Lists"): which records a question asks to
see — deals, customers, activities, contacts, follow-ups, payments — read from the text by named
word rules (Chinese and English), with what was found besides (a customer, a contact, a rep).

The rules see the normalised text with known names and the period blanked; nothing of the
text reaches SQL: a `ListRequest` holds only keys, dates, ids and stored values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.types import Filters, Period
from intents.timegrammar import ZH_NUM, number


def _c(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


@dataclass
class ListRequest:
    """A list question: what is listed (`list`), which rows (`which`) and how they are narrowed."""

    list: str  # deals | customers | activities | contacts | followups | payments
    which: str
    period: Period | None = None
    filters: Filters = field(default_factory=Filters)
    customer_id: str | None = None
    contact_ids: tuple[str, ...] = ()
    contact_surname: str | None = None
    days: int | None = None
    stage: str | None = None
    limit: int | None = None
    reasons: bool = False  # lost deals shown with their reasons
    order: str | None = None  # 'amount': the biggest first (won or lost deals)
    place: str | None = None  # a city the customers' names carry ("北京的客户")


# ---------- words ----------

LIST_CUE = _c(r"哪些|哪几|哪(个|家|笔|单)(?!.{0,3}(最|第一))|有啥|有什么|都有谁|是哪些|列(出|一下|个|举)|清单|名单|明细|列表|详情|详细"
              r"|\b(list|show|which|what\s+(are|were)|who\s+(are|were)|give\s+me|tell\s+me)\b"
              r"|\bwhat\s+(deals|opportunities|opps|customers|accounts|clients|contracts|payments)\b")
DEAL_NOUN = _c(r"商机|单子|订单|项目|机会|(?<![买下签])单(?!价|位)|\b(deals?|opportunit(y|ies)|opps?)\b")
CUSTOMER_NOUN = _c(r"客户|公司|\b(customers?|accounts?|clients?|companies)\b")
WON_WORD = _c(r"赢(了|下)?|成交(了)?|签(了|下|成|约)|拿下|\b(won|win|closed[\s-]*won|signed|landed)\b")
LOST_WORD = _c(r"丢(了|掉)?|输(了|掉)?|没签成|\b(lost|lose|losses)\b")
REASON_WORD = _c(r"原因|为什么|为啥|理由|\b(why|reasons?)\b")
CLOSING_WORD = _c(r"要签|能签|可以签|会签|该签|预计|预期|将要|即将|快要|到期|要成交|能成交|有望|\b(closing|close|expected|due|set\s+to)\b")
BIGGEST = _c(r"最大|金额最高|最值钱|大单|\b(biggest|largest|top|highest[\s-]+value|most\s+valuable)\b")
STAGE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (_c(r"谈判|\bnegotiat"), "negotiation"), (_c(r"报价|方案|\bproposal"), "proposal"),
    (_c(r"需求确认|意向|\bqualif"), "qualified"), (_c(r"线索阶段|初步接触|\blead\s+stage"), "lead"),
]

POOL = _c(r"公海|无主|没有?(负责人|主人|owner)|\b(public\s+pool|unassigned|unowned|the\s+pool|pool)\b")
STALE = _c(r"(没(有)?人?|未|很久没|好久没|长期没|一直没|久未|多久没)(跟进|联系|跟|拜访|去|动|管)|沉睡|休眠|冷掉|\b(stale|dormant|neglected|gone\s+quiet)\b"
           r"|\b(not|n[o']t\s+been|no\s+one\s+has|nobody\s+has|haven'?t\s+been|hasn'?t\s+been)\s+(contacted|touched|followed\s+up|visited|called)\b|\bno\s+(activity|contact|follow[\s-]?ups?)\b"
           r"|\b(haven'?t|hasn'?t|have\s+not|has\s+not|didn'?t|did\s+not)\s+(i|we|you|they|he|she|anyone|anybody)?\s*(visited|contacted|called|touched|seen|talked\s+to|followed\s+up)\b")
NEW_DEAL = _c(r"(新建|新增|新开|新来|新进|新录|新加|新)(了)?(的)?(哪些|哪几个|什么)?(商机|单子|项目|机会)|\bnew\s+(deals?|opportunit(y|ies)|opps?)\b|(deals?|opportunit(y|ies))\s+(created|opened|added)")
NEW_WORD = _c(r"新(增|开发|建|加|来|进)?(了)?(的)?(哪些|几个|哪几个)?(客户|线索)|\bnew\s+(customers?|accounts?|clients?|leads?)\b|(customers?|accounts?)\s+(added|created)")
MINE = _c(r"我(的|名下|手上|手里|负责)(的)?(有)?(哪些|什么|几个|多少|几家)?(个|家)?(客户|公司)|\bmy\s+(customers?|accounts?|clients?)\b")

ACTIVITY_LOG = _c(r"(跟进|拜访|沟通|联系|活动|通话|电话|会议)(的)?(记录|历史|情况|明细)|记录|历史|来往|\b(activit(y|ies)|history|log|interactions?|touch\s*points?)\b")
ACTIVITY_RECORDS = _c(r"(跟进|拜访|沟通|活动|通话|电话|会议|演示)(的)?(记录|明细|日志|清单|列表)|\b(activity|visit|call|meeting)\s+(log|list|history|records?)\b")
ACTIVITY_NOUN = _c(r"跟进|拜访|活动|电话|会议|演示|\b(activit(y|ies)|visits|calls|meetings|demos)\b")
MEASURE = _c(r"量|次数|率|金额|额|\b(count|number|total|rate)\b")
SHOW = _c(r"看看|看一下|瞧瞧|给我看|调出|列出|\b(show|list|display|pull\s+up)\b")
LAST_TIME = _c(r"(上次|上一次|最近一次|最后一次|多久没|多久前).{0,10}(什么时候|哪天|几号|是哪天|是什么时候)?|\bwhen\s+(did|was|were)\b.{0,40}\blast\b|\blast\s+(visit|call|contact|meeting|activity)\b")
PASSIVE_STALE = _c(r"\bwho\s+(has\s*n[o']t|hasn't|have\s*n[o']t|haven't)\s+been\s+(contacted|visited|called|touched|followed\s+up)")
PAYMENT_COUNT = _c(r"(几|多少)笔(回款|款|收款|付款)?|\bhow\s+many\s+payments\b|\bnumber\s+of\s+payments\b")
TO_COLLECT = _c(r"有款要收|要回(的)?款|待回款|待收|要收(的)?(钱|款)|\b(money|payments?)\s+(due|to\s+collect)\b")
DID_WHAT = _c(r"干(了)?(啥|什么|些啥|些什么|嘛)|做(了)?(啥|什么|些啥|些什么|哪些事)|忙(了)?(啥|什么|些啥|些什么)|(跑|拜访|联系|跟进|见)(了)?(哪些|哪几家|哪几个|什么|谁)"
              r"|\bwhat\s+(did|has|have)\s+.{0,30}\b(do|done|been\s+(up\s+to|doing))\b|\bwhat\s+.{0,20}\bup\s+to\b")
CONTACT_NOUN = _c(r"联系人|对接人|都有谁|有哪些人|\bwho('s|\s+is|\s+are)\s+(at|our\s+contacts?\s+at)\b|\b(contacts?|people\s+at|who\s+do\s+we\s+know)\b")
CONTACT_DETAIL = _c(r"(电话|手机|号码|联系方式|职位|职务|头衔|title)(号)?(是)?(多少|什么|啥|几号)?|(怎么|如何)联系|\b(phone|number|mobile|cell|title|position|reach)\b")

FOLLOWUP_DUE = _c(r"(要|该|需要|得|待|计划|安排|准备)(去)?(跟进|拜访|联系|回访|跟)(哪些|哪几|谁|的客户|什么客户|什么)|(跟进|回访|拜访|联系|电话|会议)(的)?(计划|安排|任务|待办|日程)"
                  r"|(哪些|哪几个|哪家|什么)客户(要|该|需要|得)(跟进|拜访|联系|回访)|\bfollow[\s-]?ups?\s+(due|for|this|next|today|tomorrow|coming)\b"
                  r"|\b(who|which\s+customers?)\s+(do|should|must|need\s+to)\s+(i|we)\s+(need\s+to\s+|have\s+to\s+)?(follow[\s-]?up|call|visit|contact|chase)\b|\bdue\s+follow[\s-]?ups?\b|\bupcoming\b"
                  # the follow-ups said as the asker's to-do ("my follow-ups", "what's due today", "待跟进", "到期的跟进")
                  r"|\bmy\s+follow[\s-]?ups?\b|\bwhat('s|\s+is|\s+are)\s+due\b(?!\s+to\s+(close|sign))|到期的跟进|跟进到期|待跟进|我的跟进|跟进列表")
# a question that is only a noun phrase asks for those rows ("逾期没跟进的客户", "overdue follow-up customers")
NOUN_ENDED = _c(r"的(客户|公司|跟进|任务|商机|单子)\s*[?？。!！]*\s*$|\b(customers|accounts|clients|follow[\s-]?ups|tasks)\s*[?.!]*\s*$")
# no one else named: "今天干了啥" is the asker's own day
OTHERS = _c(r"谁|大家|团队|他们|她们|他|她|各|每|下属|手下|\b(who|team|everyone|everybody|they|he|she|reps|people)\b")
FOLLOWUP_OVERDUE = _c(r"逾期.{0,6}(跟进|回访|联系)|(该|应该)(跟进|回访|联系)(的)?(却|而|但)?(还)?(没|未)(有)?(跟进|回访|联系|跟|去)|(跟进|回访|联系).{0,8}(逾期|过期|超期|晚了|没按时)|\b(overdue|missed)\s+follow[\s-]?ups?\b|\bfollow[\s-]?ups?\b.{0,20}\b(overdue|miss(ed)?)\b")

PAYMENTS_RECEIVED = _c(r"(回款|到账|收款|进账)(明细|记录|清单|列表)|(收到|到账|进账)(了)?(哪些|哪几笔|什么)(回款|款|钱)?|(哪些|哪几笔)(回款|款|钱)(到账|收到|进账|回来)"
                       r"|(收|回)(了|到了)?(哪些|哪几笔|哪几|什么)(回款|款|钱)|(收|回)(了|到)?(谁|哪些客户|哪家|哪几家)的(回款|款|钱)"
                       r"|\bpayments?\s+(came|come|coming|have\s+come|that\s+came)\s+in\b|\b(which|what)\s+(money|cash)\s+(came\s+in|did\s+we\s+(get|receive|collect))\b"
                       r"|\b(payments?|collections?)\s+(received|list|details?|log)\b|\b(which|what)\s+payments?\b|\blist\s+(of\s+)?payments?\b")
OWED = _c(r"(谁|哪些|哪几|哪个|哪家)(客户|公司|合同)?.{0,4}(还)?欠|欠(着|了)?(我们|款|钱)|(还)?(没|未)(付清|付完|结清|回完|回款|付款)|(合同|contracts?).{0,8}(余额|尾款|未付|没付|欠款|未回)"
           r"|\b(who|which\s+(customers?|clients?|accounts?|contracts?))\s+(still\s+)?(owes?|owed|has\s+unpaid|have\s+unpaid|ha(s|ve)\s+(an\s+)?outstanding)\b"
           r"|\b(outstanding|unpaid|open)\s+(balances?|contracts?|invoices?|amounts?)\b|\bstill\s+owe")
# the contracts with money past due: asked by their installments (分期, 期款), payments, contracts or customers
_OVERDUE_ZH = r"合同|分期|期款|回款|款项|款|客户"
_OVERDUE_EN = r"contracts?|payments?|customers?|clients?|instal(l)?ments?|invoices?|bills?"
CONTRACTS_OVERDUE = _c(rf"(哪些|哪几|哪个|哪家|谁).{{0,8}}({_OVERDUE_ZH}).{{0,6}}(逾期|超期|拖欠|没按时)"
                       rf"|(逾期|超期|拖欠)(了)?(的|没回的|未回的|未付的|没付的)?({_OVERDUE_ZH})(有)?(哪些|哪几|明细|清单|名单|列表)"
                       rf"|\b(which|what|list|show)\b.{{0,20}}\b({_OVERDUE_EN})\b.{{0,20}}\b(overdue|late|past\s+due)\b"
                       rf"|\b(overdue|past[\s-]+due|late)\s+(contracts|payments|invoices|instal(l)?ments|bills)\b(?!.{{0,10}}(total|amount|how\s+much|sum))")

LOOKUP = _c(r"最近(怎么样|如何|咋样|情况|进展)|怎么样(了)?|咋样(了)?|如何(了)?|情况(如何|怎样|怎么样)?|近况|进展|状况|概况|动态|跟到哪(一步|了)"
            r"|\bhow('s|\s+is|\s+are)\b.{0,40}\b(doing|going|looking)\b|\bhow\s+are\s+things\b|\b(status|update|overview|summary)\s+(of|on|for)\b"
            r"|\bwhat'?s\s+(going\s+on|happening|new|up)\s+with\b|\btell\s+me\s+about\b")

_STALE_DAYS = _c(rf"(?P<n>{ZH_NUM}|\d+)\s*(?P<u>天|日|周|星期|礼拜|个月|月)|(?P<half>半个?月)|\b(?P<en>\d+|a|one|two|three|four|six)\s+(?P<eu>days?|weeks?|months?)\b|\bfortnight\b")
_EN_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6}


def own_doings(said: str, *, customer: bool, contact: bool, rep: bool) -> bool:
    """'今天干了啥' / 'what did (I) do today' naming no one: the asker asks about their own activities."""
    return bool(DID_WHAT.search(said)) and not (customer or contact or rep or OTHERS.search(said))


def stale_days(text: str) -> int | None:
    """N days from 'N天', '两周', '一个月', '3 weeks', 'a month' in a stale-customer question."""
    m = _STALE_DAYS.search(text)
    if not m:
        return None
    if m.group("half"):
        return 15
    if m.group(0).lower() == "fortnight":
        return 14
    if m.group("n"):
        n, unit = number(m.group("n")), m.group("u")
    else:
        n, unit = _EN_SMALL.get(m.group("en").lower()) or number(m.group("en")), m.group("eu").lower()
    if not n:
        return None
    per = 1 if unit[0] in "天日d" else 7 if unit[0] in "周星礼w" else 30
    return n * per if 0 < n * per <= 3650 else None


def deal_stage(text: str) -> str | None:
    for pattern, stage in STAGE_WORDS:
        if pattern.search(text):
            return stage
    return None


def read_list(said: str, *, customer: bool, contact: bool, rep: bool, counting: bool) -> ListRequest | None:
    """The list a question asks for, from its text (names and period blanked) and what was found in it:
    a customer, a contact, a rep. `counting`: the question asks how many (a metric, not a list)."""
    cue = bool(LIST_CUE.search(said))
    if customer and LOOKUP.search(said) and not (ACTIVITY_LOG.search(said) or CONTACT_NOUN.search(said)
                                                 or CONTACT_DETAIL.search(said) or counting):
        return ListRequest(list="customers", which="one")
    if contact and CONTACT_DETAIL.search(said) or (customer and CONTACT_NOUN.search(said) and not counting):
        return ListRequest(list="contacts", which="one" if contact else "customer")
    if FOLLOWUP_OVERDUE.search(said) and (cue or NOUN_ENDED.search(said)) and not counting:
        return ListRequest(list="followups", which="overdue")
    if CONTRACTS_OVERDUE.search(said) and not counting and not re.search(r"跟进|回访|follow", said, re.I):
        return ListRequest(list="payments", which="overdue")
    if OWED.search(said) and not counting and (cue or re.search(r"谁|\bwho\b", said, re.I)):
        return ListRequest(list="payments", which="balance")
    if PAYMENTS_RECEIVED.search(said) and not counting and (cue or re.search(r"明细|记录|清单|列表|\blist\b", said)):
        return ListRequest(list="payments", which="received")
    if FOLLOWUP_DUE.search(said) and not counting:
        return ListRequest(list="followups", which="due")
    if customer and LAST_TIME.search(said) and not counting:
        return ListRequest(list="activities", which="customer", limit=1)  # "上次拜访是什么时候": the latest one
    if customer and (ACTIVITY_LOG.search(said) or DID_WHAT.search(said)) and not counting:
        return ListRequest(list="activities", which="customer")
    if rep and (DID_WHAT.search(said) or (SHOW.search(said) and (ACTIVITY_LOG.search(said) or ACTIVITY_NOUN.search(said))
                                           and not MEASURE.search(said))) and not counting:
        return ListRequest(list="activities", which="rep")
    if ACTIVITY_RECORDS.search(said) and not counting:
        return ListRequest(list="activities", which="rep" if rep else "all")
    if PAYMENT_COUNT.search(said):
        return ListRequest(list="payments", which="received")  # "上个月有几笔回款": the list's row count
    if TO_COLLECT.search(said) and (cue or counting):
        return ListRequest(list="payments", which="balance")
    if DEAL_NOUN.search(said) and not counting:
        return _deal_list(said, cue)
    if LOST_WORD.search(said) and REASON_WORD.search(said) and not counting:
        return ListRequest(list="deals", which="lost", reasons=True)
    return _customer_list(said, cue, customer, counting)


def _deal_list(said: str, cue: bool) -> ListRequest | None:
    reasons = bool(REASON_WORD.search(said))
    big = BIGGEST.search(said)
    if LOST_WORD.search(said) and (cue or reasons or big):
        return ListRequest(list="deals", which="lost", reasons=True, order="amount" if big else None)
    if WON_WORD.search(said) and (cue or big) and not CLOSING_WORD.search(said):
        return ListRequest(list="deals", which="won", order="amount" if big else None)
    if not (cue or big):
        return None
    if NEW_DEAL.search(said) and not big:
        return ListRequest(list="deals", which="new")
    stage = deal_stage(said)
    which = "closing" if CLOSING_WORD.search(said) or WON_WORD.search(said) else "open"
    return ListRequest(list="deals", which="biggest" if big else which, stage=stage)


def _customer_list(said: str, cue: bool, customer: bool, counting: bool) -> ListRequest | None:
    if POOL.search(said) and (cue or CUSTOMER_NOUN.search(said) or counting):
        return ListRequest(list="customers", which="pool")  # "公海客户有多少": the list's row count answers it
    if MINE.search(said) and counting and not NEW_WORD.search(said):
        return ListRequest(list="customers", which="mine")  # "我名下有几个客户"
    if counting:
        return None
    if (STALE.search(said) and CUSTOMER_NOUN.search(said) and cue) or PASSIVE_STALE.search(said):
        return ListRequest(list="customers", which="stale", days=stale_days(said))
    if cue and CUSTOMER_NOUN.search(said) and deal_stage(said):
        return ListRequest(list="deals", which="open", stage=deal_stage(said))  # "customers in negotiation"
    if MINE.search(said) and not re.search(r"(多少|几)(个|家)?|how\s+many", said, re.I):
        return ListRequest(list="customers", which="mine")
    if NEW_WORD.search(said) and cue:
        return ListRequest(list="customers", which="new")
    if cue and CUSTOMER_NOUN.search(said) and not re.search(r"最|\b(most|best|top)\b|排名|第一", said, re.I):
        return ListRequest(list="customers", which="all")
    return None


COUNTING = _c(r"(?<![哪的])(多少|几)(个|家|位|条|笔|单|次)?(?!钱)|总数|数量|\bhow\s+many\b|\bnumber\s+of\b|\bcount\b")

# deals named by their coming close, with no list word ("下个月要签的单子", "deals closing next week"):
# with a period said, the list of deals expected to close then
CLOSING_DEALS = _c(r"(要|将要|快要|即将|准备|能|会|可以|预计|预期|有望|该)(签|成交|落地|关单|拿下|签约|签下)(下来)?的(单子|单|订单|商机|项目|合同|机会)"
                   r"|\b(deals?|opportunit(y|ies)|opps?)\s+(that\s+)?(are\s+|is\s+)?(closing|(will|should|to)\s+close|"
                   r"(expected|due|set|going|likely)\s+to\s+(close|sign|land))\b|\bclosing\s+(deals|opportunities|opps)\b")
