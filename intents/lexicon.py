"""Words for stages, activity kinds, follow-ups and questions, in Chinese and English.

Patterns run on folded text (`intents.normalize.fold`: simplified, half-width, lower case).
"""

from __future__ import annotations

import re

_NEG_ZH = r"(?<!没)(?<!未)(?<!不)(?<!没有)(?<!还没)(?<!尚未)"
_NEG_EN = r"(?<!not )(?<!n't )(?<!never )(?<!yet to be )(?<!to be )"

# stage -> pattern; checked in this order, the first stage found wins for won/lost,
# otherwise the most advanced open stage said
STAGE_PATTERNS: dict[str, re.Pattern] = {
    "lost": re.compile(
        _NEG_ZH + r"(丢单|丢了|输单|输了|输给了?|黄了|没戏了|泡汤|失败了|落选|没中标|未中标|流失|放弃了|不做了|不考虑了|不打算(?:买|采购|合作|做)了|不买了|不采购了|不合作了|取消了(?:项目|采购)?|项目(?:被)?取消|流标|废标|没拿下|没签成|没谈成|失单|丢了单|被截胡|黄掉|选了(?:别家|别的|其他|竞品|竞争对手|友商|对手|低价)|选择了(?:别家|其他|竞品|友商|对手|竞争对手)|"
        r"用了(?:别家|竞品|友商)|被(?:竞品|友商|对手|竞争对手)抢|谈崩了?|(?:单子|项目|订单|这单|那单|这个单|生意|线索)(?:也|就|算是|彻底|基本)?(?:没了|飞了|凉了|吹了|死了|挂了))|"
        + _NEG_EN + r"\b(lost(?! (?:contact|touch|track))|closed[- ]lost|decided not to (?:proceed|buy|move forward)|not moving forward|passed on (?:us|our)|chose \w+(?: \w+)? over us|went with (?:a |another |the )?(?:competitor|rival|vendor)|picked (?:a |another )?(?:competitor|rival|vendor)|"
        r"chose (?:a |another )?(?:competitor|rival|vendor)|no longer interested|dropped out|cancell?ed the (?:project|deal|purchase)|"
        # a deal or lead said dead (the lead is dead, the renewal went dead, deal's dead in the water)
        r"(?:deal|lead|opportunity|oppty|project|purchase|order|renewal|bid|tender|pilot|expansion|upgrade|subscription)s?"
        r"(?:'s|\s+(?:is|was|are|were|went|has|have|gone|now|just|officially|basically|pretty much|totally|completely))+\s+dead\b(?: in the water)?)\b"),
    "won": re.compile(
        _NEG_ZH + r"(签了|签下|已签|签约了|签完|签好了|签单了?|签署了|合同签了|合同已签|(?:谈|签|拿)下来了|赢单|赢了|赢下|成交了|已成交|拿下|中标了?|下单了|已下单|付款了|打款了|回款了|落地了|搞定了|成单了?|签回来了|收到po|po到了|拿到了(?:po|采购订单|订单)|拿到(?:po|采购订单|订单)了|(?:po|采购订单)(?:已经?)?(?:下来了|发过来了|收到了)|下了(?:采购)?订单|合同已?盖(?:好)?章|盖章寄回|盖完章|(?:那边|这边|这单|单子|订单)(?:已经?|也|终于)?定了|签约\s*(?=[0-9一二三四五六七八九十两][0-9.一二三四五六七八九十两百千]*\s*(?:万|w|k|元|块)))|"
        + _NEG_EN + r"\b((?<!budget )(?<!budget was )(?<!budget is )(?<!budget got )(?<!budget has been )(?<!finance )signed(?! off on (?:the |their |a |our )?budget)|closed[- ]won|won(?!['’]t)|(?:^|we |just |finally )closed(?![- ]lost)|closed the deal|deal closed|closed it|inked|countersigned|got the (?:deal|contract|po)|po received|received the po|(?:the |their |a )?po (?:came in|arrived|landed|is in)|(?:got|received|have|'ve got) (?:a |the |their |our )?(?:po|purchase order|sign-?off)|(?:po|purchase order) (?:was |has been )?(?:received|issued)|issued (?:us )?(?:a |the |their )?(?:po|purchase order)|(?:^|, ?)sign-?off from|deal (?:is )?done|they signed|it'?s a win)\b"),
    "negotiation": re.compile(
        r"(商务谈判|谈判|(?:还|仍|正|一直)在谈|在谈(?:价|合同|条款|折扣|细节|商务)|议价|砍价|压价|谈价格?|讨价还价|合同条款|商务条款|合同细节|走合同|审合同|谈合同|合同审批|合同审核|合同评审|审核合同|法务)|\b(negotiat\w*|redlines?|contract terms|legal review|contract review|reviewing the contract|terms|haggl\w*|pushing back on price)\b"),
    "proposal": re.compile(
        r"(?<!要)(?<!需要)(?<!准备)(?<!再)(?<!下周)(报价单?|报了价|报过价|方案已发|发了方案|方案发了|提交了方案|方案已提交|发了报价|递交了?方案|投标|方案阶段|方案(?:已经?|都)?(?:发|寄|传|递|交|提交)(?:过去|给.{1,4})?了)|"
        r"\b(quote sent|(?:sent|e-?mailed|mailed|forwarded|shared) (?:(?!about\b|asking\b|regarding\b|re\b|for\b|on\b)[\w'.@-]+,? ){0,8}(?:quote|quotation|proposal|pricing)|(?:quote|quotation|proposal|pricing) (?:e-?mailed|sent|shared|forwarded)|quoted|proposal (?:sent|submitted)|submitted (?:a |the |our )?(?:proposal|quote|bid)|quotation|"
        r"(?:quote|quotation|proposal|pricing)\s+(?:\S+\s+){1,3}(?:sent|submitted|delivered)|proposal stage|"
        r"(?:mov\w*|push\w*|advanc\w*|progress\w*|went|got|now) (?:in)?to (?:the )?proposal)\b"),
    "qualified": re.compile(
        r"(需求(?:(?:基本|已经|已|都|也|均|全部|完全|大致|大体|差不多|基本上)(?:上)?)?(?:确认|明确|敲定|定下来|定了)|确认需求|确认了需求|明确了需求|(?<!没有)(?<!无)意向(?!不(?!错))|(?<!没)(?<!不)(?<!没有)(?:有|很有|挺有|比较有|非常有)兴趣|(?<!不)(?<!没)(?<!不太)(?<!不怎么)感兴趣|立项了?|预算\s*批了|预算\s*批下来了|预算\s*已批|确认了预算|预算确认|预算已确认|"
        r"预算已批|budget\s*(?:已批|批了|批下来了?|已确认|确认了))|\b(qualified|confirmed (?:the |their )?(?:need|needs|requirements?|budget|scope)|(?:needs|requirements?|budget|scope) (?:(?:is|are|was|were|has been|have been|now|all|fully|mostly|basically|finally) )*confirmed|budget approved|strong interest|(?<!not )(?<!n't )(?<!no longer )(?<!if )(?<!whether )(?<!if they're )(?<!if they are )(?:(?:very|really|quite|seems?|sounds?|are|is|was|were|genuinely)\s+)?interested)\b"),
    "lead": re.compile(
        r"(新机会|新线索|线索|新商机|有个机会|有个商机|初步接触|初次接触|首次接触|刚接触|刚认识|潜在客户)|\b(new (?:lead|opportunity|prospect)|"
        r"(?:a|an|early[- ]stage|hot|warm|cold|good|solid|inbound|fresh) lead(?! time)|lead stage|first contact|initial contact|intro(?:ductory)? (?:call|meeting)|first meeting|prospect)\b"),
}
STAGE_ORDER = ("lead", "qualified", "proposal", "negotiation")

# a sign-off on a piece of the work before the deal (pilot scope signed off, got sign-off on the design,
# 需求确认书签了, 技术方案签字确认了): an approval, no signing of the deal. A sign-off on the deal, contract or PO
# says nothing of these and stays a win.
_APPROVED_EN = (r"(?:scope|budget|design|requirements?|specs?|specifications?|proposal|(?<!business )plan|architecture|"
                r"blueprint|mock-?ups?|wireframes?|timeline|roadmap)s?")
_APPROVED_ZH = r"(?:需求|方案|预算|设计|范围|规格|蓝图|排期|计划)(?:确认书|确认单|说明书|文档|书|稿|图)?"
SIGN_OFF_APPROVAL = re.compile(
    _APPROVED_ZH + r"(?:也|已经?|都|终于|正式)?(?:签字确认|签了字|签字|签批|签了|签完|已签|签好|签署|签过)了?|"
    r"签字确认了?[^，,。；;！!？?]{0,6}?" + _APPROVED_ZH + "|"
    r"\b" + _APPROVED_EN + r"(?:\s+(?:was|were|is|are|has|have|been|got|gets|now|all|finally|just|officially|formally|"
    r"fully|already))*\s+sign(?:ed|s)?[- ]?off\b|"
    r"\bsign(?:ed|s)?[- ]?off(?:\s+from(?:\s+\S+){1,4}?)?\s+(?:on|for|of)\s+(?:the\s+|their\s+|our\s+|a\s+|an\s+|its\s+)?"
    r"(?:[\w-]+\s+){0,2}?" + _APPROVED_EN + r"\b")

# kind -> pattern; the first kind said in a clause that is not about the future wins
KIND_PATTERNS: dict[str, re.Pattern] = {
    "meeting": re.compile(r"(视频会议|视频会|视频(?!号|资料|素材|教程|文件|介绍|链接)|线上会议?|远程会议|电话会议|腾讯会议|钉钉会议|飞书会议|(?<!在)(?<!正在)(?<!还在)(?<!临时)(?<!说)开会|会议|开了个?会|开个会|开一个会|碰头会|周会|展会|博览会|论坛|峰会|研讨会|交流会|年会|沙龙)|"
                          r"\b(video call|video meeting|zoom|teams (?:call|meeting)|conference call|(?<!was in a )(?<!is in a )(?<!were in a )(?<!'s in a )(?<!busy in a )(?<!stuck in a )(?<!in another )meetings?|con-?call|met online|ran into|bumped into|at (?:a|an|the) (?:conference|expo|trade ?show|exhibition|summit|trade fair))\b"),
    "demo": re.compile(r"(演示|试用|demo|poc|样机|产品展示|试点(?!项目|工程|方案))|"
                       r"\b(demo(?:ed|'d)?|demonstrat\w*|trial|(?:ran|run|running|runs|started|starting|kicked off|launched|did|doing) (?:a |an |the |our )?pilot)\b"),
    "call": re.compile(r"(voice ?mail|nobody answered|no one answered|nobody picked up|no one picked up|not picking up|没人接|没接电话|未接通|电话没接|打了?电话|电话(?!\s*[:：]?\s*\+?[0-9][0-9 -]{6,})(?!号)|来电|致电|通话|回电|call)|\b(called|call|calls|phoned|phone|rang|spoke (?:to|with) .{0,20}on the phone|no answer|(?:didn'?t|did not) (?:pick up|answer)|(?:couldn'?t|could not|can'?t|cannot|unable to|failed to|wasn'?t able to) (?:reach|get hold of|get ahold of|get through))\b"),
    "message": re.compile(r"(微信|短信|邮件|发邮件|email|钉钉|飞书|企微|发消息|留言|qq|(?<![开出研启激分批])发(?:了|给\S{1,8}?)?.{0,6}?(?:合同|方案|报价单|资料|材料|文件|清单|草稿|案例|彩页|手册|介绍)|(?:合同草稿|资料|材料|文件|清单|草稿|案例|彩页|手册)(?:已经|已)?发(?:了|过去|给))|\b(e-?mailed|e-?mail|wechat(?:ed)?|texted|text|sms|messaged|message|whatsapp(?:ed)?|linkedin|dm(?:ed|'d)?|ping(?:ed)?|reach(?:ed)? out|sent (?:over )?(?:\w+ ){0,3}(?:the |a |our )?(?:proposal|quote|deck|contract|draft|brochure|case study|pricing|price list|slides|materials|docs?|documents?))\b"),
    "visit": re.compile(r"(拜访|拜訪|拜会|上门|陌拜|到访|来访|来公司|来我司|来我们公司|来厂里|登门|(?<![发寄传转递邮送])(?<![发寄传转递邮送]过)去了|(?<![发寄传转递邮送])去过|跑了|见了|见到|见面|面谈|面见|约见|现场|实地|参观|走访|回访|看了现场|陪.{1,8}看)|"
                        r"\b(visited|visit|met|meet|f2f|face-to-face|went to|stopped by|dropped by|on[- ]site|onsite|in person|face to face|drop(?:ped)? in)\b"),
}

# a clause is about the future when it holds one of these
FUTURE_MARK = re.compile(r"(再|下次|回头|将|准备|计划|打算|约了|约好|预计|安排|要|需要|会|待|等|之前|以前|前)|\b(will|'ll|next|plan(?:ning)? to|going to|schedule[d]?|to follow|due|need|needs|by|upcoming|tomorrow)\b")
FOLLOWUP_MARK = re.compile(r"(再|回访|跟进|联系|答复|回复|给|发|约|过去|再去|上门|见|沟通|确认|演示|提交|推进|复盘)|\b(follow[- ]?up|reply|respond|call|visit|meet|send|demo|check in|get back|due|revert|circle back)\b")
CLOSE_AFTER = re.compile(r"^\s*(?:前|之前|左右|以前|内)?\s*(?:一定|肯定|应该|估计|有望|可能|就|才|基本)?\s*(?:能|要|会|可以|争取|预计|计划)?\s*(?:签约|签合同|签单|签下|续签|续约|签|成交|采购|下单|落单|落地|定下来|拍板|付款|结单|上线|上系统|上项目|启动项目|招标|决策|走流程|定)(?!不|没)")
CLOSE_BEFORE = re.compile(r"(\b(?:to be|will be|be|gets?|getting|being) signed|\b(?:pushed|postponed|delayed|moved|slipped|pushing|moving)\b(?:\s+\w+){0,3}\s+(?:to|until|into)|推迟到|延期到|延迟到|推到|延到|顺延到|改到|预计|计划|争取|签约|成交|采购|下单|closing|close|closes|sign|signing|signature|decision|purchase|po|go[- ]live)\s*(?:(?:is\s+)?(?:expected|due|planned|scheduled)\s+)?(?:in|by|on|at|for|date|around|before|until|is|:)?\s*(?:the\s+)?$")
CLOSE_AFTER_EN = re.compile(r"^\s*(?:前|之前|以前|内)?\s*(?:to |for |we |they |will |can |should |could |expect to |plan to )?(close|closing|signing|sign|signature|decision|purchase|po|go[- ]live)\b")

# questions and commands
QUESTION_MARK = re.compile(
    r"[?？]\s*$|吗\s*[?？]?\s*$|(几家|几次|几个|几单|多少|哪些|哪个|哪家|谁|怎么样|如何|排名|排行|对比|统计|汇总|报表|占比|趋势|分布|列出|看看|看下|看一下|查一下|查下|查查|查询|有没有|帮我(?:看|查|找|列|统计))|"
    r"^\s*(how|what|which|who|whom|show|list|give me|tell me|compare|rank|report|why|when|where|is|are|did|do|does|can|could)\b|"
    r"\b(how many|how much|what's|what is|top \d+|by (?:rep|team|stage|region|tier|industry|source|month|week|day|kind))\b")
METRIC_WORDS = re.compile(
    r"(拜访量|漏斗|拜访次数|跟进次数|活动量|转化率|赢率|成交率|业绩|销售额|成交金额|成交额|客单价|销售周期|在手商机|管道|加权|预测|目标完成率|达成率|新增客户|新线索|新增商机|赢单数|输单数|逾期|各销售|各组|每个销售|每周|每月|每天|按月|按周)|"
    r"\b(revenue|funnel|win rate|conversion|pipeline|forecast|quota|attainment|avg deal|average deal|deal size|sales cycle|new leads|overdue|activities|visits|by team|by rep|per rep|weekly|monthly|daily)\b")

COMMANDS: list[tuple[str, re.Pattern]] = [
    ("help", re.compile(r"^\s*(/help|/?帮助|help|help me|怎么用|如何使用|使用说明|说明书|你能做什么|能做什么|你会什么|what can you do|how (?:do|does|to) (?:i )?use (?:this|it|you)|how does this work|菜单|menu|\?)\s*[!！?？。.]*\s*$")),
    # greetings (你好, hi, 早上好) are chit-chat (CHITCHAT → intent unknown), only start words start
    ("start", re.compile(r"^\s*(/start|start|开始)\s*[!！。.]*\s*$")),
    ("undo", re.compile(r"^\s*(/undo|撤销|撤回|撤消|undo|(?:删掉|删除|删了|删)(?:刚才|刚刚|上一条|最后一条)|(?:刚才|刚刚|上一条|最后一条)(?:那条|的)?(?:记错了|写错了|录错了|错了|不对)?[，,\s]*(?:删掉|删除|删了|撤销|撤回|不要了)(?:吧|它)?|刚才那条不要了|刚刚那条不要了|刚才记错了)(?:上一条|刚才那条|刚才的|一下|last|that)?.{0,6}$")),
    ("undo", re.compile(r"^\s*(?:please\s+|pls\s+)?(?:undo|delete|remove|erase|scrap|scratch|revert|take back|roll back)\s+"
                        r"(?:(?:that|this|it)(?:\s+(?:one|entry|log|record|message|note|update))?|(?:my|the)\s+(?:last|previous|latest)(?:\s+(?:one|entry|log|record|message|note|update))?|"
                        r"(?:the\s+)?last\s+(?:one|entry|log|record|message|note|update)|what i (?:just )?(?:logged|entered|sent))"
                        r"(?:\s+(?:please|pls))?\s*[!！。.]*\s*$")),
    ("cancel", re.compile(r"^\s*(/cancel|取消|算了|cancel|never ?mind|forget it|不用了|不记了|不要了)\s*"
                          r"(?:刚才那条|刚才的|刚才|上一条|这条|那条|that|this|it|the last one|last one)?\s*[!！。.]*\s*$")),
    ("claim", re.compile(r"^\s*(/claim|认领|claim)(?!\s*了?\s*[吗呢?？])\s*(?:了|一下|下)?\s*(.*)$")),  # 认领了X: X, not 了X
    ("followups", re.compile(r"(今天|今日|本周|这周)?(要|该|需要)?跟进(谁|哪些|什么)|我的跟进|待跟进|跟进列表|to-?do|^\s*/followups|\bmy follow-?ups\b|\bwho (?:should|do) i follow up\b|\bfollow-?ups? (?:today|due)\b")),
]

CHITCHAT = re.compile(r"^\s*(在吗|在不在|你好吗|(?:你|您|大家)好|hi|hello|hey|hiya|good (?:morning|afternoon|evening)|[早午晚]上好|下午好|中午好|周末愉快|辛苦啦|好的?|好滴|收到|嗯+|哦+|ok|okay|thanks?|thank you|谢谢|多谢|辛苦了?|明白|了解|知道了|行|可以|没问题|哈+|👍|yes|no|sure|cool|great|nice|bye|拜拜|早|早上好|晚安)"
                      r"[\s,，.。!！~～]*(好的?|收到|谢谢|了|啦|呀|哈|ok|thanks)?[\s,，.。!！~～]*$")

# words that end a Chinese company name before its legal form (远航|电子|有限公司)
INDUSTRY_WORDS: tuple[str, ...] = tuple(sorted(set(
    "智能制造 医疗器械 教育科技 新能源 信息技术 网络科技 生物科技 电子科技 数据科技 智能科技 医疗科技 软件 科技 电子 食品 建材 物流 "
    "医疗 教育 制造 能源 化工 机械 设备 材料 新材料 贸易 商贸 实业 汽车 汽车零部件 零部件 环保 通信 传媒 文化 地产 置业 物业 药业 医药 "
    "生物 网络 信息 电气 电器 智能 控股 投资 咨询 管理 服务 信息服务 金融信息服务 金融服务 供应链 供应链管理 包装 纺织 服饰 家居 农业 "
    "金融 数据 技术 工业 精密 光电 半导体 自动化 系统 云 国际货运 货运 国际物流 电子商务 商务 智能装备 装备 培训 教育咨询 融资租赁 "
    "租赁 连锁 酒店 餐饮 旅游 广告 设计 工程 建设 建筑 装饰 印刷 仪器 仪表 检测 安防 光伏 储能 电池 环境 水务 燃气 石化 钢铁 "
    "健康 养老 保险 证券 资本 集成 工贸 发展 股份 集团 国际 新能 环境科技 能源科技 精工 机电 重工 五金 模具 塑胶 电力 医药科技".split()), key=len, reverse=True))

# cities and provinces that start a Chinese company name (南京|远航电子|有限公司)
CITY_WORDS: tuple[str, ...] = tuple((
    "北京 上海 天津 重庆 广州 深圳 杭州 南京 苏州 成都 武汉 西安 长沙 郑州 青岛 济南 厦门 福州 宁波 无锡 合肥 昆明 沈阳 大连 "
    "哈尔滨 长春 石家庄 太原 南昌 南宁 贵阳 兰州 海口 珠海 佛山 东莞 温州 常州 徐州 烟台 中山 惠州 嘉兴 绍兴 台州 金华 扬州 "
    "南通 泉州 漳州 保定 唐山 洛阳 呼和浩特 乌鲁木齐 拉萨 银川 西宁 昆山 江阴 义乌 芜湖 潍坊 淄博 镇江 盐城 湖州 "
    "广东 浙江 江苏 山东 河南 河北 湖南 湖北 四川 福建 安徽 江西 广西 云南 贵州 山西 陕西 甘肃 辽宁 吉林 黑龙江 内蒙古 "
    "新疆 西藏 宁夏 青海 海南 香港 澳门 台湾 中国 "
    "廊坊 沧州 邯郸 邢台 衡水 承德 张家口 秦皇岛 大同 阳泉 长治 晋城 朔州 晋中 运城 临汾 吕梁 包头 鄂尔多斯 赤峰 通辽 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 吉林市 四平 辽源 通化 白山 松原 延边 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 连云港 淮安 宿迁 泰州 衢州 舟山 丽水 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 莆田 三明 南平 龙岩 宁德 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 枣庄 东营 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 开封 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 韶关 汕头 江门 湛江 茂名 肇庆 梅州 汕尾 河源 阳江 清远 潮州 揭阳 云浮 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 三亚 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 遵义 六盘水 安顺 毕节 铜仁 曲靖 玉溪 保山 昭通 丽江 普洱 大理 宝鸡 咸阳 铜川 渭南 延安 汉中 榆林 安康 商洛 嘉峪关 金昌 白银 天水 酒泉 张掖 武威 克拉玛依 吐鲁番 哈密 喀什 石嘴山 吴忠 常熟 张家港 太仓 宜兴 慈溪 余姚 诸暨 海宁 晋江 石狮 顺德 南海 浦东 滨海 雄安 苏州工业园区"
).split())

# two-character words a short form of a customer's name must not cut in half ("万泰电话没打通" is 万泰 + 电话,
# not 万泰电(子)): a prefix key ending on a word's first character gives way to a shorter key
NAME_CUT_WORDS: frozenset[str] = frozenset((
    "电话", "拜访", "微信", "邮件", "会议", "开会", "合同", "报价", "方案", "回款", "签约", "签单", "演示", "见面",
    "上门", "付款", "打款", "到账", "来电", "来访", "那边", "这边", "项目", "单子", "老板", "采购", "技术", "总经",
))
