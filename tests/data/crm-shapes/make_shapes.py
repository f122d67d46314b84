"""Write three CRM exports in the shapes their CRMs produce (run once; the files are committed).

Made-up companies and people, the CRMs' documented field names, rows laid out so every funnel figure can be
worked by hand (the figures are listed per shape below and checked in ``tests/intake/test_crm_shapes.py``).

* ``salesforce-eu/opportunities.csv``: an Opportunities report from a European-locale org, as Salesforce
  writes it (UTF-8 with a byte-order mark, ``;`` between fields, ``dd.mm.yyyy`` dates, decimal commas
  ``12.500,00``, ``31.12.3999`` for "no close date"), a custom stage ``Contract Sent``, a ``Probability (%)``
  column and no ``Amount`` column. 40 deals: 12 Closed Won, 8 Closed Lost, 20 open (Prospecting 4,
  Qualification 4, Needs Analysis 3, Proposal/Price Quote 3, Negotiation/Review 3, Contract Sent 3); the won
  deals took 20, 25, ..., 75 days from creation to close (median 47.5).
* ``bitrix24/deals.csv`` and ``activities.csv``: REST field names, dates ``2020-09-10T09:20:25+03:00`` (a
  creation time of day, a close date at midnight). 50 deals: the default pipeline (NEW 5, PREPARATION 4,
  PREPAYMENT_INVOICE 3, EXECUTING 3, FINAL_INVOICE 2 open; WON 12; LOSE 6 and APOLOGY 3 lost) and pipeline 1
  (C1:NEW 3 open, C1:WON 3, C1:LOSE 2, and the company's own closed stage C1:UC_ISSUED 4: an invoice issued,
  which this company counts as won). Won 19, lost 11, open 20; the won deals took 3, 5, 7, 8, 10, 12, 14, 15,
  18, 20, 21, 25, 28, 30, 35, 40, 45, 50, 60 calendar days (median 20); three lost deals closed the day they
  were created. Deals created from 2020-09-01 to 2021-01-29, the last actual event, as are 84 completed
  activities (responsible 1: 30, 7: 24, 12: 18, 15: 12); 10 more scheduled for March 2021, not completed, and
  the open deals' expected close dates fall after it. No type column.
* ``cordys/线索.xlsx``, ``客户.xlsx``, ``商机.xlsx``, ``跟进记录.xlsx``: CordysCRM export headers. 30 leads, 20
  customers graded 一般客户 / 重要客户 (the CRM's own grading), 40 opportunities (新建 5, 需求确认 5, 方案报价 4,
  商务谈判 4 open; 成功 14; 失败 8), 60 follow-ups (跟进类型 客户 / 线索: what was followed up; 跟进方式 电话 /
  拜访 / 微信 / 邮件: the channel). The won deals took 10, 14, 20, 25, 30, 33, 40, 45, 50, 55, 60, 70, 80, 90
  days (median 42.5).

    python tests/data/crm-shapes/make_shapes.py
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def _spread(stages: dict[str, int], rng: random.Random) -> list[str]:
    """Every stage repeated its count, in a fixed shuffled order."""
    out = [stage for stage, n in stages.items() for _ in range(n)]
    rng.shuffle(out)
    return out


def _eu_number(value: float) -> str:
    """``12500.0`` -> ``12.500,00`` (a European-locale report's number)."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


# --------------------------------------------------------------------------- Salesforce, European locale

SF_STAGES = {"Prospecting": (4, 10), "Qualification": (4, 20), "Needs Analysis": (3, 30),
             "Proposal/Price Quote": (3, 60), "Negotiation/Review": (3, 80), "Contract Sent": (3, 95),
             "Closed Won": (12, 100), "Closed Lost": (8, 0)}
KINDS = ["Rollout", "Pilot", "Renewal", "Upgrade"]
SF_WON_DAYS = [20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75]
SF_LOST_DAYS = [10, 15, 20, 30, 40, 50, 60, 70]


def salesforce_eu() -> None:
    rng = random.Random(3)
    stages = _spread({stage: n for stage, (n, _) in SF_STAGES.items()}, rng)
    owners = ["Anna Schmidt", "Lukas Weber", "Marie Dubois"]
    accounts = ["Nordwerk GmbH", "Alpenglas AG", "Rivière SARL", "Havnekraft AS", "Castellana SL", "Vistula SA",
                "Brugge Logistiek NV", "Tirol Maschinen GmbH", "Porto Têxteis Lda", "Lago Freddo Srl"]
    sources = ["Web", "Partner Referral", "Trade Show", "Phone Inquiry", "Seminar - Internal"]
    won, lost = iter(SF_WON_DAYS), iter(SF_LOST_DAYS)
    rows = []
    for i, stage in enumerate(stages):
        created = dt.date(2025, 2, 3) + dt.timedelta(days=5 * i)
        if stage == "Closed Won":
            close = f"{created + dt.timedelta(days=next(won)):%d.%m.%Y}"
        elif stage == "Closed Lost":
            close = f"{created + dt.timedelta(days=next(lost)):%d.%m.%Y}"
        elif stage in ("Prospecting", "Qualification"):
            close = "31.12.3999"  # no close date set yet
        else:
            close = f"{dt.date(2025, 12, 15) + dt.timedelta(days=3 * i):%d.%m.%Y}"  # expected, after the export
        amount = 5000 + 2500 * (i % 12)
        probability = SF_STAGES[stage][1]
        rows.append({
            "Opportunity Name": f"{accounts[i % len(accounts)].split()[0]} {KINDS[i % 4]} {i + 1:02d}",
            "Account Name": accounts[i % len(accounts)],
            "Stage": stage,
            "Probability (%)": probability,
            "Expected Revenue": _eu_number(amount * probability / 100),
            "Close Date": close,
            "Created Date": f"{created:%d.%m.%Y}",
            "Opportunity Owner": owners[i % 3],
            "Lead Source": sources[i % len(sources)],
            "Type": "New Business" if i % 3 else "Existing Customer - Upgrade",
        })
    folder = HERE / "salesforce-eu"
    folder.mkdir(exist_ok=True)
    pd.DataFrame(rows).to_csv(folder / "opportunities.csv", sep=";", index=False, encoding="utf-8-sig")


# --------------------------------------------------------------------------- Bitrix24

BX_OPEN = {"NEW": 5, "PREPARATION": 4, "PREPAYMENT_INVOICE": 3, "EXECUTING": 3, "FINAL_INVOICE": 2, "C1:NEW": 3}
BX_WON = {"WON": 12, "C1:WON": 3, "C1:UC_ISSUED": 4}
BX_LOST = {"LOSE": 6, "APOLOGY": 3, "C1:LOSE": 2}
BX_WON_DAYS = [3, 5, 7, 8, 10, 12, 14, 15, 18, 20, 21, 25, 28, 30, 35, 40, 45, 50, 60]
BX_LOST_DAYS = [0, 0, 0, 4, 6, 9, 11, 16, 22, 27, 33]
BX_ACTIVITIES = {1: 30, 7: 24, 12: 18, 15: 12}  # completed activities per responsible user
BX_FIRST, BX_LAST = dt.date(2020, 9, 1), dt.date(2021, 1, 29)  # first and last actual event


def _bx(day: dt.date, hour: int = 0, minute: int = 0, second: int = 0) -> str:
    return f"{day:%Y-%m-%d}T{hour:02d}:{minute:02d}:{second:02d}+03:00"


def bitrix24() -> None:
    rng = random.Random(24)
    stages = _spread({**BX_OPEN, **BX_WON, **BX_LOST}, rng)
    users = list(BX_ACTIVITIES)
    sources = ["CALL", "EMAIL", "WEB", "ADVERTISING", "PARTNER", "RECOMMENDATION", "TRADE_SHOW"]
    titles = ["Поставка оборудования", "Сервисный договор", "Внедрение системы", "Пилотный проект"]
    won, lost = iter(BX_WON_DAYS[::-1]), iter(BX_LOST_DAYS[::-1])  # the longest first: all closed by BX_LAST
    deals = []
    for i, stage in enumerate(stages):
        deal_id = 101 + i
        created = BX_FIRST + dt.timedelta(days=round(i * 150 / 49))  # 2020-09-01 ... 2021-01-29
        hour = (1, 9, 13, 17, 22)[i % 5]  # 01:15 Moscow time is the evening before in UTC: the day is Moscow's
        if stage in BX_WON:
            close, closed = created + dt.timedelta(days=next(won)), "Y"
        elif stage in BX_LOST:
            close, closed = created + dt.timedelta(days=next(lost)), "Y"
        else:
            close, closed = dt.date(2021, 2, 15) + dt.timedelta(days=i), "N"  # expected: after the last event
        deals.append({
            "ID": deal_id,
            "TITLE": f"{titles[i % 4]} №{deal_id}",
            "STAGE_ID": stage,
            "CATEGORY_ID": 1 if stage.startswith("C1:") else 0,
            "CLOSED": closed,
            "OPPORTUNITY": f"{150000 + 12500 * (i % 9):.2f}",
            "CURRENCY_ID": "RUB",
            "COMPANY_ID": 2001 + i % 15,
            "ASSIGNED_BY_ID": users[i % 4],
            "SOURCE_ID": sources[i % len(sources)],
            "DATE_CREATE": _bx(created, hour, 15, 25),
            "CLOSEDATE": _bx(close),
            "BEGINDATE": _bx(created),
        })
    # the last won deal closes on the last actual event's day or before it
    assert max(dt.date.fromisoformat(d["CLOSEDATE"][:10]) for d in deals if d["CLOSED"] == "Y") <= BX_LAST
    acts = []
    span = (BX_LAST - BX_FIRST).days
    n = sum(BX_ACTIVITIES.values())
    order = [user for user, count in BX_ACTIVITIES.items() for _ in range(count)]
    rng.shuffle(order)
    for k, user in enumerate(order):
        day = BX_FIRST + dt.timedelta(days=round(k * span / (n - 1)))
        start = _bx(day, 10 + k % 7, 5 * (k % 12))
        acts.append({"ID": 5001 + k, "OWNER_ID": 101 + k % 50, "OWNER_TYPE_ID": 2, "RESPONSIBLE_ID": user,
                     "START_TIME": start, "END_TIME": start.replace(f"T{10 + k % 7:02d}:", f"T{11 + k % 7:02d}:"),
                     "DEADLINE": start.replace(f"T{10 + k % 7:02d}:", f"T{11 + k % 7:02d}:"), "COMPLETED": "Y"})
    for k in range(10):  # scheduled, not done: they do not move the period
        day = dt.date(2021, 3, 1) + dt.timedelta(days=k)
        acts.append({"ID": 5101 + k, "OWNER_ID": 101 + 3 * k, "OWNER_TYPE_ID": 2, "RESPONSIBLE_ID": users[k % 4],
                     "START_TIME": _bx(day, 10), "END_TIME": _bx(day, 11), "DEADLINE": _bx(day, 11),
                     "COMPLETED": "N"})
    folder = HERE / "bitrix24"
    folder.mkdir(exist_ok=True)
    pd.DataFrame(deals).to_csv(folder / "deals.csv", index=False)
    pd.DataFrame(acts).to_csv(folder / "activities.csv", index=False)


# --------------------------------------------------------------------------- CordysCRM

CD_STAGES = {"新建": 5, "需求确认": 5, "方案报价": 4, "商务谈判": 4, "成功": 14, "失败": 8}
CD_WON_DAYS = [10, 14, 20, 25, 30, 33, 40, 45, 50, 55, 60, 70, 80, 90]
CD_LOST_DAYS = [7, 12, 18, 24, 30, 36, 42, 48]


def _cd_id(n: int) -> str:
    """A CordysCRM record id: a long number, kept as text."""
    return str(1_751_888_184_018_900 + n)


def cordys() -> None:
    rng = random.Random(8)
    reps = ["王磊", "李静", "陈晨", "赵敏"]
    teams = {"王磊": "华东销售一部", "李静": "华东销售一部", "陈晨": "华南销售部", "赵敏": "华南销售部"}
    names = ["华东精密机械", "苏南电子科技", "宁波新材料", "佛山食品", "青岛医疗设备", "合肥动力电池", "常州智能装备",
             "嘉兴化工", "无锡汽车配件", "东莞包装", "杭州云软件", "南京光电", "厦门海运", "成都制药", "武汉钢构",
             "长沙工程机械", "郑州粮油", "济南重工", "昆明花卉", "西安航材"]
    companies = [f"{n}有限公司" for n in names]
    customers = pd.DataFrame({
        "唯一ID": [_cd_id(100 + i) for i in range(20)],
        "客户名称": companies,
        "负责人": [reps[i % 4] for i in range(20)],
        "部门": [teams[reps[i % 4]] for i in range(20)],
        "客户等级": ["重要客户" if i % 4 == 0 else "一般客户" for i in range(20)],
        "行业": [["制造业", "电子", "化工", "食品", "医疗"][i % 5] for i in range(20)],
        "地区": [["江苏", "浙江", "广东", "山东", "安徽"][i % 5] for i in range(20)],
        "创建时间": [f"2024-{1 + i % 12:02d}-{1 + i:02d} 10:00:00" for i in range(20)],
        "创建人": [reps[(i + 1) % 4] for i in range(20)],
    })
    statuses = ["新建"] * 8 + ["跟进中"] * 10 + ["已转换"] * 8 + ["无效"] * 4
    rng.shuffle(statuses)
    leads = pd.DataFrame({
        "唯一ID": [_cd_id(500 + i) for i in range(30)],
        "线索名称": [f"{companies[i % 20][:4]}{['采购咨询', '设备询价', '方案需求'][i % 3]}" for i in range(30)],
        "负责人": [reps[i % 4] for i in range(30)],
        "部门": [teams[reps[i % 4]] for i in range(30)],
        "创建时间": [f"2025-{1 + i // 6:02d}-{3 + 4 * (i % 6):02d} {9 + i % 8:02d}:30:00" for i in range(30)],
        "线索来源": [["官网", "展会", "老客户介绍", "电话营销", "合作伙伴"][i % 5] for i in range(30)],
        "线索状态": statuses,
        "创建人": [reps[(i + 2) % 4] for i in range(30)],
    })
    stages = _spread(CD_STAGES, rng)
    won, lost = iter(CD_WON_DAYS), iter(CD_LOST_DAYS)
    created = [dt.datetime(2025, 1, 6, 9, 30) + dt.timedelta(days=4 * i, hours=i % 6) for i in range(40)]
    ends = []
    for stage, when in zip(stages, created):
        days = next(won) if stage == "成功" else next(lost) if stage == "失败" else 120
        ends.append(f"{when.date() + dt.timedelta(days=days):%Y-%m-%d}")
    projects = ["产线改造", "设备采购", "系统升级", "备件框架"]
    opps = pd.DataFrame({
        "唯一ID": [_cd_id(900 + i) for i in range(40)],
        "商机名称": [f"{companies[i % 20][:4]}{projects[i % 4]}项目" for i in range(40)],
        "客户名称": [companies[(3 * i) % 20] for i in range(40)],
        "商机阶段": stages,
        "金额": [float(50_000 + 25_000 * (i % 10)) for i in range(40)],
        "预计结束时间": ends,
        "创建时间": [f"{w:%Y-%m-%d %H:%M:%S}" for w in created],
        "负责人": [reps[i % 4] for i in range(40)],
        "部门": [teams[reps[i % 4]] for i in range(40)],
    })
    kinds = ["客户"] * 45 + ["线索"] * 15
    rng.shuffle(kinds)
    ways = ["电话", "拜访", "微信", "邮件"]
    follow = pd.DataFrame({
        "唯一ID": [_cd_id(2000 + i) for i in range(60)],
        "跟进类型": kinds,
        "跟进方式": [ways[i % 4] for i in range(60)],
        "跟进时间": [f"{dt.datetime(2025, 1, 8, 10) + dt.timedelta(days=3 * i, hours=i % 5):%Y-%m-%d %H:%M:%S}"
                 for i in range(60)],
        "跟进人": [reps[i % 4] for i in range(60)],
        "客户名称": [companies[i % 20] if kind == "客户" else "" for i, kind in enumerate(kinds)],
        "跟进内容": [["介绍方案", "确认需求", "报价沟通", "技术答疑", "催促回款"][i % 5] for i in range(60)],
    })
    folder = HERE / "cordys"
    folder.mkdir(exist_ok=True)
    for name, frame in (("线索", leads), ("客户", customers), ("商机", opps), ("跟进记录", follow)):
        with pd.ExcelWriter(folder / f"{name}.xlsx", engine="xlsxwriter",
                            engine_kwargs={"options": {"strings_to_numbers": False}}) as xl:
            xl.book.set_properties({"created": dt.datetime(2025, 6, 30)})  # the same bytes on every run
            frame.to_excel(xl, sheet_name=name, index=False)


if __name__ == "__main__":
    salesforce_eu()
    bitrix24()
    cordys()
