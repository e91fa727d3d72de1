"""Words that decide which records a clause makes, per language (data, compiled once).

Every table maps a language to word forms; `compile_words` joins them into one pattern that runs on
folded text (`intents.normalize.fold`: simplified, half-width, lower case). English forms are
word-bounded; Chinese forms are plain substrings.
"""

from __future__ import annotations

import re

Words = dict[str, tuple[str, ...]]


def compile_words(table: Words, flags: int = 0) -> re.Pattern:
    """One pattern for every form of every language (longest first; English word-bounded)."""
    parts = []
    for lang, forms in table.items():
        for f in sorted(forms, key=len, reverse=True):
            parts.append(_word_bounded(f) if lang == "en" else f)
    return re.compile("|".join(parts), flags)


def _word_bounded(form: str) -> str:
    """`form` with no letter before or after it. A form that starts with a plain letter checks the letter
    before it after its own first one (c(?<![a-z]c)…, the same match): a pattern whose forms all start with
    a plain character lets the regex engine skip to the places where one of them stands (speed only)."""
    first = form[:1]
    if first.isascii() and first.isalnum() and form[1:2] not in ("?", "*", "+", "{"):
        return rf"{first}(?<![a-z]{first}){form[1:]}(?![a-z])"
    return rf"(?<![a-z]){form}(?![a-z])"


# ---------- clauses ----------

# words that start a new clause inside a sentence (besides punctuation)
CLAUSE_JOINERS: Words = {
    "zh": ("然后", "另外", "接着", "之后又", "随后", "此外", "还有就是", "顺便"),
    "en": ("and then", "also", "then", "plus", "after that", "afterwards", "later"),
}

# ---------- tense ----------

# arrangements already made for later: their 了 is no past of the activity (约了下周一去)
ARRANGED: Words = {
    "zh": ("约了", "约好了", "约好", "定了", "定好了", "安排了", "说好了", "订了"),
    "en": ("scheduled", "booked", "set up", "arranged", "planned",
           r"(?:got|have|has|'ve got|'ve) (?:a |an |the )?(?:meeting|call|demo|visit|catch-?up|session)"),
}
# a clause about a future day or an intention
PLANNED: Words = {
    "zh": ("提醒我", "提醒一下", "记得", "别忘了", "准备", "计划", "打算", "将要", "要去", "得去", "想去", "明天", "明早",
           "明晚", "明儿", "后天", "大后天", "听日", "聽日", "听朝", "聽朝", "后日", "後日", "下周", "下星期", "下礼拜", "下个月", "下月", "下次", "改天", "过两天",
           "回头", "待会", "晚点", "稍后", "约在", "约好", "约了", "安排", "定在"),
    "en": ("remind me", "reminder", "will", "'ll", "going to", "gonna", "heading to", "on my way to", "on the way to", "plan to", "planning to", "planned", r"plans? for",
           r"(?:this|next) week'?s plan",
           "tomorrow", "next week", "next monday", "next tuesday", "next wednesday", "next thursday",
           "next friday", "scheduled", "booked", "need to", "have to", "to-do", "todo", "later this week",
           "upcoming", "set up", r"(?:got|have|has|'ve got|'ve) (?:a |an |the )?(?:meeting|call|demo|visit|catch-?up|session)"),
}
# a thing still to do, to the end of its clause (这周五之前把合同盖章寄回去, need to send them the signed
# contract): its 了 or "signed" is no past
OBLIGED_WORDS: Words = {
    "zh": (r"(?:之前|以前|前|要|得|需要|必须|赶紧|尽快|记得|别忘了)把.*",),
    "en": (r"(?:need|needs|have|has|got) to\b.*", r"must\b.*", r"gotta\b.*"),
}
OBLIGED = compile_words(OBLIGED_WORDS)
# a clause that tells of something done (or reported: the customer said so)
DONE: Words = {
    "zh": ("了", "咗", "过(?!去|来|两天|几天|一阵|会|方案|一下|一遍|报价|需求|合同|细节|流程)", "已经", "已", "刚刚", "刚才", "刚", "昨天", "前天", "上周", "上星期", "上礼拜", "说", "表示",
           "反馈", "来电", "来访", "来公司"),
    "en": (r"(?!(?:need|indeed|proceed|exceed|succeed|speed|feed|seed|red|bed|shed)\b)[a-z]{2,}ed", "met", "had", "went", "did", "saw", "spoke", "told", "said", "sent", "took", "got", "made",
           "gave", "ran", "brought", "caught", "came", "yesterday", "last week", "today", "this morning", "this am",
           "earlier today",
           "just now", "earlier"),
}
# an imperative at the start of an English clause: "call Acme Tuesday" is a plan when a day is given
IMPERATIVE_EN = re.compile(r"^\s*(?:please\s+)?(?:call|ring|phone|visit|meet|email|e-mail|see|demo|ping|text|"
                           r"follow up with|drop by|stop by)\b"
                           r"(?!\s+(?:call|with|meeting|went|was|is|had|today|yesterday|this morning)\b)")

# an activity that did not happen: no activity record
NEGATED_ACTIVITY_WORDS: Words = {
    "zh": (r"(?:没|没有|未|没能|不)(?:去成|能去|去|拜访|见到|见成|见|上门|打电话|打通电话|开成会|开会|演示成?|联系|沟通|跟进|"
           r"回访|通话|见面)(?!了吗)",
           r"(?:取消了|取消)(?:拜访|会议|见面|演示|行程)", r"(?:去(?!年)|拜访|会议|见面|演示|行程).{0,12}?(?:被|临时)?取消了?", r"(?:那边|他们|客户|对方)(?:临时|又|突然)?取消了",
           r"放了?(?:我们|我)?(?:的)?鸽子", r"(?:没|没有)(?:来|到场|出现|露面)(?!得及|电|过|访)"),
    "en": (r"(?:hasn'?t|haven'?t|has not|have not|didn'?t|did not)\s+(?:yet\s+)?(?:replied|responded|answered|"
           r"got(?:ten)? back|called back|returned (?:my|our) call)",
           r"no (?:news|reply|response|answer|word) from",
           r"(?:didn'?t|did not|couldn'?t|could not|never|wasn'?t able to|weren'?t able to)\s+(?:get to\s+|manage to\s+)?"
           r"(?:go|visit|meet|call|see|make it|demo)",
           r"(?:cancell?ed|called off)\s+(?:\S+\s+){0,2}?(?:visit|meeting|call|demo|trip)",
           r"(?:visit|meeting|demo|call|trip)\b.{0,30}?\b(?:(?:was|got|is|has been)\s+)?(?:cancell?ed|called off)",
           r"(?:didn'?t|did not|never|failed to)\s+(?:show|turn)\s+up", r"\bno[- ]show", r"\bstood\s+(?:me|us)\s+up"),
}
NEGATED_ACTIVITY = compile_words(NEGATED_ACTIVITY_WORDS)

# news of waiting, with nothing done: no activity (还在考虑, 项目暂停了, still thinking, on hold)
NO_NEWS_WORDS: Words = {
    "zh": ("还在考虑", "在考虑中", "考虑一下", "没什么进展", "没有进展", "没进展", "暂停了?", "搁置了?", "停滞", "还没签", "还没定",
           "没消息", "没动静", "等通知", "等消息", "搬家了?", "搬迁", "新地址"),
    "en": (r"still (?:thinking|deciding|considering|evaluating|waiting)", "on hold", "no progress", "not signed yet",
           r"hasn'?t signed", "no update", r"waiting (?:on|for) them", "nothing new", "moved office", "new address",
           r"(?:went|gone|going|has gone) (?:cold|quiet|dark|silent)", "ghosted", r"no (?:reply|response|answer)\b"),
}
NO_NEWS = compile_words(NO_NEWS_WORDS)
# a person who left the customer: news of them, no activity (the bot may retire the contact)
CONTACT_LEFT = compile_words({"zh": ("离职了?", "辞职了?", "不在那边了", "调走了"),
                              "en": ("left the company", "has left", "no longer with", "quit", "resigned", "left")})
# what the customer said or answered: the rep talked to them (a done activity even without a kind word)
REPORTED: Words = {
    "zh": ("说", "表示", "反馈", "答复", "回复", "告诉", "提到", "问", "要求", "希望", "同意", "确认", "答应", "来电"),
    "en": ("said", "says", "told", "asked", "replied", "mentioned", "confirmed", "agreed", "wants", "feedback"),
}
# an activity the customer asked for (约个演示, asked for a demo): on a day ahead, with nothing else done, a plan
REQUESTED_ACTIVITY: Words = {
    "zh": (r"(?:要求|想约|希望|想|请我们|让我们|约我们|邀请我们|邀请)(?:再|安排|我们)?(?:来|去|过去|上门)?(?:做|开|搞|约)?"
           r"(?:一次|一场|一个|个|次)?(?:产品|现场|线上|上门)?(?:演示|demo|会议|会|拜访|参观|交流|见面)",),
    "en": (r"(?:asked|asks|asking) (?:us )?for (?:a |an |another |the )?(?:[a-z-]+ )?(?:demo|meeting|call|visit|presentation|walkthrough)",
           r"(?:wants?|requested|would like|'d like)(?: to (?:have|set up|book|schedule))? (?:a |an |another )(?:[a-z-]+ )?"
           r"(?:demo|meeting|call|visit|presentation|walkthrough)"),
}
# the customer's word that they will come to us (周总说下周三来公司, she said they'll come by Friday): on a
# day ahead, with nothing else done, a planned meeting
COMING_OVER: Words = {
    "zh": (r"(?:说|表示|讲|答应)[^，。；;]{0,12}?(?:来公司|来我司|来我们公司|来我们这边?|过来|来参观|来拜访|来访|来一趟)",),
    "en": (r"(?:said|says|told us|mentioned|promised)[^,.;]{0,30}?(?:will|'ll|would|'d|are going to|is going to|to) "
           r"(?:come|drop|stop|swing|pop) (?:by|over|in|round|around|to our office|to visit)",),
}
# the customer arriving at our place (来公司 / come by): a past marker of a report ("来公司了"), but set at a
# time still to come today (今天上午10点来公司) the planned meeting
ARRIVING: Words = {
    "zh": ("来公司", "来我司", "来我们公司", r"来我们这边?", "来厂里", "来访", r"(?<![发寄传送带拿递交打话])过来", "来参观", "来拜访",
           "来一趟"),
    "en": (r"(?:come|coming|comes|drop|dropping|stop|stopping|swing|swinging|pop|popping) "
           r"(?:by|over|in|round|around|to our office|to visit)",),
}
# a contact's word on the deal (邱总说下个月要扩容, david said …): with no activity word, they are its source
WORD_OF_WORDS: Words = {
    "zh": ("说", "表示", "提到", "透露"),
    "en": ("said", "says", "told", "mentioned"),
}
WORD_OF = compile_words(WORD_OF_WORDS)

# ---------- money ----------

# which part of the money (the 2nd payment, the third installment, 第二笔 / 第三期): a part of a payment plan.
# 第N期 alone may be a phase of a project (第二期设备到了), so it is money only with 款 / 钱 / a sum or nothing after it
_ORDINAL_EN = r"(?:first|second|third|fourth|fifth|final|last|next|[1-9](?:st|nd|rd|th))"
_ORDINAL_ZH = (r"第[一二三四五六七八九十0-9]+(?:笔|期(?=款|的?钱|\s*[0-9一二三四五六七八九十两]|[，,。；;！!？?\s]|$|"
               r"(?:已经|今天|昨天|也|都)?(?:收到了|进来了|打过来了|转过来了|汇过来了)))")
# money received (a payment), in any phrasing
PAYMENT_RECEIVED_WORDS: Words = {
    "zh": ("回款", "到账", "到帐", r"收到.{0,12}?(?:款|钱|(?<![免浪花消经])费|首付|尾款|定金|订金|预付)", "收款", "打款", "打了款", "打过来",
           r"(?:打|转|汇)了.{0,10}?过来", "汇款", "汇了", "转账", "付款了", r"(?<!成)(?:付|交)了.{0,6}?(?:款|钱|定金|订金|首付|尾款|预付)",
           r"(?<!成)(?:付|交|转|汇)了\s*[0-9一二三四五六七八九十两几半][0-9.,一二三四五六七八九十两百千万点半]*\s*(?:万|w|k|块|元)",
           "已付", "结清了?", "付清了",
           # the part said by its place (收到第二笔了, 第三期收到了, 第二笔50万进来了)
           rf"收到了?[^，,。；;！!？?]{{0,8}}?{_ORDINAL_ZH}",
           rf"{_ORDINAL_ZH}[^，,。；;！!？?]{{0,10}}?(?:收到了|到了|进来了|打过来了|转过来了|汇过来了)",
           r"款.{0,10}?(?:收到|到了|进来了|打了|付了|汇了|转了|打过来)",
           # the money said in other words (推广的钱…今天到了, 服务费到账了): 钱 / 费 + an arrival
           r"(?:钱|(?<![免浪花消经])费)[^，,。；;！!？?]{0,10}?(?:到了|到位了|进来了|收到了|打过来了|转过来了|汇过来了|打了过来|付了|结了)"),
    "en": ("paid", "pays", "wired", "transferred", "remitted", "got paid", "collected",
           rf"got\s+(?:the\s+|a\s+|their\s+|our\s+)?(?:{_ORDINAL_EN}\s+)?"
           r"(?:wire|payment|installment|instalment|transfer|money|check|cheque|deposit|remittance)",
           r"received\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+|\$?[0-9][0-9,.]*\s*[kmw万]?\s*)?"
           rf"(?:{_ORDINAL_EN}\s+|full\s+|remaining\s+|initial\s+|down\s+)?"
           r"(?:payment|installment|instalment|deposit|money|funds|transfer|wire|remittance)",
           r"(?:payment|money|funds|wire|transfer|deposit|remittance|invoice|bill|balance|installment|instalment|check|cheque)"
           r"s?\b.{0,25}?\b(?:received|came in|came through|arrived|landed|cleared|went through|hit|settled|"
           r"(?:got|was|were|has been|have been|is now) paid)",
           r"(?:settled|cleared|paid off)\s+(?:the\s+|their\s+|its\s+|our\s+|his\s+|her\s+)?(?:[a-z0-9-]+\s+)?"
           r"(?:invoice|bill|balance)",
           rf"sent\s+(?:us\s+)?(?:the\s+|a\s+|their\s+)?(?:{_ORDINAL_EN}\s+)?(?:payment|money|funds|wire|transfer)"),
}
PAYMENT_RECEIVED = compile_words(PAYMENT_RECEIVED_WORDS)
# the money is still to come: a promise, not money received
PAYMENT_PROMISED_WORDS: Words = {
    "zh": (r"(?:会|将|要|预计|计划|答应|承诺|争取|下周|下月|下个月|月底|明天|后天|之前|前)\s*(?:会|能)?\s*(?:回款|到账|打款|付款|付)",
           # the money with its sum or day between (尾款11.1万这周能到, 首付3万下周一应该能到账, 尾款下周到): still to come
           r"(?:款|首付|定金|订金|预付|钱)[^，,。；;！!？?]{0,12}?(?:会|将|要|能|可以|应该)(?:到|打|付|回|进来|过来)",
           r"(?:款|首付|定金|订金|预付|钱)[^，,。；;！!？?]{0,12}?(?:这周|本周|这个?星期|下周|下个?星期|下个?月|月底|月初|月中|明天|后天|年底|年前|节前|过两天|"
           r"周[一二三四五六日天末])(?:内|前|之前)?(?:就|也)?(?:到账|到位|到|打过来|转过来|汇过来|付)(?![了过])",
           # a day ahead or an intention before the money is sent over (12月5号前打过来, 下周把钱转过来): not yet here
           r"(?:会|将|要|预计|计划|答应|承诺|争取|尽快|下周|下月|下个月|月底|月初|明天|后天|之前|以前|前|过两天|回头|再)"
           r"[^，,。；;！!？?了]{0,8}?(?:打|转|汇|付|结)(?:过来|给我们|给我)(?![了过])",
           # the sum, then the day it is to be paid (最后一笔5.2万下个月25号付, 尾款月底前结)
           r"(?:一笔|尾款|余款|首付|款|钱)[^，,。；;！!？?了]{0,14}?(?:号|日|月底|月初|前|之前|底)\s*(?:会|能|再)?(?:付|打|转|汇|结|到账?)(?![了过])"),
    "en": (r"(?:will|would|[a-z]+'ll|[a-z]+'d|going to|gonna|promised to|promise to|expect(?:s|ed)? to|should|plan(?:s|ning)? to|about to)\s+"
           r"(?:(?!paid\b|pay\b)[a-z']+\s+){0,2}?(?:be\s+)?(?:pay|wire|transfer|remit|settle|send (?:us )?(?:the |a )?(?:money|payment|funds|wire|balance)|paid|wired)",
           r"(?:payment|money|funds|wire|transfer|balance)\s+(?:is\s+|should be\s+)?(?:due|expected|coming|on (?:its|the) way)",
           # the money with its sum between (the final payment of 111k should come in this week, balance 50k will arrive)
           r"(?:payment|money|funds|wire|transfer|balance|deposit|installment|instalment|remittance)s?\b[^,.;]{0,25}?\b"
           r"(?:should|will|[a-z]+'ll|would|(?:is|are) going to|(?:is |are )?expected to|(?:is |are )?due to)\s+(?:\w+\s+)?"
           r"(?:come in|come through|arrive|land|clear|hit|reach us|be in|get here)",
           # how it is to be paid ("to be paid in two installments", "payable over 3 payments"): a plan, nothing received
           r"(?:(?:to be|will be|be) paid|payable)\s+(?:in|over|within|by|on|upon|after)\b"),
}
PAYMENT_PROMISED = compile_words(PAYMENT_PROMISED_WORDS)
# money owed and not paid yet: a note, no record
PAYMENT_OVERDUE_WORDS: Words = {
    "zh": (r"还没(?:有)?(?:回款|付款|打款|付钱|到账)", r"未(?:回款|付款|到账)", "逾期", "拖欠", "欠款",
           r"款.{0,4}?(?:还没|没|未)(?:有)?(?:到|收到|付|打|回)",
           # money still owed (尾款还差5万5, 还欠我们8万): what is left to come, no money received
           r"(?:款|钱|费)[^，,。；;]{0,4}?(?:还差|还欠|还剩|没结|未结)", r"还欠(?:我们|咱们)?"),
    "en": (r"late (?:on|with) (?:the )?payment", "overdue", r"hasn'?t paid", r"haven'?t paid", "has not paid", "not paid yet",
           r"payment (?:is )?late", r"still owes?", r"owes? us",
           r"(?:outstanding|unpaid|open) (?:balance|amount|invoice|payment)",
           r"(?:balance|amount|invoice)\s+(?:of\s+\S+\s+)?(?:is\s+)?(?:still\s+)?(?:outstanding|unpaid|owed)"),
}
PAYMENT_OVERDUE = compile_words(PAYMENT_OVERDUE_WORDS)
# asking the customer for money owed (催款, chased the payment): an activity with them, never a payment
DUNNING_WORDS: Words = {
    "zh": ("催款", "催收", "催付", "催回款", "催尾款", "催一下款", "催了?一下回款", "要账", "讨账",
           # the money to chase said between (催聚力医疗回款, 把19万3的款催回来)
           r"催[^，,。；;！!？?]{0,12}?(?:款|钱|账|费)", r"(?:款|钱|账|费)[^，,。；;]{0,3}?(?:催|要)(?:回来|回|收|到)"),
    "en": (r"chas(?:ed|ing|e) (?:up )?(?:the |their |an? )?(?:payment|invoice|money)", r"remind(?:ed)? them to pay",
           r"chas(?:ed|ing|e) (?:up )?(?:\S+\s+){0,4}?(?:payment|invoice|money|balance|receivable)s?\b",
           r"(?:collect|recover) (?:the |their )?(?:\S+\s+){0,2}?(?:payment|money|balance|receivable|debt)s?\b",
           r"payment reminder", "dunning"),
}
DUNNING = compile_words(DUNNING_WORDS)
# a visit moved to another day: the plan on that day
RESCHEDULED = re.compile(r"改到|改期到?|推到|延到|挪到|顺延到|推迟到|延期到|\b(?:rescheduled|moved|pushed|postponed)\s+(?:it\s+)?"
                         r"(?:from\s+[^,.;]{1,25}?\s+)?(?:to|until)\b")
# an activity itself moved to another day (拜访改到下周二, 和蓝海的会推迟到周四, meeting with X moved to 1/8,
# rescheduled the demo to Friday): nothing happened yet, the plan is on the new day
ACTIVITY_MOVED_WORDS: Words = {
    "zh": (r"(?:拜访|会议|见面|演示|电话|行程)(?:也|就|又|临时|只好|只能)?(?:从[^，,。；;]{1,8}?)?(?:改到|改期到?|推到|延到|挪到|顺延到|推迟到|延期到)",),
    "en": (r"(?:meeting|demo|call|visit|catch-?up|appointment|session)\b[^,.;]{0,30}?\b(?:(?:was|has been|got|is|been)\s+)?"
           r"(?:rescheduled|moved|pushed|postponed)\s+(?:back\s+)?(?:from\s+[^,.;]{1,25}?\s+)?(?:to|until)\b",
           r"\b(?:rescheduled|moved|pushed|postponed)\s+(?:the|our|my|this|today's|tomorrow's)\s+(?:\S+\s+){0,3}?"
           r"(?:meeting|demo|call|visit|catch-?up|appointment|session)\b"),
}
ACTIVITY_MOVED = compile_words(ACTIVITY_MOVED_WORDS)
# an invoice issued is not money received
INVOICE: Words = {
    "zh": ("发票", "开票", "开了票", "开好票"),
    "en": ("invoice", "invoiced", "invoices", "invoicing", "bill sent", "billed"),
}

# ---------- deals ----------

# a deal that is not any open one: a renewal, a second order, a new project
NEW_DEAL: Words = {
    "zh": ("续约", "续签", "续费", "续单", "第二批", "第二单", "第二期", "二期", "三期", "新项目", "新机会", "新商机",
           "新的单子", "新单子", "新订单", "新需求", "追加", "增购", "加购", "复购", "再采购", "又要采购", "返单",
           "又下了?一单", "又来了?一单", "再下了?一单", "又签了?一单", "加单"),
    "en": ("renewal", "renew", "renewed", "renewing", "second order", "repeat order", "follow-on order",
           "phase 2", "phase two", "phase ii", "new opportunity", "new deal", "new project", "upsell",
           "expansion", "add-on order", "another order"),
}
# interest or a budget only (很感兴趣, 有意向, budget approved): with no open deal, no new deal from these alone
VAGUE_INTEREST: Words = {
    "zh": (r"(?:很有|挺有|比较有|非常有|有|很|挺|比较|非常|十分)?(?:感)?兴趣", r"(?:有|很有|挺有|比较有)?意向",
           r"预算\s*(?:已经?|都)?(?:批了|批下来了?|已批|确认了?|已确认|到位了?|有了)", r"确认了预算"),
    "en": (r"(?:(?:very|really|quite|seems?|sounds?|are|is|was|were|genuinely|strong(?:ly)?)\s+)?interest(?:ed)?",
           r"budget (?:is |was |has been |got )?(?:approved|confirmed|signed off)", r"confirmed (?:the |their )?budget"),
}
# English words of a deal's title and the Chinese fragments stored titles use
DEAL_TITLE_EN: dict[str, tuple[str, ...]] = {
    "maintenance": ("维保", "运维", "维护"), "renewal": ("续约", "续签"), "upgrade": ("升级",),
    "equipment": ("设备",), "annual": ("年度",), "phase 2": ("二期",), "phase two": ("二期",),
    "production line": ("产线",), "license": ("许可", "授权"), "licence": ("许可", "授权"),
    "service": ("服务",), "training": ("培训",), "system": ("系统",), "software": ("软件",),
    "expansion": ("扩容", "扩建"), "purchase": ("采购",), "procurement": ("采购",),
}
# generic tails of a title that alone name no deal
TITLE_TAILS = ("项目", "合同", "订单", "单子")

# ---------- contracts ----------

# a signing said in plain words, before the payment terms of the same clause (签了 合同3万4 分两期…)
SIGNED_SAID: Words = {
    "zh": ("签了", "签约了", "签合同了", "签单了", "成交了", "拿下了"),
    "en": ("signed", "closed", "won"),
}

CONTRACT_AMOUNT = re.compile(r"(?:合同(?:金额|额|总额|总价)?|签约(?:金额|额)|contract(?: value| amount)?|total)\s*(?:is|of|为|是|:|：)?\s*$")
# an instalment's share of the contract
SHARE = re.compile(r"(?P<pct>[0-9]+(?:\.[0-9]+)?)\s*[%％]|百分之(?P<zhpct>[一二三四五六七八九十]+)|"
                   r"(?<![0-9零一二两三四五六七八九十百千万w])(?P<tenths>[一二三四五六七八九])成(?!交|功|本|员|立|果|为|绩|都|品|熟|型|长|年|人|就|批|套)|(?P<half>一半|半数|half)|(?P<third>三分之一|a third|one third)")
REST = re.compile(r"剩余|剩下|余款|尾款|付清|结清|余下|其余|\brest\b|\bremaining\b|\bremainder\b|\bbalance\b")
UPFRONT = re.compile(r"首付|预付|定金|订金|签约(?:时|后)?(?:付|支付)|签合同(?:时|后)?(?:付|支付)|"
                     r"\bupfront\b|\bup front\b|\bon signing\b|\bat signing\b|\bdown ?payment\b|\bdeposit\b|\bin advance\b|"
                     r"(?<=[0-9%] )now\b|\bimmediately\b|\bon signature\b|立即|立刻|马上|当天")
PLAN_TERMS = re.compile(r"分\s*(?P<n>[0-9两二三四五六七八九十]+)\s*期(?:付款|支付)?|"
                        r"\b(?:in|over)\s+(?P<en>[0-9]+|two|three|four|five|six)\s+(?:installments|instalments|payments|tranches)\b")
EVERY = re.compile(r"每(?P<zh>季度|个季度|季|月|个月|年)(?:末|底)?|\b(?:every|each)\s+(?P<en>quarter|month|year)\b|"
                   r"\b(?P<en2>quarterly|monthly|yearly|annually)\b")

# ---------- contacts ----------

CONTACT_ADD: Words = {
    "zh": ("加个联系人", "加一个联系人", "添加联系人", "新增联系人", "新加联系人", "加联系人", "联系人[:：是]",
           "新联系人", "新对接人", "对接人[:：是换]", "换了对接人", "换对接人", "新的对接人", "对接人换",
           "新来了?一?个", "新来的", "新任"),
    "en": ("add contact", "add a contact", "new contact", "contact:", "contact is", "point of contact",
           r"new (?:cto|ceo|cfo|coo|cio|vp|head of [a-z]+|director|manager|buyer|procurement [a-z]+|it [a-z]+)"),
}
CONTACT_CHANGE: Words = {
    "zh": ("手机换了", "电话换了", "号码换了", "手机号换了", "换号了", "换手机", "新手机", "新电话", "新号码", "新邮箱",
           "邮箱换了", "邮箱改了", "电话改了", "手机改了", "手机号是", "手机是", "电话是", "邮箱是", "升职", "调岗",
           "号码是", r"(?:职位|职务|头衔)(?:要|需要)?(?:改|变|换|更新|更正)(?:一下|了|成|为)"),
    "en": ("new email", "new phone", "new number", "new mobile", "email is", "phone is", "number is", "mobile is",
           "email changed", "phone changed", "number changed", "changed (?:his|her|their) (?:number|phone|email|title|role)",
           "promoted to", "email address is", "new title", r"(?:title|role|position) (?:has )?(?:changed|is now|was changed|updated)",
           r"(?:update|correct|fix|change) (?:his|her|their|the) (?:title|role|position)"),
}
# a phone number as written: a mainland mobile (138 0013 8000, +86 138…), a number written with its country code kept
# whole (+49 151 2345 6789, +1 (415) 555-0132), a landline with its area code (021-5555-8888, (021) 5555 8888,
# 0755-12345678) or a 400 / 800 service line (400-800-1234)
PHONE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])"
                   r"|\+(?=(?:[ .()-]*[0-9]){8})(?!86[- ]?1[3-9])[1-9][0-9]{0,2}(?:[ .-]?\(?[0-9]{1,4}\)?){2,5}(?![0-9])"
                   r"|(?<![0-9])(?:\(0[0-9]{2,3}\)\s?|0[0-9]{2,3}[- ]?)[0-9]{3,4}[- ]?[0-9]{4}(?![0-9])"
                   r"|(?<![0-9])[48]00[- ]?[0-9]{3}[- ]?[0-9]{4}(?![0-9])")
EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
# a department may lead the title with its own word (信息部经理, 采购部主管, 技术中心负责人)
JOB_TITLE_ZH = re.compile(r"(?:(?:采购|销售|技术|财务|运营|市场|项目|人事|行政|生产|质量|IT|it|信息|研发|设备|工程|客服|法务|"
                          r"物流|仓储|品质|质检|安全|后勤|综合|信息化|数字化|总经办)(?:部|中心|科|处|组)?)?"
                      r"(?:(?:常务|执行)?副?(?:总经理|经理|总监|主管|主任|负责人|工程师|专员|助理|总工|厂长|董事长|总裁|秘书|会计|出纳|部长|科长|处长)|"
                      r"(?:常务|执行)?副总|采购|老板|CEO|CTO|CFO|COO|ceo|cto|cfo|coo)")
JOB_TITLE_EN = re.compile(r"\b(?:ceo|cto|cfo|coo|cio|vp(?: of)? [a-z]+|head of [a-z]+|(?:[a-z]+ )?(?:director|manager|buyer|engineer|"
                      r"lead|officer|owner|founder|president))\b")
