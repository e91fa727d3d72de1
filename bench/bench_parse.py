"""Offline parse speed with 20,000 customers in the directory (goal: ≤ 2 ms per message).

usage: .venv/bin/python bench/bench_parse.py [--customers 20000] [--rounds 5]
Generates the customers (Chinese and English names, aliases, owners, two contacts each),
builds the directory once, then parses a mix of messages and prints the figures.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intents.directory import ContactRecord, ContractInfo, CustomerRecord, DealInfo, Directory  # noqa: E402
from intents.registry import classify  # noqa: E402

CITIES = "北京 上海 广州 深圳 杭州 南京 苏州 成都 武汉 重庆 天津 西安 长沙 青岛 宁波 无锡 合肥 厦门".split()
SYL = "安 博 辰 达 德 鼎 东 飞 丰 港 冠 海 瀚 恒 宏 华 汇 嘉 金 京 凯 蓝 朗 利 龙 美 明 纳 鹏 启 琪 瑞 锐 盛 世 泰 天 通 万 维 伟 祥 新 鑫 信 星 兴 旭 亚 阳 耀 亿 益 银 永 宇 远 源 跃 云 泽 哲 振 正 智 中 众 卓".split()
INDUSTRY = "科技 电子 软件 食品 建材 物流 医疗器械 新能源 智能制造 教育科技 机械 化工 环保 传媒 药业 汽车".split()
LEGAL = ["有限公司", "股份有限公司", "集团有限公司"]
EN_A = "Acme Apex Atlas Beacon Bright Cedar Crest Delta Echo Falcon Granite Harbor Horizon Iron Keystone Lumen Maple Nova Orion Peak Pioneer Quantum Redwood Summit Titan Vertex Willow Zenith".split()
EN_B = "Robotics Systems Logistics Foods Medical Analytics Energy Labs Software Partners Materials Networks".split()
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 秀 霞 平 刚 桂 文 华 建 波 鹏 辉 斌 宇 浩 凯 健 俊 帆 帅 旭 宁 龙 林 欢 阳 晨 博 雪 琳 晶 婷 倩 颖 慧".split()


def make_directory(n: int, reps: int, seed: int = 7) -> tuple[Directory, list[CustomerRecord]]:
    rnd = random.Random(seed)
    customers, contacts, seen = [], [], set()
    while len(customers) < n:
        if rnd.random() < 0.12:
            core = f"{rnd.choice(EN_A)} {rnd.choice(EN_B)}"
            name = f"{core} Ltd"
            aliases = (core, core.split()[0])
        else:
            brand = "".join(rnd.sample(SYL, 2))
            core = brand + rnd.choice(INDUSTRY)
            name = rnd.choice(CITIES) + core + rnd.choice(LEGAL)
            aliases = (core,)
        if name in seen:
            continue
        seen.add(name)
        cid = f"C{len(customers) + 1:05d}"
        owner = None if rnd.random() < 0.1 else f"R{rnd.randrange(reps):02d}"
        customers.append(CustomerRecord(id=cid, name=name, aliases=aliases, owner_id=owner))
        for _k in range(2):
            person = rnd.choice(SURNAMES) + "".join(rnd.sample(GIVEN, rnd.choice((1, 2))))
            contacts.append(ContactRecord(id=f"P{len(contacts) + 1:06d}", customer_id=cid, name=person))
    deals = [DealInfo(id=f"D{k:06d}", customer_id=c.id, title=f"{c.aliases[0]}设备采购", amount=100000.0)
             for k, c in enumerate(customers) if k % 3 == 0]
    contracts = [ContractInfo(id=f"H{k:06d}", customer_id=c.id, amount=200000.0, owed=50000.0)
                 for k, c in enumerate(customers) if k % 5 == 0]
    views = {f"R{r:02d}": frozenset({f"R{r:02d}"}) for r in range(reps)}
    return Directory(customers, contacts, deals=deals, contracts=contracts, views=views), customers


def messages(customers: list[CustomerRecord], rnd: random.Random) -> list[tuple[str, str | None]]:
    """(message, speaker): each message spoken by the owner of the customer it names."""
    out: list[tuple[str, str | None]] = []
    for c in rnd.sample(customers, 60):
        short = c.aliases[0]
        out += [(t, c.owner_id) for t in [
            f"今天上午拜访了{short}的张总，介绍了新产品，下周三再约技术交流",
            f"{short}王经理电话，报价60万已发，预计月底签",
            f"{c.name}签了！120万",
            f"Met John Carter at {short} yesterday, budget about $150k, demo next Tuesday.",
            f"去了{short[:2]} 见了李总",
            f"{short} 于总 拜访 合同金额调整为 95 万 下月底签",
            f"前天给{short}做了产品演示，反馈很好",
            f"{short}丢单了，对方选了低价供应商",
            f"明天上午去拜访{short}的王总",
            f"收到{short}回款20万",
            f"{short}加个联系人 王芳 采购经理 13800001111",
        ]]
    pool = [c for c in customers if c.owner_id == "R01"]
    for a, b in zip(pool[:60:2], pool[1:60:2], strict=False):  # round-ups: two customers each
        out.append((f"今天跑了两家：{a.aliases[0]}、{b.aliases[0]}，都是例行回访", "R01"))
    out += [(t, "R01") for t in ["本月各销售拜访量", "我这周拜访了几家？", "revenue by team this quarter", "撤销上一条",
                                  "好的收到", "今天陌拜了苏州云图数据科技，见了CTO赵磊"]]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=20000)
    ap.add_argument("--reps", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    t = time.perf_counter()
    directory, customers = make_directory(a.customers, a.reps)
    build = time.perf_counter() - t
    t = time.perf_counter()
    _ = directory.pinyin, directory.bigrams  # the typo indexes are built on first use
    lazy = time.perf_counter() - t
    rnd = random.Random(11)
    texts = messages(customers, rnd)
    today = date(2026, 11, 20)
    for text, speaker in texts[:20]:  # warm caches
        classify(text, speaker, today, directory)
    per_round = []
    worst = 0.0
    cpu0 = time.process_time()
    for _ in range(a.rounds):
        t0 = time.perf_counter()
        for text, speaker in texts:
            t1 = time.perf_counter()
            classify(text, speaker, today, directory)
            worst = max(worst, time.perf_counter() - t1)
        per_round.append((time.perf_counter() - t0) / len(texts))
    cpu = (time.process_time() - cpu0) / (a.rounds * len(texts))  # CPU time: what other load on the machine leaves out
    resolved = sum(1 for text, speaker in texts
                   if (r := classify(text, speaker, today, directory)).visit and r.visit.customer_id)
    print(f"customers: {len(directory)}  keys: {len(directory.keys)}  generate + build directory: {build:.2f} s"
          f" (+ typo indexes on first use: {lazy:.2f} s)")
    print(f"messages: {len(texts)} x {a.rounds} rounds")
    print(f"mean per message: {statistics.mean(per_round) * 1000:.2f} ms  (best round {min(per_round) * 1000:.2f} ms,"
          f" worst single message {worst * 1000:.2f} ms)")
    print(f"CPU time per message: {cpu * 1000:.2f} ms")
    print(f"visits resolved to a stored customer: {resolved}")


if __name__ == "__main__":
    main()
