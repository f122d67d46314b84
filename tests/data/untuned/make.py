"""Write the two exports the mapping assistant was not tuned on (run once; the files are committed).

* ``cn-crm-xlsx/CRM导出_2025.xlsx``: a Chinese CRM's export, sheets 线索 / 客户 / 商机 / 跟进记录, 30 rows each.
* ``pipedrive/deals.csv``, ``organizations.csv``, ``persons.csv``: a Pipedrive-style export.

    python tests/data/untuned/make.py
"""
from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def cn_crm(rng: random.Random) -> None:
    industries = ["汽车零部件", "电子制造", "化工", "食品饮料", "医疗器械", "新能源"]
    provinces = ["江苏", "浙江", "上海", "广东", "山东", "安徽"]
    reps = ["王磊", "李静", "陈晨", "赵敏"]
    companies = [f"{p}{w}有限公司" for p, w in zip(
        ["华东", "苏南", "宁波", "佛山", "青岛", "合肥", "常州", "嘉兴", "无锡", "东莞"] * 3,
        ["精密机械", "电子科技", "新材料", "食品", "医疗设备", "动力电池", "智能装备", "化工", "汽车配件",
         "包装"] * 3)]
    customers = pd.DataFrame({
        "客户编号": [f"KH{2023000 + i}" for i in range(30)],
        "客户名称": [f"{c[:2]}{i:02d}{c[2:]}" for i, c in enumerate(companies)],
        "所属行业": [rng.choice(industries) for _ in range(30)],
        "省份": [rng.choice(provinces) for _ in range(30)],
        "员工人数": [rng.choice([80, 150, 320, 600, 1200, 2500]) for _ in range(30)],
        "年营业额（万元）": [rng.choice([3000, 8000, 15000, 42000, 120000]) for _ in range(30)],
        "客户等级": [rng.choice(["A(重点)", "B(普通)", "C(一般)"]) for _ in range(30)],
        "负责人": [rng.choice(reps) for _ in range(30)],
        "创建时间": [f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(30)],
    })
    sources = ["官网咨询", "展会", "老客户介绍", "电话营销", "百度推广", "微信公众号"]
    statuses = ["待跟进", "跟进中", "已转商机", "无效"]
    leads = pd.DataFrame({
        "线索编号": [f"XS{25010 + i}" for i in range(30)],
        "联系人": [rng.choice(["张", "刘", "孙", "周", "吴"]) + rng.choice(["先生", "女士", "经理", "工"])
                 for _ in range(30)],
        "公司名称": [customers["客户名称"][rng.randrange(30)] for _ in range(30)],
        "手机": [f"13{rng.randint(100000000, 999999999)}" for _ in range(30)],
        "线索来源": [rng.choice(sources) if i % 9 else "" for i in range(30)],  # 4 blank sources
        "线索状态": [rng.choice(statuses) for _ in range(30)],
        "负责人": [rng.choice(reps) for _ in range(30)],
        "创建时间": [f"2025/{rng.randint(1, 6)}/{rng.randint(1, 28)} {rng.randint(8, 18)}:{rng.randint(0, 59):02d}"
                 for _ in range(30)],
        "首次跟进时间": [f"2025/{rng.randint(7, 8)}/{rng.randint(1, 28)}" if rng.random() < 0.7 else ""
                   for _ in range(30)],
    })
    stages = ["初步接洽", "需求确认", "方案报价", "商务谈判", "赢单", "输单"]
    opp_stage = [rng.choice(stages) for _ in range(30)]
    opps = pd.DataFrame({
        "商机编号": [f"SJ{250100 + i}" for i in range(30)],
        "商机名称": [f"{rng.choice(['产线改造', '设备采购', '系统升级', '备件框架'])}项目{i + 1}" for i in range(30)],
        "客户编号": [customers["客户编号"][rng.randrange(30)] for _ in range(30)],
        "商机阶段": opp_stage,
        "预计成交金额（元）": [f"{rng.randint(5, 300) * 10000:,}" for _ in range(30)],
        "预计成交日期": [f"2025-{rng.randint(7, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(30)],
        "赢率": [f"{rng.choice([10, 30, 50, 70, 90])}%" for _ in range(30)],
        "负责人": [rng.choice(reps) for _ in range(30)],
        "创建日期": [f"2025-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}" for _ in range(30)],
        "商机状态": ["赢单" if s == "赢单" else "输单" if s == "输单" else "进行中" for s in opp_stage],
        "输单原因": [rng.choice(["价格偏高", "选择了竞争对手", "项目取消"]) if s == "输单" else "" for s in opp_stage],
        "来源线索": [leads["线索编号"][i] if i % 3 == 0 else "" for i in range(30)],
    })
    visits = pd.DataFrame({
        "记录编号": [f"GJ{9000 + i}" for i in range(30)],
        "跟进时间": [f"2025-{rng.randint(1, 8):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 18):02d}:00"
                 for _ in range(30)],
        "跟进人": [rng.choice(reps) for _ in range(30)],
        "客户编号": [customers["客户编号"][rng.randrange(30)] for _ in range(30)],
        "跟进方式": [rng.choice(["电话", "上门拜访", "微信", "邮件"]) for _ in range(30)],
        "跟进内容": [rng.choice(["介绍方案", "确认需求", "催促回款", "技术答疑", "报价沟通"]) for _ in range(30)],
        "关联商机": [opps["商机编号"][rng.randrange(30)] if rng.random() < 0.5 else "" for _ in range(30)],
    })
    target = HERE / "cn-crm-xlsx" / "CRM导出_2025.xlsx"
    target.parent.mkdir(exist_ok=True)
    with pd.ExcelWriter(target, engine="xlsxwriter") as xl:
        for name, frame in (("线索", leads), ("客户", customers), ("商机", opps), ("跟进记录", visits)):
            frame.to_excel(xl, sheet_name=name, index=False)


def pipedrive(rng: random.Random) -> None:
    orgs = ["Nordwind GmbH", "Bluefin Logistics", "Castello SpA", "Delta Foods BV", "Elmwood Ltd", "Fjord Tech AS",
            "Granite Works", "Helios Energy", "Ivory Labs", "Juniper Retail", "Kestrel Air", "Lumen Optics"]
    owners = ["Maria Keller", "Tom Baker", "Sofia Rossi"]
    organizations = pd.DataFrame({
        "Organization - ID": range(101, 101 + len(orgs)),
        "Organization - Name": orgs,
        "Organization - Owner": [rng.choice(owners) for _ in orgs],
        "Organization - Address": [rng.choice(["Berlin, Germany", "Milan, Italy", "Oslo, Norway", "Leeds, UK"])
                                   for _ in orgs],
        "Organization - Number of employees": [rng.choice([25, 80, 240, 900, 3000]) for _ in orgs],
        "Organization - Industry": [rng.choice(["Logistics", "Food", "Software", "Energy", "Retail"]) for _ in orgs],
        "Organization - Organization created": [f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 09:15:00"
                                                for _ in orgs],
    })
    persons = pd.DataFrame({
        "Person - ID": range(501, 521),
        "Person - Name": [f"{rng.choice(['Anna', 'Ben', 'Carla', 'Dario', 'Eva'])} "
                          f"{rng.choice(['Novak', 'Smith', 'Berg', 'Conti'])}" for _ in range(20)],
        "Person - Organization": [rng.choice(orgs) for _ in range(20)],
        "Person - Email": [f"contact{i}@example.com" for i in range(20)],
        "Person - Owner": [rng.choice(owners) for _ in range(20)],
        "Person - Person created": [f"2024-1{rng.randint(0, 2)}-0{rng.randint(1, 9)} 14:02:11" for _ in range(20)],
    })
    stages = ["Qualified", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started"]
    status = [rng.choice(["open", "open", "won", "lost"]) for _ in range(30)]
    created = [pd.Timestamp("2025-01-06") + pd.Timedelta(days=rng.randint(0, 150), hours=rng.randint(8, 17))
               for _ in range(30)]
    deals = pd.DataFrame({
        "Deal - ID": range(1, 31),
        "Deal - Title": [f"{rng.choice(orgs).split()[0]} {rng.choice(['pilot', 'renewal', 'rollout', 'upgrade'])}"
                         for _ in range(30)],
        "Deal - Value": [rng.randint(2, 90) * 500 for _ in range(30)],
        "Deal - Currency": "EUR",
        "Deal - Organization": [rng.choice(orgs) for _ in range(30)],
        "Deal - Contact person": [persons["Person - Name"][rng.randrange(20)] for _ in range(30)],
        "Deal - Pipeline": "Sales pipeline",
        "Deal - Stage": [rng.choice(stages) for _ in range(30)],
        "Deal - Status": status,
        "Deal - Deal created": [f"{d:%Y-%m-%d %H:%M:%S}" for d in created],
        "Deal - Expected close date": [f"{d + pd.Timedelta(days=60):%Y-%m-%d}" for d in created],
        "Deal - Won time": [f"{d + pd.Timedelta(days=rng.randint(20, 90)):%Y-%m-%d %H:%M:%S}" if s == "won" else ""
                            for d, s in zip(created, status)],
        "Deal - Lost time": [f"{d + pd.Timedelta(days=rng.randint(10, 60)):%Y-%m-%d %H:%M:%S}" if s == "lost" else ""
                             for d, s in zip(created, status)],
        "Deal - Lost reason": [rng.choice(["Price", "No budget", "Went with competitor"]) if s == "lost" else ""
                               for s in status],
        "Deal - Owner": [rng.choice(owners) for _ in range(30)],
        "Deal - Source origin": [rng.choice(["Manually created", "Web forms", "Import", "Prospector"])
                                 for _ in range(30)],
    })
    folder = HERE / "pipedrive"
    folder.mkdir(exist_ok=True)
    deals.to_csv(folder / "deals.csv", index=False)
    organizations.to_csv(folder / "organizations.csv", index=False)
    persons.to_csv(folder / "persons.csv", index=False)


if __name__ == "__main__":
    cn_crm(random.Random(2025))
    pipedrive(random.Random(11))
