"""What the bot says, in Chinese and English: labels, money and dates, fixed messages."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from domain.labels import KIND_LABELS, STAGE_LABELS

STAGE = STAGE_LABELS
KIND = KIND_LABELS
WEEKDAY = {"zh": "一二三四五六日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
SYMBOL = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "HKD": "HK$"}
CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+", re.ASCII)

T = {
    "zh": {
        "undo": "撤销", "edit": "修改", "cancel": "取消", "saved": "✅ 已记录", "deal": "📈 商机",
        "followup": "⏰ 跟进", "close": "预计 {d} 成交", "lost_reason": "原因：{r}",
        "refuse": "抱歉，我还不认识您，不能处理消息。请把您的 {ch} ID {sid} 发给管理员，开通后即可使用。",
        "which_customer": "「{name}」对应多个客户，是哪一个？",
        "new_customer": "没找到客户「{name}」。要新建这个客户并记录吗？",
        "create": "新建「{name}」", "no_customer": "没看出是哪个客户。请带上客户名称再发一次，例如「今天拜访了{customer}{contact}」。",
        "undone": "↩️ 已撤销：{what}", "nothing_to_undo": "没有可以撤销的记录（只能撤销 24 小时内最近的一条）。",
        "cancelled": "好的，已取消，什么都没保存。", "nothing_pending": "没有待确认的问题。",
        "expired": "这个按钮已过期，请重新发送消息。",
        "edit_prompt": "请直接说要改什么，例如「金额改成65万」「不是明德食品，是明德建材」「日期是昨天」「跟进改到下周一」「改成电话」。",
        "edit_none": "没有可以修改的记录。请先发一条拜访或商机记录。",
        "edit_unclear": "没看懂要改什么。可以说「金额改成65万」「不是明德食品，是明德建材」「日期是昨天」「跟进改到下周三」。",
        "edited": "✏️ 已修改",
        "edit_same": "已经是这样了，不用改（{what}）。",
        "edit_no_visit": "刚才那条只记了商机（{what}），没有拜访的日期、跟进或方式可改。可以改金额、阶段、预计成交日期或客户。",
        "already_undone": "刚才那条已经撤销了（{what}）。更早的记录请点它下面的「撤销」按钮。",
        "edit_undone": "刚才那条已经撤销了（{what}），没有可以修改的。请重新发送完整的记录。",
        "hello": "您好，{name}！直接发拜访情况或问数据即可，发「帮助」看我能做什么。",
        "thanks": "不客气 🙂", "ack": "👌",
        "still_open_choice": "❓ 还有一条待确认：「{name}」是哪一个？回复数字或名称，或回复「算了」。",
        "still_open_new": "❓ 还有一条待确认：要新建「{name}」吗？回复「好」或「算了」。",
        "still_open_deal": "❓ 还有一条待确认：{name} 的哪个商机？回复数字或名称，或回复「算了」。",
        "still_open_contract": "❓ 还有一条待确认：{name} 的回款是哪份合同的？回复数字或名称，或回复「算了」。",
        "unknown": "没太明白。可以直接说拜访情况（如「今天拜访了{customer}{contact}，报价60万」），或问数据（如「本周各销售拜访量」）。发「帮助」看我能做什么。",
        "error": "抱歉，处理这条消息时出错了，已记下原始消息。请稍后再试，或换个说法。",
        "followups_none": "今天没有到期的跟进 👍", "followups_head": "⏰ 到期跟进（{n}）：",
        "followups_none_until": "截至 {d} 没有要跟进的客户 👍", "followups_head_until": "⏰ 截至 {d}要跟进（{n}）：",
        "overdue": "逾期", "due_today": "今天",
        "claim_which": "要认领哪个客户？例如「认领 {pool}」。",
        "claim_none": "公海里没有找到「{name}」。", "claim_taken": "这个客户不在公海里，已有负责人。", "claim_owned": "「{name}」已有负责人：{owner}。",
        "claimed": "✅ 已认领 {name}，现在由您负责。", "claim_pick": "公海里有多个「{name}」，认领哪一个？",
        "start_known": "您好，{name}！直接发拜访情况或问数据即可。发「帮助」看我能做什么。",
        "help": ("我可以：\n"
                 "• 记录拜访/电话/商机：直接说，如「今天下午拜访了{customer}{contact}，报价60万已发，预计月底签，下周三再去」\n"
                 "• 计划、回款、联系人也直接说：「明天上午去拜访{customer}」「收到{customer}回款20万」「加个联系人 {customer} 王芳 采购 13800001111」\n"
                 "• 撤销或修改刚才的记录：点按钮，或说「撤销」「金额改成65万」「不是{customer}，是{other}」「日期是昨天」；"
                 "「我最近的记录」列出最近几条，「撤销 2」撤销倒数第 2 条\n"
                 "• 回答数据问题并出图：「本周各销售拜访量」「本月成交金额」「pipeline by stage」「谁三天没跟进了」\n"
                 "• 要跟进谁：「今天要跟进谁」「这周要跟进谁」\n"
                 "• 认领公海客户：「认领 {pool}」"),
        "choose_number": "（回复数字选择：{opts}）",
        "planned": "🗓 计划", "plan_done": "（计划已完成）", "contract": "📄 合同", "signed": "签约 {d}",
        "installments": "分 {n} 期：{steps}", "no_due_day": "日期未定（未存入回款计划，说出日期后再记）", "payment": "💰 回款", "balance": "合同余额 {b}",
        "contact": "👤 联系人", "and_more": " 等 {n} 条",
        "not_yours": "这个客户不在你的名下，没有记录。",
        "not_yours_some": "⚠️ 有一个客户不在你的名下，那部分没有记录。",
        "duplicate": "已记录过（10 分钟内发过同样的消息），这次没有重复记录。",
        "duplicate_pending": "同样的消息刚才收到了，还在等您回答上面的问题。",
        "loss_not_open": "{name} 没有进行中的商机，输单没有记录。",
        "loss_not_open_any": "没有找到进行中的商机，输单没有记录。",
        "no_contract": "{name} 没有未结清的合同，这笔回款没有记录。请先记录合同（如「{name}签了，合同100万」）。",
        "invoice": "收到，回款到账后告诉我，我来记。",
        "payment_not_yet": "好的，款还没到账，这次没有记回款。到账后告诉我，我来记。",
        "which_day_done": "没看出是哪天的事，没有记录。请写明日期再发一次，例如「11月18日拜访了明德食品」。",
        "amount_check": "金额 {amount} 看起来不对，没有记录。请确认金额后再发一次。",
        "amount_check_any": "金额看起来不对，没有记录。请确认金额后再发一次。",
        "payment_amount": "回款金额是多少？这次没有记录，请带上金额再发一次，例如「收到华信回款20万」。",
        "nothing_saved": "这条消息里没有可以记录的内容，什么都没保存。",
        "which_day": "没看出计划是哪天，没有记录。请带上日期再发一次，例如「明天上午去拜访恒通」。",
        "which_deal": "{name} 有几个进行中的商机，是哪一个？",
        "which_contract": "{name} 有几份没结清的合同，这笔回款是哪一份的？",
        "recent_head": "🧾 您最近的记录（说「撤销 2」撤销第 2 条）：", "recent_none": "24 小时内没有您的记录。",
        "undo_nth_none": "没有第 {n} 条记录（24 小时内共 {total} 条）。发「我最近的记录」查看。",
    },
    "en": {
        "undo": "Undo", "edit": "Edit", "cancel": "Cancel", "saved": "✅ Saved", "deal": "📈 Deal",
        "followup": "⏰ Follow up", "close": "closing {d}", "lost_reason": "reason: {r}",
        "refuse": "Sorry, I don't know you yet, so I can't handle messages from you. Please give your {ch} id "
                  "{sid} to the admin; once added you can start.",
        "which_customer": "\"{name}\" fits several customers. Which one?",
        "new_customer": "No customer \"{name}\" yet. Create it and save?",
        "create": "Create \"{name}\"", "no_customer": "Which customer was it? Please send again with the customer's name.",
        "undone": "↩️ Undone: {what}", "nothing_to_undo": "Nothing to undo (only your latest log of the last 24 h).",
        "cancelled": "OK, cancelled; nothing was saved.", "nothing_pending": "There is no open question.",
        "expired": "This button has expired; please send the message again.",
        "edit_prompt": "Tell me what to change, e.g. \"amount should be $80k\", \"not Acme, it's Apex\", "
                       "\"the date should be yesterday\", \"make it a call\".",
        "edit_none": "Nothing to edit. Log a visit or a deal first.",
        "edit_unclear": "I didn't get the change. Try \"amount should be $80k\", \"not Acme, it's Apex\", "
                        "\"the date should be yesterday\", \"follow-up should be next Monday\".",
        "edited": "✏️ Updated",
        "edit_same": "That's already so, nothing to change ({what}).",
        "edit_no_visit": "That log was a deal update only ({what}); it has no visit date, follow-up or kind to "
                         "change. You can change the amount, stage, close date or customer.",
        "already_undone": "That one is already undone ({what}). To undo an earlier log, tap Undo under it.",
        "edit_undone": "That log was undone ({what}), so there is nothing to edit. Please send it again in full.",
        "hello": "Hi {name}! Just tell me about your visits or ask for numbers. Send \"help\" to see more.",
        "thanks": "You're welcome 🙂", "ack": "👌",
        "still_open_choice": "❓ Still open: which \"{name}\"? Reply with a number or the name, or \"no\".",
        "still_open_new": "❓ Still open: create \"{name}\"? Reply \"yes\" or \"no\".",
        "still_open_deal": "❓ Still open: which deal of {name}? Reply with a number or its name, or \"no\".",
        "still_open_contract": "❓ Still open: which contract of {name} is the payment for? Reply with a number, "
                               "or \"no\".",
        "unknown": "Sorry, I didn't get that. Tell me about a visit (\"Met {contact} at {customer} today, budget $150k\") or "
                   "ask for numbers (\"visits by rep this week\"). Send \"help\" to see what I can do.",
        "error": "Sorry, something went wrong handling this message; the message is kept. Please try again.",
        "followups_none": "No follow-ups due today 👍", "followups_head": "⏰ Follow-ups due ({n}):",
        "followups_none_until": "Nothing to follow up on through {d} 👍",
        "followups_head_until": "⏰ Follow-ups through {d} ({n}):",
        "overdue": "overdue", "due_today": "today",
        "claim_which": "Which customer? e.g. \"claim {pool}\".",
        "claim_none": "No \"{name}\" in the public pool.",
        "claim_taken": "That customer isn't in the public pool; someone already owns it.", "claim_owned": "\"{name}\" is already owned by {owner}.",
        "claimed": "✅ Claimed {name}; it is yours now.", "claim_pick": "Several \"{name}\" in the public pool. Which one?",
        "start_known": "Hi {name}! Just tell me about your visits or ask for numbers. Send \"help\" to see more.",
        "help": ("I can:\n"
                 "• log visits, calls and deals from your own words: \"Met {contact} at {customer} today, budget $150k, "
                 "demo next Tuesday\"\n"
                 "• plans, payments and contacts too: \"visit {customer} tomorrow morning\", \"{customer} paid 20k today\"\n"
                 "• undo or edit the last log: tap a button, or say \"undo\", \"amount should be $80k\", "
                 "\"the date should be yesterday\"; \"my last records\" lists them, \"undo 2\" undoes the 2nd latest\n"
                 "• answer questions with a chart: \"visits by rep this week\", \"my pipeline\", \"weekly conversion\"\n"
                 "• list what is due: \"my follow-ups\", \"follow-ups due this week\"\n"
                 "• claim a public-pool customer: \"claim {pool}\""),
        "choose_number": "(reply with a number: {opts})",
        "planned": "🗓 Planned", "plan_done": " (planned, now done)", "contract": "📄 Contract", "signed": "signed {d}",
        "installments": "plan: {steps}", "no_due_day": "no due day yet (not in the payment schedule until you give one)", "payment": "💰 Payment", "balance": "contract balance {b}",
        "contact": "👤 Contact", "and_more": " and {n} more",
        "not_yours": "That customer isn't yours; nothing was saved.",
        "not_yours_some": "⚠️ One customer named isn't yours; nothing was saved for it.",
        "duplicate": "Already recorded (you sent the same message within 10 minutes); nothing saved twice.",
        "duplicate_pending": "Got that message a moment ago; it is waiting for your answer to the question above.",
        "loss_not_open": "{name} has no open deal, so no loss was recorded.",
        "loss_not_open_any": "There is no open deal to lose, so nothing was recorded.",
        "no_contract": "{name} has no contract with money owed, so the payment was not recorded. Log the contract "
                       "first (e.g. \"{name} signed, contract $100k\").",
        "invoice": "Got it. Tell me when the payment arrives and I'll record it.",
        "payment_not_yet": "OK, no money has arrived yet, so no payment was recorded. Tell me when it does.",
        "which_day_done": "I couldn't tell which day that was, so nothing was saved. Please send it again with "
                          "the date, e.g. \"visited Acme on Nov 18\".",
        "amount_check": "The amount {amount} looks wrong, so nothing was saved. Please check it and send again.",
        "amount_check_any": "The amount looks wrong, so nothing was saved. Please check it and send again.",
        "payment_amount": "How much was received? Nothing was saved; please send it again with the amount, "
                          "e.g. \"Huaxin paid 200k\".",
        "nothing_saved": "There was nothing in that message to record, so nothing was saved.",
        "which_day": "I couldn't tell which day that plan is for, so nothing was saved. Please send it again with "
                     "the day, e.g. \"visit Acme tomorrow morning\".",
        "which_deal": "{name} has several open deals. Which one?",
        "which_contract": "{name} has several contracts with money owed. Which one is this payment for?",
        "recent_head": "🧾 Your latest records (say \"undo 2\" to undo the 2nd):",
        "recent_none": "You have no records from the last 24 hours.",
        "undo_nth_none": "There is no record {n} (you have {total} from the last 24 hours). Say \"my last records\" "
                         "to see them.",
    },
}


def lang_of(text: str, default: str) -> str:
    """The language to answer in. Text without Chinese characters is English when it has Latin words.
    Mixed text is weighed by words: runs of Chinese characters against English words (lowercase ones,
    and a capitalised first word followed by a space) — names in the other script ("Met 夏总 at 嘉禾电力
    today", "今天拜访了Pinecrest的Anna Baker") do not flip it; a tie goes to the script the text starts
    with. The org default when the text has neither."""
    text = re.sub(r"(^|\s)/\w+", " ", text or "").strip()
    text = ADDRESS.sub(" ", text)  # an e-mail or web address is no English
    zh = CJK_RUN.findall(text)
    if not zh:
        return "en" if LATIN_WORD.search(text) else default
    en = len(re.findall(r"(?<![A-Za-z])[a-z][a-z]+\b", text)) + bool(re.match(r"[A-Z][a-z]+\s", text))
    if len(zh) != en:
        return "zh" if len(zh) > en else "en"
    return "zh" if CJK.match(text) or not re.match(r"[A-Za-z]", text) else "en"


def t(lang: str, key: str, **kw: object) -> str:
    s = T.get(lang, T["zh"])[key]
    return s.format(**kw) if kw else s


def money(amount: float, currency: str) -> str:
    """¥600,000 / $150,000 / EUR 1,200.50"""
    sym = SYMBOL.get(currency.upper())
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    num = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{sign}{sym}{num}" if sym else f"{sign}{currency.upper()} {num}"


def short_date(d: date) -> str:
    return d.strftime("%m-%d")


def day_with_weekday(d: date, lang: str) -> str:
    """11-25（周三） / 11-25 (Wed)"""
    if lang == "zh":
        return f"{short_date(d)}（周{WEEKDAY['zh'][d.weekday()]}）"
    return f"{short_date(d)} ({WEEKDAY['en'][d.weekday()]})"


GREETING = re.compile(r"^(?:你好|您好|hi|hello|hey|哈喽|嗨|早|早安|早上好|上午好|中午好|下午好|晚上好|"
                      r"good (?:morning|afternoon|evening))[呀啊！!。.,，~ ]*$", re.I)
THANKS = re.compile(r"^(?:谢谢|多谢|感谢|谢了|辛苦了|thanks?(?: you)?|thx|ty|cheers)(?:[ ，,]*(?:啦|了|你|您|a lot|so much))*"
                    r"[呀啊！!。.,，~🙏 ]*$", re.I)
ACK = re.compile(r"^(?:好|好的|好滴|嗯|嗯嗯|行|收到|明白|知道了|ok|okay|k|got it|cool|great|nice)[！!。.~ ]*$", re.I)
# an invoice issued is no money received: nothing to record, the bot says it will record the payment
INVOICE = re.compile(r"(?i)发票|开票|开了票|\binvoic(?:e|ed|es|ing)\b")
WORDLESS = re.compile(r"^[\W_]+$")  # no letters, digits or CJK: emoji and punctuation


def social_reply(text: str) -> str | None:
    """The key of a short social answer for chit-chat (a greeting, thanks, an "ok" or only emoji), else None."""
    s = text.strip()
    if GREETING.match(s):
        return "hello"
    if THANKS.match(s):
        return "thanks"
    if ACK.match(s) or (WORDLESS.match(s) and any(unicodedata.category(c) == "So" for c in s)):
        return "ack"
    return None
