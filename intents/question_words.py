"""Vocabularies of managers' questions: metric words, groupings, activity kinds, refusals.

Every table is an ordered list of (regex, value); the first match wins, so the more
specific phrase comes first ("加权管道" before "管道", "平均成交金额" before "成交金额").
Patterns run on text that is NFKC-normalised, converted to simplified Chinese and
lower-cased, with the period phrase and the names of reps, teams etc. blanked out.
"""

from __future__ import annotations

import re

_F = re.IGNORECASE

# how many / how much: a kind word alone is a count question only next to one of these
COUNT_CUE = re.compile(
    r"多少|几(?!点|时|号)|数量|次数|个数|数目|总数|条数|数(?!据|字)|量|最多|最少|how\s+many|number\s+of|count|total|most|fewest|least|#",
    re.IGNORECASE)

# a kind word that asks about one event, a phone number or a time, not a count
# ("吕总的电话是多少", "本周的会议安排", "the email from yesterday")
NOT_A_COUNT = re.compile(
    r"(电话|手机|微信|邮箱)(号码|号|是多少|多少号)"
    r"|phone\s*(number|#|no\.?)|e-?mail\s+address|几点|what\s+time|when\s+is"
    r"|安排|日程|议程|纪要|取消|推迟|改期|准备|内容|说了什么|agenda|minutes|schedul|cancel|postpone|prepare|about\s+what"
    r"|(那个|这个|那次|这次|那通|这通|那封|这封)(电话|会议|演示|邮件|微信|消息)"
    r"|\b(the|that|this)\s+(e-?mail|call|meeting|demo|message|visit)\b", re.IGNORECASE)


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _F)


# the money words said with 逾期 / overdue that make it money past due, not a follow-up: the installments of a
# payment plan (分期, 期款, 首期, 第二期), payments and balances, an amount
_DUE_MONEY_ZH = r"分期|期款|首期|尾期|第[一二三四五六七八九十0-9]+期|回款|应收|欠款|账款|款项|货款|尾款|付款|款|金额|钱"
_DUE_MONEY_EN = (r"receivables?|payments?|amounts?|balances?|money|invoices?|instal(l)?ments?|bills?|dues|cash"
                 r"|sums?|dollars|yuan|rmb")

# (pattern, metric, kind filter implied by the phrase)
METRIC_PATTERNS: list[tuple[re.Pattern[str], str, str | None]] = [
    # --- contracts and collections (METRICS.md "Contracts and payments"), before the deal and overdue words
    (_c(r"回款率|收款率|回收率|collection\s*rate|(percent|share|ratio)\s+(of\s+)?.{0,20}\b(collected|paid)\b"), "collection_rate", None),
    # money past its due day: an installment (分期, 期款) or any money word said with 逾期/overdue, or "how much is overdue"
    (_c(rf"(逾期|超期)(未收|未付|没收|没回|未回|没付|了)?(的)?(多少)?({_DUE_MONEY_ZH}|未回款)|({_DUE_MONEY_ZH}).{{0,6}}(逾期|超期|过期)|拖欠|"
        rf"\b(overdue|past[\s-]+due)\s+({_DUE_MONEY_EN})|\b({_DUE_MONEY_EN})\b.{{0,20}}\b(overdue|past[\s-]+due|late)\b"
        r"|\bhow\s+much\b.{0,30}\b(overdue|past[\s-]+due)\b|\b(overdue|past[\s-]+due)\b.{0,30}\bhow\s+much\b"
        r"|\b(total|sum|value)\s+(of\s+)?(the\s+)?(overdue|past[\s-]+due)\b"), "overdue_receivables", None),
    (_c(r"应收|未回款|没回款|未收回|待回款|待收|欠款|欠(我们|咱们)?(多少|的)(钱|款)?|尾款|还(有)?多少(钱|款)?(没|未)(回|收|付)|账款|"
        r"\breceivables?\b|\boutstanding\s+(balances?|amounts?|money|payments?)\b|\b(owed|owes?\s+us|still\s+owes?)\b|\bunpaid\b"
        r"|(合同|未付|剩余|剩下的?)余额|余款|\b(contract|remaining)\s+balances?\b"), "receivables", None),
    (_c(r"回款|收款|到账|进账|回笼|收(到|回|了)?(了)?(多少|几笔)(钱|款|货款)?|收到(了)?(钱|款|货款)|打款|"
        r"\bpayments?\s+(received|collected|in)\b|\b(paid|pay)\s+(us|in)\b|\bcollect(ed|ions?)\b|\b(cash|money)\s+(in|received|collected)\b|\b(received|got)\s+(in\s+)?payments?\b"
        r"|\bpayments?\b"), "collected_amount", None),
    (_c(r"合同(的)?(总)?(金)?额|签约(的)?(总)?(金)?额|签(了|下)?(多少|几)(个|份)?合同|合同.{0,6}(多少钱|金额|总额)|"
        r"\bcontracts?\s+(value|amount|total)s?\b|\b(value|amount|total)\s+of\s+(the\s+)?contracts?\b|\bcontracts?\s+signed\b|\bsigned\s+contracts?\b"
        # signing said with contracts as the measure: 合同签了多少, how much did we sign in contracts
        r"|合同(都|一共|总共)?签(了|下)?(多少|几)|\b(sign(ed)?|book(ed)?|close(d)?|bring\s+in|brought\s+in)\s+(\w+\s+){0,3}in\s+contracts?\b"
        r"|\bhow\s+much\s+(\w+\s+){0,2}in\s+contracts?\b|\bhow\s+much\b.{0,30}\bcontracts?\b.{0,20}\bsign(ed)?\b"),
     "contract_amount", None),
    # --- what the asker logged: "what did I log today?", "我今天记了几条" (activities; SELF_PATTERN makes it theirs)
    (_c(r"(记|录|登记|记录|填|报|提交)(了|过)?(几|多少)(条|次|个|笔|项)|(记|录|登记|记录|填|报)(的|了的)?(东西|记录|内容)?(有)?(几|多少)(条|次|个|笔|项)|"
        r"\b(what|how\s+many\s+(things|entries|records|logs|notes|items)?)\s*(did|have|has)\s+(i|we|\w+)\s+(log(ged)?|record(ed)?|enter(ed)?|add(ed)?|submit(ted)?|put\s+in)\b|"
        r"\bhow\s+many\s+(entries|logs|records|notes)\b"), "activities", None),
    # --- who logged nothing / overdue follow-ups
    (_c(r"逾期|过期未?跟进|超期|该跟进(却|而)?没|overdue|past[\s-]+due|missed\s+follow"), "overdue_followups", None),
    # --- targets
    (_c(r"(离|距离?|还差).{0,6}目标|目标.{0,4}(还差|差多少|差距)|目标完成|完成得|完成率|达成率|达成情况|完成情况|目标进度|业绩进度|指标完成|目标达成|完成了?多少目标|完成目标|达标|quota|attainment|\btarget"),
     "target_attainment", None),
    (_c(r"(谁|哪些?(个|位)?(销售|人|同事)|有没有人|有人).{0,12}(没有?|未|都没|还没|没怎么)(有)?(跟进|拜访|打电话|打过电话|联系|开会|演示|记录|登记|填|报|汇报|活动|动静|更新|动(?!态))"),
     "inactive_reps", None),
    (_c(r"(没有?|未)(跟进|拜访|记录|登记|活动|联系|打过?电话|通过?电话|开过?会|做过?演示|演示|发过?消息|发过?微信).{0,6}(的)?(销售|人|同事|名单)"), "inactive_reps", None),
    (_c(r"不活跃|零活动|零跟进|没动静|偷懒|摸鱼|划水|\bslack(ing|er|ers)?\b|\blazy\b|\bslacking\s+off\b"), "inactive_reps", None),
    (_c(r"\b(who|which\s+reps?|which\s+sales\s*(people|persons|reps?))\b.{0,30}\b(has\s*n[o']t|have\s*n[o']t|hasnt|havent|did\s*n[o']t|didnt|not|no|never)\b"),
     "inactive_reps", None),
    (_c(r"\binactive\b|\bno\s+activit(y|ies)\b|\bnothing\s+logged\b|\b(logged|recorded|reported|did|done)\s+nothing\b|\bidle\s+reps?\b|\bsilent\s+reps?\b|\b(reps?|sales\s*(people|persons|reps?)|salespe(rson|ople)|people)\s+(with|without)\s+(no|zero|any)?\s*(visits|calls|meetings|demos|emails|messages|activity|activities|follow-?ups)\b"), "inactive_reps", None),
    # --- customers nobody followed up for N days (as of today): "超过30天没跟进的客户有几个"
    (_c(r"(没(有)?人?|未|很久没|好久没|长期没|一直没|久未|多久没)(跟进|联系|跟|拜访|动|管)(过|了)?的(客户|公司)|(客户|公司).{0,12}(没(有)?人?|未|很久没|好久没|久未)(跟进|联系|拜访)|"
        r"沉睡客户|休眠客户|久未跟进|\b(stale|dormant|neglected)\s+(customers?|accounts?|clients?)\b|\b(customers?|accounts?|clients?)\b.{0,30}\b(not|no\s+one|nobody|n[o']t)\b.{0,12}\b(contacted|touched|followed\s+up|visited)\b"),
     "stale_customers", None),
    # --- sales cycle
    (_c(r"(成交|签单|赢单|成单|签约|拿下)(一单|一个单子?|一笔|一个客户)?.{0,6}(多少|几)天|(成交|签单|赢单|成单|签约)(一单|一笔)?.{0,4}(要|需要|得)?多久|销售周期|成交周期|签单周期|赢单周期|成单周期|平均.{0,4}(多少|几)天.{0,4}(成交|赢单|签)|多久.{0,4}(成交|赢单|签单|成单)|sales\s*cycle|deal\s*cycle|how\s+long.{0,30}\b(close|win|sign)|cycle\s*(time|length)|days\s+to\s+(close|win)|time\s+to\s+close"),
     "sales_cycle_days", None),
    # --- ratios
    (_c(r"(percent(age)?|share|ratio|proportion|%)\s+of\s+(deals|opportunities|opps).{0,25}\b(won|win|closed)|赢单比例|成交比例|成功率|赢的比例|签单比例|转化率|转化(?!了|成)|赢率|赢单率|成交率|胜率|成单率|签单率|win\s*rate|winrate|conversion|convert|close\s*rate|closing\s*rate|win\s*ratio|win\s*%"),
     "win_rate", None),
    (_c(r"客单价|平均(成交|签单|赢单|合同|订单|单笔)?(金额|额|单价|规模|大小)|单均|平均每单|average\s+(deal|order|contract|won\s+deal)\s*(size|value|amount)?|avg\.?\s+(deal|order)\s*(size|value|amount)?|\bacv\b|\baov\b|deal\s*size"),
     "avg_deal_size", None),
    (_c(r"输单|丢单|输了|丢了|失单|没签成|未成交|\blost\b|\blosses\b|\blose\b"), "lost_deals", None),
    # --- "my deals", "我的商机": the asker's open pipeline (its amount; "my open deals" counts them)
    (_c(r"^\W*(show\s+(me\s+)?|list\s+|what\s+are\s+)?my\s+(deals|opportunities|opps)\W*$|^\W*我(的|手上的|手里的)(商机|单子|项目|机会)\W*$"),
     "pipeline_amount", None),
    # --- pipeline family
    (_c(r"加权|预测|forecast|weighted"), "weighted_pipeline", None),
    (_c(r"(预计|预期|有望|可能).{0,6}(签|成交|落地|赢|收入|进账)|(要|将要|将|准备|打算|能|可以|快要|即将)(签|关|成交|落地)的(单子|单|订单|合同|商机|项目|客户)|(能|可以|会|将|要|有望)(签|关|成交|拿下|落地)(下来)?(多少|几)|\bclosing\b|\b(can|could|will|should|might)\s+(we|you|they|i|the\s+team|\w+)\s+(close|sign|win|book|land)\b|(expected|expecting|expect|due|set|going|likely)\s+to\s+(close|sign|win|book|land)|will\s+close|expected\s+(revenue|sales|bookings|income|deals?)"), "pipeline_amount", None),
    (_c(r"(新增|新建|新开|新进|新来|新的|新)了?.{0,6}(商机|机会|项目)|\bnew\s+(deals?|opportunit(y|ies)|opps?)\b|deals?\s+(created|opened|added)|opportunit(y|ies)\s+(created|opened)"),
     "new_deals", None),
    (_c(r"(手头|手上|手里|在手|还有)(还|一共|总共)?(有)?(多少|几)(个|笔|张)?(单子?|订单|商机|机会|项目)(?!.{0,3}钱)|(多少|几)(个|笔|张)?(单子?|订单|商机|机会|项目).{0,6}(在跟|跟着|在谈|跟进中|没关|未关|没有关|没结|未结|还开着|没签|未签|没成交|未成交)|(在跟|跟着|在谈|跟进中|没关|未关|没结|未结|还开着|没签下来?|未签)的?(单子?|订单|商机|机会|项目)|(的)?(单子|商机|项目)(最多|最少)|\b(deals?|opportunit(y|ies)|opps?)\s+(are\s+|still\s+|are\s+still\s+)(open|active|in\s+play|in\s+progress|being\s+worked)|\bstill\s+(open|working\s+on)"),
     "open_deals", None),
    (_c(r"(商机|机会|项目)(的)?(数量|个数|数目|总数|数\b|数$|数[?？,，。]|几个|有几个|多少个)|(几|多少)(个|条)?(在手|进行中的?|未关闭的?|开放的?)?(商机|机会|项目)|各(个)?阶段(的)?(商机|机会)(?!(的)?(金额|总额|额|价值))|open\s+(deals?|opportunit(y|ies)|opps?)(?!\s*(amount|value))|how\s+many\s+(open\s+)?(deals|opportunities|opps)\s+(are|do|in)|deal\s*count|number\s+of\s+(open\s+)?(deals|opportunities|opps)(?!\s+(won|closed|signed|created|opened|added))"),
     "open_deals", None),
    (_c(r"在手|手头|手上|手里|商机|管道|漏斗|储备|跟单|在跟(?!进)|在谈|没关(?!系)|未关|pipe\s*line|\bthe\s+pipe\b|funnel|\bin\s+play\b|open\s+deal\s+(value|amount)|deals?\s+in\s+play"), "pipeline_amount", None),
    # --- won / lost counts before money
    (_c(r"赢单数|成交单数|签单数|成单数|开单|出单|赢了?(几|多少)单|成交了?(几|多少)单|签了?(几|多少)单|成了?(几|多少)单|拿下了?(几|多少)单|(几|多少)(个|笔)?单|赢单(的)?(数量|个数|笔数)|成交(的)?(数量|笔数|单数)|(几|多少)(个|笔)(赢单|订单|合同|成交)|赢了(几|多少)|how\s+many\s+(deals?\s+)?(did\s+(we|you|they|i|\w+)\s+|have\s+(we|you|they)\s+|were\s+)?(win|won|close|closed|sign|signed)\b|\bclos(e|ed)\s+(the\s+)?most\s+deals|(deals?|contracts?)\s+(won|closed|signed)|won\s+deals|number\s+of\s+wins|\bwins\b"),
     "won_deals", None),
    (_c(r"(签|卖|成交|赚|开单)(得|的)(最多|最少|最好|最差|最猛)|最(能|会)(签|卖|成交|开单)|销冠|销售冠军|\btop\s+(seller|earner|closer)s?\b|\bwhat\s+(closed|sold|signed)\b|\b(closed|sold|signed|booked|won)\s+(the\s+)?(most|least)\b(?!\s+deals)|(成交|签约|签单|赢单|合同|销售|订单)(的)?(总)?(金额|额|总额|总金额)|成交金额|成交额|成交总额|成交了?多少(?!单|笔|个|次)|签了?多少(?!单|笔|个|次|家|份|张)|销售额|销售金额|营收|收入|业绩|营业额|performance|performing|results|\bhow\s+(did|is|was|has|have)\s+.{1,30}\s+(do|doing|done|perform(ed|ing)?)\b|签单额|签单金额|赢单金额|销量|销售情况|卖了多少|签了多少钱|成交了多少钱|赚了多少|多少钱|revenue|bookings|\bsales\b(?!\s*(cycle|rep|reps|person|people|team|staff))|won\s+(amount|value)|closed\s+(amount|value|revenue)|how\s+much\s+((did|has|have|do|does|will)\s+.{0,40}?)?\b(sell|sold|win|won|close|closed|sign|signed|book|booked|bring\s+in|brought\s+in)\b|\bwhat\s+(did|has|have)\s+.{1,30}\b(close|closed|sell|sold|sign|signed|win|won)\b"),
     "won_amount", None),
    (_c(r"赢单|成交|签单|签约|成单|签了|won\b|closed\s+won"), "won_deals", None),
    (_c(r"\b(deals|opportunities|opps)\b"), "open_deals", None),
    # --- customers being worked ("本周在跟进的客户有多少"): METRICS.md counts follow-ups, not customers
    (_c(r"(?<![没未不])(在|正在|有在)?(跟进|联系|回访|沟通)(了|过|中|着)?的(客户|公司)(?!.{0,4}(来源|分布|从哪|来自))"), "activities", None),
    # --- customers
    (_c(r"(新增|新建|新开发|新开|新来|新进|新|开发了?)(了)?(的)?(几|多少)?(个|家|位)?(客户|线索|leads?)|新客|线索|\bnew\s+(leads?|customers?|clients?|accounts?)\b|\bleads\b|(customers?|clients?|accounts?)\s+(added|created|acquired|signed\s+up|onboarded)|\b(add|added|create|created|acquire|acquired|onboard|onboarded|sign\s+up|signed\s+up)\s+.{0,20}?\b(customers?|clients?|accounts?)\b"),
     "new_leads", None),
    # --- activities
    (_c(r"拜访|上门|走访|见客户|面访|跑了?.{0,4}(客户|市场)|见了?(多少|几)(个|家|位)?客户|跑(了)?(几|多少)(家|个|趟)|visits?\b|visited|on-?site"), "visits", None),
    (_c(r"(跟进|联系|回访|沟通)(了|过)?(多少|几)(个|家|位)?客户"), "activities", None),
    (_c(r"勤快|勤奋|最忙|最拼|最努力|最积极|干活最多|干(了)?(啥|什么|些啥)|做了(啥|什么|些啥)|忙(了)?(啥|什么|些啥)|hard(est)?[\s-]+work|most\s+(active|diligent)|busiest|been\s+up\s+to|what\s+(did|has|have)\s+.{0,25}\b(do|done)\b"), "activities", None),
    (_c(r"客户.{0,6}(从哪|来自|来源)|客户.{0,4}(分布|数量|个数|总数|构成)|客户(数|.{0,8}(有多少|有几|多少个|多少家|几个|几家))|(多少|几)(个|家|位)?新?客户"), "new_leads", None),
    (_c(r"跟进|活动|动态|联系客户|联系了|活跃度|工作量|\b(did|have|has)\s+.{0,30}\bcontact\b|\bcontacted\b|\breach(ed)?\s+out\b|\bhow\s+(active|busy)\b|touch\s*points?|activit(y|ies)|follow[\s-]?ups?|logged|touches"), "activities", None),
    # "how many customers (did we add)": customers, unless an activity verb says what was done to them
    (_c(r"how\s+many\s+(new\s+)?(customers|clients|accounts)\b(?!.*\b(call(ed)?|meet|met|e-?mail(ed)?|messag(e|ed)|demo(ed)?|text(ed)?|contact(ed)?|visit(ed)?|reach(ed)?)\b)"),
     "new_leads", None),
]

# activity kind words: (pattern, kind); "拜访" is the metric `visits`, not a filter of activities
KIND_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (_c(r"(电话|视频|网络|线上|远程|腾讯)会议|\b(conference|video|zoom|teams)\s+(calls?|meetings?)\b"), "meeting"),
    (_c(r"电话|通话|打了?.{0,4}电话|致电|\bcall(s|ed|ing)?\b|phone"), "call"),
    (_c(r"会议|开会|开了?.{0,3}会|\bmeet(s|ing|ings)?\b|\bmet\b"), "meeting"),
    (_c(r"演示|试用|\bdemo(s|ed|ing)?\b|\btrials?\b"), "demo"),
    (_c(r"微信|短信|邮件|消息|\bmessag(e|es|ed|ing)\b|\be-?mail(s|ed|ing)?\b|\bwechat(s|ed)?\b|\bsms\b|\btext(s|ed|ing)?\b"),
     "message"),
    (_c(r"拜访|上门|走访|面访|\bvisit(s|ed|ing)?\b|on-?site"), "visit"),
]

# (pattern, group key); first match wins
GROUP_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (_c(r"(按|各|每个|每|分)(个)?(活动)?(类型|类别|种类)|各类(型)?活动|各种活动|活动(类型|种类|构成|分布)|(by|per)\s+(activity\s+)?(kind|type)|activity\s+(mix|breakdown)"), "kind"),
    (_c(r"哪(个|些)阶段|\bwhich\s+stages?\b|(谈判|报价|方案)(中|阶段)|in\s+(negotiation|proposal|qualification)\b|(按|各|每个|分|不同)(个)?(销售)?阶段|阶段分布|漏斗(?!里|中|内)(?!.{0,8}(多少|总|一共|几))|(线索|需求确认|意向|方案|报价|谈判|商务谈判)阶段|(by|per|each)\s+stages?|stage\s+breakdown|(?<!in\s)(?<!in\sthe\s)(?<!in\smy\s)(?<!in\sour\s)funnel(?!.{0,30}\b(how\s+much|total|worth|sum)\b)|in\s+(the\s+)?(lead|qualified|proposal|negotiation)\s+stage"), "stage"),
    (_c(r"哪(个|些)(团队|小组|组|部门)|\bwhich\s+teams?\b|(按|各|每个|分|不同)(个)?(团队|小组|组|部门|战队)|团队(之间|对比|排名)|(by|per|each|across|between)\s+(the\s+)?teams?|\bteams?\s+(performance|comparison|results|revenue|ranking)|\b(rank|compare)\s+(the\s+|our\s+)?teams\b|\bthe\s+teams\b"), "team"),
    (_c(r"哪(个|些)(区域|地区|大区|片区|省|城市)|\bwhich\s+(regions?|areas?|territor(y|ies))\b|(按|各|每个|分|不同)(个)?(区域|地区|大区|片区|区)|区域分布|(by|per|each|across)\s+(regions?|areas?|territor(y|ies))"), "region"),
    (_c(r"哪(个|些)(来源|渠道)|从哪(里|儿)?来|来自哪|\bwhich\s+(lead\s+)?(sources?|channels?)\b|where\s+.{0,20}come\s+from|(按|各|每个|分|不同)(个)?(客户)?(来源|渠道)|来源分布|渠道分布|(by|per|each)\s+(lead\s+)?(sources?|channels?)"), "source"),
    (_c(r"哪(个|些)(行业|领域)|\bwhich\s+(industr(y|ies)|verticals?|sectors?)\b|(按|各|每个|分|不同)(个)?(行业|领域)|行业分布|(by|per|each|across)\s+(industr(y|ies)|verticals?|sectors?)"), "industry"),
    (_c(r"哪(个|些|类)(级别|等级)|\bwhich\s+tiers?\b|(按|各|每个|分|不同)(个)?(客户)?(级别|等级|层级|分级|类别客户)|(各|按)(abc|ABC)类|级别分布|(by|per|each)\s+(customer\s+)?(tiers?|levels?|segments?)"), "tier"),
    (_c(r"(按|各|每个|每家|每|分)(个|家|位)?客户(?!来源|级别|等级|类型|行业|区域)|哪(个|家|些|几个|几家)客户|客户(之间|排名|排行|榜)|(前|top)\s*\S{0,3}\s*(大|名|位|个|家)?的?客户|客户(前|top)"
        r"|(by|per|each|for\s+each)\s+(customer|account|client)s?\b|\bwhich\s+(customers?|accounts?|clients?)\b|\b(top|biggest|largest|best|worst|bottom)\s+(\d+\s+|three\s+|five\s+|ten\s+)?(customers?|accounts?|clients?)\b|\bcustomers?\s+by\b"), "customer"),
    (_c(r"(按|各|每个|每|分)(个)?(销售|人|业务员|业务|成员|同事|员工|位销售|位)|哪(个|些|位)(销售|人|业务员|业务|同事|员工)|每人|人均|个人|谁|排名|排行|龙虎榜|榜单|对比一下大家|(by|per|each|for\s+each)\s+(sales\s*)?(reps?|person|people|salespe(rson|ople)|members?|sellers?|owners?)|leaderboard|ranking|\bwho\b|\bwhich\s+(sales\s*)?(reps?|salespe(rson|ople)|sellers?|people|person|members?|owners?)\b|\bper\s+head\b|\btop\s+(\d+\s+|three\s+|five\s+)?(reps?|sales\s*(people|persons|reps?)|performers|sellers)|\bbest\s+(performing\s+)?(reps?|sellers|performers|salespe(rson|ople))|(最多|最好|最高|最少|最低|最差)的(销售|人|同事)|(没有?|未)(成交|签单|赢单|开单).{0,4}的(销售|人|同事)|前[三五十0-9]+名"),
     "rep"),
    (_c(r"每天|每日|按天|按日|逐日|日趋势|每一天|daily|by\s+day|per\s+day|each\s+day|day\s+by\s+day"), "day"),
    (_c(r"每周|按周|每星期|每个星期|每一周|逐周|周趋势|weekly|by\s+week|per\s+week|each\s+week|week\s+(by|over)\s+week"), "week"),
    (_c(r"每月|按月|每个月|逐月|月度趋势|月趋势|各月|monthly|by\s+month|per\s+month|each\s+month|month\s+(by|over)\s+month"), "month"),
]

# a breakdown by a unit no grouping has ("各季度", "by quarter"): never answered with one total
UNSUPPORTED_GROUP = _c(r"(各|每|按)(个)?季度|季度(分布|趋势|对比)|\bquarterly\b|\b(by|per|each)\s+quarter\b|(各|每|按)(个)?年(?!度)|\b(by|per)\s+year\b")

TREND_PATTERN = _c(r"趋势|走势|变化|trend|over\s+time|history")

# "我" as the speaker (not 我们, not 帮我/给我 asking for help), "my"/"I"
SELF_PATTERN = _c(r"(?<![帮给替告诉让叫请跟和])我(?!们|司|方|组|团队|部门|想|要|需要|看看|查查|问)|\bmy\b(?!\s+team)|\bi\b|\bme\b")

# text that tries to drive the database or the model: answered with the help line
HOSTILE_PATTERN = _c(
    r"\b(drop|truncate|alter)\s+(table|database|schema)\b|\bdelete\s+from\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b"
    r"|\bunion\s+select\b|;\s*--|'\s*or\s+'?1'?\s*=\s*'?1|\bselect\s+.+\s+from\b|\bexec(ute)?\s*\("
    r"|ignore\s+(all\s+)?(the\s+)?(previous|prior|above|earlier)\s+(instructions?|prompts?|rules?)"
    r"|disregard\s+(all\s+)?(previous|prior|above)|system\s+prompt|jailbreak|you\s+are\s+now"
    r"|忽略(之前|以上|前面|上面|所有)|无视(之前|以上|前面|上面)|(删除|清空|删掉|删了)(所有|全部)?(数据|表|数据库|客户|记录)|提示词"
)

# a pipeline question that asks "how many" counts open deals
PIPELINE_COUNT = _c(r"how\s+many|number\s+of|几个|多少个|几单|多少单|多少笔|几笔|数量|count|(单子|订单|合同)(有)?(多少|几)(?!钱)")

# to-do questions (what is due) belong to the follow-up list, not to a metric
TODO_PATTERN = _c(
    r"(要|该|需要|待|计划|安排)(去)?(跟进|拜访|联系|回访)(谁|哪些|哪几|的客户|什么)|(谁|哪些客户|哪个客户)(要|该|需要)(跟进|拜访|联系)"
    r"|follow[\s-]?ups?\s+(due|for\s+(today|tomorrow))|(who|which\s+customers?)\s+(should|do|must)\s+i\s+(follow|visit|call)"
    r"|\bmy\s+(to-?do|todo|agenda|follow[\s-]?ups?)\b(?!.*overdue)"
    r"|^\s*(please\s+)?(send|write|draft|email|remind|schedule|book|create|add|log|record|delete|remove)\b(?!\s*(counts?|volume|numbers?|totals?|stats|statistics|activity|per|by)\b)"
    r"|^\s*(请|麻烦)?(帮我|帮忙|给我|替我)?(写|发|起草|提醒|安排|预约|创建|新建|添加|记录|删除|删掉)"
)

# English words for industries / regions that the data may store in Chinese
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "制造": ("manufacturing", "manufacturer", "industrial"),
    "医疗": ("healthcare", "medical", "health care", "hospital"),
    "教育": ("education", "schools"),
    "消费": ("consumer", "retail", "fmcg"),
    "物流": ("logistics", "shipping", "transport"),
    "能源": ("energy", "utilities"),
    "软件": ("software", "saas"),
    "金融": ("finance", "financial", "banking", "fintech"),
    "零售": ("retail",),
    "互联网": ("internet",),
}
REGION_WORDS: dict[str, tuple[str, ...]] = {
    "华东": ("east china", "eastern china", "the east"),
    "华南": ("south china", "southern china", "the south"),
    "华北": ("north china", "northern china", "the north"),
    "华中": ("central china",),
    "西南": ("southwest", "south-west", "south west"),
    "西北": ("northwest", "north-west", "north west"),
    "东北": ("northeast", "north-east", "north east"),
}
SOURCE_WORDS: dict[str, tuple[str, ...]] = {
    "官网": ("website", "web site", "inbound web", "official site"),
    "展会": ("trade show", "trade shows", "tradeshow", "exhibition", "expo"),
    "转介绍": ("referral", "referrals", "referred"),
    "老客户": ("existing customer", "existing customers", "repeat customer"),
    "电话营销": ("telemarketing", "cold call", "cold calls", "outbound call"),
    "公众号": ("wechat official account", "official account"),
}

# things METRICS.md does not define: answered with the help text, never another metric's number
UNDEFINED_PATTERN = _c(
    r"(回款|收款|合同|签约)(的)?(目标|指标|任务|计划)|\b(collection|payment|contract)s?\s+(target|quota|goal)s?\b|账期|发票|开票|退款|满意度|投诉|客诉|响应(时间|速度|时长)|回复(时间|速度|时长)|利润|毛利|成本|费用|报销|提成|佣金|工资|"
    r"库存|续约率|续费率|流失率|复购|留存|出差|考勤|打卡|"
    r"(response|reply|turnaround|resolution)\s+time|respon(d|se)\s+(speed|rate)|satisfaction|\bnps\b|\bcsat\b|churn|retention|renewal|"
    r"\bprofit|margin|\bcosts?\b|expenses?|commission|salar(y|ies)|invoice|refund|complaints?|tickets?"
)

# money words: a question about amounts, not counts
MONEY_WORD = _c(r"金额|总额|额|钱|价值|多大|规模|\bamount|\bvalue|how\s+much|revenue|[$¥￥]")

# the wording of a won question that, over a period all ahead, asks what is expected to close
CLOSE_WORD = _c(r"签|关|成交|落地|赢|拿下|成单|进账|入账|销售额|金额|多少钱|close|closing|sign|win|land|book|revenue|sales|deals?")

# a whole message that asks for the asker's own numbers without a question word
# ("我的商机", "my deals", "my pipeline", "我今天记了几条", "what did I log today"): the registry reads it as a question
OWN_NUMBERS = _c(
    r"^\W*(show\s+(me\s+)?|list\s+)?my\s+(open\s+)?(deals|opportunities|opps|pipeline|pipe|funnel|numbers|stats)\W*$"
    r"|^\W*我(的|手上的|手里的)(商机|单子|项目|机会|pipeline|管道|漏斗|业绩|数据)\W*$"
    r"|(记|录|登记|填|报)(了|过)?(几|多少)(条|次|个|笔|项)"
    r"|\bwhat\s+(did|have)\s+i\s+(log(ged)?|record(ed)?|enter(ed)?|add(ed)?)\b"
)

# the forms of a question that no log takes: a breakdown of a measure ("各阶段商机数量", "每周拜访量",
# "上周华南组各销售拜访量"), a list or lookup ("有哪些", "干了啥", "黎总电话多少", "明德最近怎么样"), a ranking or
# a comparison ("排名", "前三", "环比", "vs last week"). The registry reads them as questions even when
# they name a customer or a contact.
QUESTION_FORM = _c(
    r"(各|每个?|按)(个|位|家)?(销售|人|阶段|团队|小组|组|区域|地区|行业|来源|渠道|类型|周|月|天|日|客户|级别)"
    r".{0,10}(拜访量|拜访次数|跟进次数|跟进量|活动量|电话量|数量|金额|成交额|销售额|业绩|转化率|赢率|商机数|个数|次数|多少)"
    r"|有哪些|有哪几|(哪些|哪几(个|家|笔|单)?)(客户|商机|单子?|订单|合同|回款|款|联系人|跟进|项目)|都有谁"
    r"|(干|做|忙)了?(啥|什么|些啥|些什么)|(电话|手机|号码|联系方式)(号码?)?(是)?多少|(最近|近况|现在)(怎么样|如何|咋样)|怎么样了|情况如何"
    r"|(跟进|拜访|沟通)记录|回款(明细|记录|清单)|谁(还)?欠|欠(着)?款|环比|同比|排名|排行|龙虎榜|谁第一|前[三五十0-9]+(名|位|的)"
    r"|\btop\s+\d+\b|\bhow('s|\s+is|\s+are)\b.{0,30}\bdoing\b|\b(vs\.?|versus|compared\s+(to|with))\b|\bwho\s+owes\b"
    r"|\b(weekly|monthly|daily)\s+(visits|calls|activities|revenue|sales|deals|win\s+rate|conversion)\b"
    r"|\b(visits|calls|activities|revenue|deals|pipeline|win\s+rate)\s+(by|per)\s+(rep|stage|team|week|month|day|customer|region|tier|source|industry)\b"
)
