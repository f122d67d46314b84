"""A seeded synthetic client: 华瑞智能装备有限公司（示例）, a Chinese B2B equipment maker.

:func:`make_sample` writes ``client.yaml`` and ``data/raw/`` as CRM exports look: a workbook with Chinese
sheet and column names, a UTF-8-BOM lead list with Chinese headers, a GB18030 opportunity export and UTF-8
CSV files with English headers (large scale: CSV only). Same seed and scale, same bytes.

Findings built in (figures for ``seed=7, scale="small"``; the analyses must rediscover them):

- **Leads ignored.** 71% of leads are not followed up within 7 days; 45% never (empty 首次跟进日期).
- **Wide but shallow channel.** 网站 brings 35% of leads; 4% become opportunities (all sources: 18%),
  and only 18% of its closed opportunities are won (all: 30%); cheap leads, so its return on cost is still
  above the trade shows' and the own events'.
- **Small active channel converts best.** 技术交流 (4% of leads, active): 68% become opportunities,
  22% are won (all: 4.7%), the highest win rate of closed opportunities (37%).
- **Cold visits are passive.** 陌生拜访 is typed passive (it looks active but is not); the
  active sources are 技术交流, the company's own 市场活动 and 交付服务, going to the customer before any tender.
- **Engage before the tender.** 29% of converted leads carry a tender date; deals created before it
  win 43%, deals engaged after it 10%.
- **Two reps lag on several measures.** R07 far behind: median follow-up delay 23 days (others <= 8), 66% of
  leads never followed (others ~38%), lead -> opportunity 5% (others ~20%), 15% of closed deals won, median
  cycle of won deals 135 days (others ~70). R14 behind: 15 days, 47%, 11%, 19% (``LAGGING``).
- **Little self-developed business.** Old customers (``customers.first_won_date`` before 2024) bring almost all
  the business that comes in by itself: 37% of the won revenue is from new customers or active sources, and
  97% of the passive-origin revenue is from old customers.
- **Funnel mouth too small.** ``revenue_target`` is 1.6x the revenue won in 2025 (409M vs 256M CNY).
- **Tiers rank outcomes.** Graded on 2024-12-31 (the kit's tier date), tier 1 > 2 > 3 > 4 > 5 on the deals
  created in 2025: win rate 64% > 43% > 37% > 24% > 19%, won value per customer CNY 2.0m > 0.65m > 0.23m >
  0.15m > 0.04m (:func:`_story`: level, and a lasting bond that brings leads and repeat wins).
  ``tiers_rank=False`` makes the opposite client (a stale grading: tier 5 wins more often than tier 1).
- **Quality customers without trust.** About half the ICP-quality customers outside the 5% named
  strategic accounts get few leads and no routine contact: of 174, 67 stay neutral (tier 4), 58 untouched.
- **Contact decays after a win**; service and finance contacts follow won deals, thinning out.
- **KPIs by segment.** Against the sample's ``kpi_targets`` (coverage 80%, win rate 30%, cycle 75 days) tier 4
  is furthest below: 8% of its customers get the contact the policy asks (tiers 1-3: 83-95%).
- **Time allocation.** ~47.5 h logged a week; direct selling 13% of hours (R07: 8%).
- **Quote turnaround.** Median 5 days, 27% within 48 hours, 14% over 14 days; won deals quoted faster
  (median 3 days, lost 6); deals quoted within 2 days win 60% of the time, those quoted after a week 28%.
- **Cash.** Won deals are delivered a week or more after the win (median about 15 days); of won deals 86% are
  invoiced and 68% have cash collected, some only half.
- **Thin records.** 8% of customers lack headcount or revenue; level given only for the named
  strategic accounts, relationship never (the kit derives both).
- **Leads wait to be handed out.** Assignment is the longest wait (median 5 days; assessment 1 day); 展会 leads
  wait 10 days; about 2,000 leads were never assigned; a third of the leads of lost deals went back to nurturing.
- **Contact before the hand-off pays.** Leads whose customer was contacted before the lead reached a rep become
  opportunities at 34%, the others at 16%.
"""
from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core.config import DEFAULT_STAGES, DEFAULT_TIME_CATEGORIES, IcpRules
from workbook.core.io import dump_yaml
from workbook.core.schema import TABLES

CLIENT_NAME = "华瑞智能装备有限公司（示例）"
START, END = np.datetime64("2024-01-01"), np.datetime64("2025-12-31")
CREATED = dt.datetime(2025, 12, 31, 18, 0, 0)  # xlsx document property: fixed, so bytes are stable
SCALES = {  # reps, customers, leads, activities, quotes
    "tiny": (8, 300, 3_000, 3_750, 225),  # many clients in one test session (the portfolio)
    "small": (20, 2_000, 20_000, 25_000, 1_500),
    "medium": (100, 20_000, 200_000, 250_000, 15_000),
    "large": (200, 50_000, 1_200_000, 1_500_000, 90_000),
}
LEAD_TO_OPP = 0.18  # calibration target before the period-end cut
REPORT_DATE = dt.date(2026, 1, 16)  # the engagement's hand-over, two weeks after the data end
TARGET_FACTOR = 1.6  # revenue_target = this x revenue won in the second year
SLOW_REP = 6  # index of the slow rep (R07)
LAGGING = {SLOW_REP: 1.0, 13: 0.45}  # reps who lag on several measures, and how much: R07 far behind, R14 behind
TIME_WEEKS = 10
KPI_TARGETS = {"coverage": 0.8, "win_rate": 0.3, "cycle_days": 75}  # the client's KPI targets by customer segment

# source, share, active/passive, scene, cost per lead, share with a known customer,
# never followed up, median follow-up delay (days), conversion and win multipliers
SOURCES = (
    ("老客户", 0.14, "passive", "销售活动", 100, 1.00, 0.35, 6, 1.5, 1.3),
    ("陌生拜访", 0.10, "passive", "销售活动", 300, 0.95, 0.40, 8, 0.8, 0.8),
    ("转介绍", 0.08, "passive", "销售活动", 200, 0.95, 0.35, 7, 1.4, 1.25),
    ("网站", 0.35, "passive", "市场活动", 60, 0.80, 0.55, 10, 0.35, 0.55),
    ("展会", 0.12, "passive", "市场活动", 1500, 0.90, 0.40, 8, 0.9, 0.9),
    ("技术交流", 0.04, "active", "销售活动", 1200, 1.00, 0.10, 3, 2.0, 1.6),
    ("市场活动", 0.10, "active", "市场活动", 800, 0.90, 0.45, 9, 0.7, 0.8),
    ("交付服务", 0.07, "active", "交付活动", 150, 1.00, 0.30, 5, 1.3, 1.2),
)
MONTH_WEIGHTS = np.array([0.8, 0.45, 1.2, 1.3, 1.3, 1.2, 0.9, 0.85, 1.2, 1.05, 1.25, 0.9])
SPRING_FESTIVALS = ("2024-02-10", "2025-01-29")

REGION_CITIES = {  # company-name prefixes (the region itself or a city) per region
    "华东": "华东 上海 苏州 无锡 常州 南京 杭州 宁波 温州 合肥 济南 青岛", "华南": "华南 深圳 广州 东莞 佛山 厦门 珠海",
    "华北": "华北 北京 天津 石家庄 太原", "华中": "华中 武汉 长沙 郑州", "西南": "西南 成都 重庆 昆明",
    "西北": "西北 西安 兰州", "东北": "东北 沈阳 大连 长春",
}
BRANDS = tuple("恒达 瑞丰 鑫源 宏远 博创 泰和 诚信 金航 天成 中鼎 新锐 德盛 安泰 联创 通达 润华 海纳 永信 嘉禾 凯德 "
               "华拓 卓越 远景 正泰 东升 佳诚 荣盛 万邦 精诚 国瑞 同创 宇航 振华 立信 世纪 明德 广源 兴业 "
               "金石 汇丰".split())
INDUSTRY_WORDS = {  # industry -> words used in company names
    "汽车零部件": "汽车零部件 汽配 传动 精密", "新能源": "新能源 光伏 储能", "电子制造": "电子 精密电子 微电子",
    "化工": "化工 新材料", "医疗器械": "医疗器械 医疗科技", "食品饮料": "食品 饮料", "工程机械": "重工 机械 工程机械",
    "家电": "电器 家电 智能", "航空航天": "航空科技 航天装备", "纺织": "纺织 织造",
}
SUFFIXES = ("有限公司", "股份有限公司", "集团")
MAIN_BUSINESS = {
    "汽车零部件": ("变速箱壳体加工", "汽车底盘零部件制造"), "新能源": ("动力电池模组生产", "光伏组件制造"),
    "电子制造": ("PCB组装", "消费电子代工"), "化工": ("精细化学品生产", "工程塑料改性"),
    "医疗器械": ("医用耗材生产", "影像设备组装"), "食品饮料": ("乳制品加工", "饮料灌装"),
    "工程机械": ("挖掘机结构件制造", "起重设备生产"), "家电": ("小家电制造", "空调压缩机生产"),
    "航空航天": ("航空结构件加工", "卫星零部件制造"), "纺织": ("棉纺织", "功能面料生产"),
}
GOALS = tuple("进入新能源汽车供应链 建设智能工厂 产能翻倍 拓展海外市场 提升自动化率 上市融资 "
              "数字化转型 降本增效".split())
BRANDING = ("行业领先", "知名", "一般", "不知名")  # shares by size rank: top 5%, 20%, 55%, 20%
REP_NAMES = tuple("张伟 李娜 王芳 刘洋 陈静 杨磊 赵敏 黄强 周杰 吴婷 徐涛 孙丽 马超 朱军 胡斌 郭亮 "
                  "何琳 林峰 罗欣 高飞".split())
SURNAMES = "张李王刘陈杨赵黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟娜芳洋静磊敏强杰婷涛丽超军斌亮琳峰欣飞华明辉鹏霞燕勇艳刚玲"
TEAMS = (("华东一组", 0.25), ("华东二组", 0.25), ("华南组", 0.2), ("华北组", 0.15), ("西部组", 0.15))
REGION_TEAMS = {"华东": (0, 1), "华南": (2, 2), "华北": (3, 3), "华中": (1, 1), "西南": (4, 4), "西北": (4, 4),
                "东北": (3, 3)}  # region -> two equally likely teams
LOST_REASONS = ("价格高于竞争对手", "竞争对手已提前引导招标", "客户预算取消", "方案不满足需求", "跟进不及时",
                "未接触到决策人", "项目延期搁置")
# activity types, planned share and median hours; type mix per department (销售, 服务交付, 财务)
ACT_TYPES = ("拜访", "电话", "邮件", "技术交流", "活动", "交付服务")
ACT_PLANNED = np.array([0.7, 0.45, 0.4, 0.8, 0.9, 0.6])
ACT_HOURS = np.array([3.0, 0.3, 0.2, 4.0, 3.0, 4.0])
DEPARTMENTS = ("销售", "服务交付", "财务")
DEPT_TYPES = np.array([[0.24, 0.44, 0.24, 0.05, 0.03, 0.0], [0.1, 0.3, 0.15, 0.0, 0.0, 0.45],
                       [0.0, 0.5, 0.5, 0.0, 0.0, 0.0]])
# mean time shares per role (外勤销售, 内勤销售, 销售支持) in config.DEFAULT_TIME_CATEGORIES order
TIME_SHARES = np.array([[0.08, 0.055, 0.08, 0.12, 0.17, 0.10, 0.12, 0.14, 0.135],
                        [0.02, 0.15, 0.05, 0.15, 0.03, 0.18, 0.15, 0.14, 0.125],
                        [0.01, 0.02, 0.05, 0.30, 0.02, 0.20, 0.20, 0.12, 0.08]])
ROLES = ("外勤销售", "内勤销售", "销售支持")

# English labels of the sample's own categories (``labels:`` in its client.yaml)
LABELS_EN = {
    "source": {"老客户": "Existing customers", "陌生拜访": "Cold visits", "转介绍": "Referrals", "网站": "Website",
               "展会": "Trade shows", "技术交流": "Technical exchanges", "市场活动": "Own events",
               "交付服务": "Delivery service"},
    "industry": {"汽车零部件": "Auto parts", "新能源": "New energy", "电子制造": "Electronics manufacturing",
                 "化工": "Chemicals", "医疗器械": "Medical devices", "食品饮料": "Food and beverage",
                 "工程机械": "Construction machinery", "家电": "Home appliances", "航空航天": "Aerospace",
                 "纺织": "Textiles"},
    "region": {"华东": "East China", "华南": "South China", "华北": "North China", "华中": "Central China",
               "西南": "Southwest China", "西北": "Northwest China", "东北": "Northeast China"},
    "team": {"华东一组": "East China team 1", "华东二组": "East China team 2", "华南组": "South China team",
             "华北组": "North China team", "西部组": "West China team"},
    "lost_reason": {"价格高于竞争对手": "Price above the competitors'",
                    "竞争对手已提前引导招标": "A competitor shaped the tender first",
                    "客户预算取消": "Customer budget cancelled", "方案不满足需求": "Solution did not meet the need",
                    "跟进不及时": "Follow-up too slow", "未接触到决策人": "Decision maker never reached",
                    "项目延期搁置": "Project postponed"},
    "main_business": {
        "变速箱壳体加工": "Gearbox housing machining", "汽车底盘零部件制造": "Chassis parts manufacturing",
        "动力电池模组生产": "Battery module production", "光伏组件制造": "Solar module manufacturing",
        "PCB组装": "PCB assembly", "消费电子代工": "Consumer electronics contract manufacturing",
        "精细化学品生产": "Fine chemicals", "工程塑料改性": "Engineering plastics compounding",
        "医用耗材生产": "Medical consumables", "影像设备组装": "Imaging equipment assembly",
        "乳制品加工": "Dairy processing", "饮料灌装": "Beverage bottling",
        "挖掘机结构件制造": "Excavator structural parts", "起重设备生产": "Lifting equipment",
        "小家电制造": "Small appliances", "空调压缩机生产": "Air-conditioner compressors",
        "航空结构件加工": "Aircraft structural parts", "卫星零部件制造": "Satellite components",
        "棉纺织": "Cotton textiles", "功能面料生产": "Functional fabrics"},
}

Scale = Literal["tiny", "small", "medium", "large"]


def make_sample(client_dir: str | Path, *, seed: int = 7, scale: Scale = "small", force: bool = False,
                progress: Callable[[str], None] | None = None, tiers_rank: bool = True) -> Path:
    """Write a synthetic client folder: ``client.yaml`` and ``data/raw/``.

    Parameters
    ----------
    client_dir : str or Path
        Folder to create; it must not exist or be empty.
    seed : int
        Random seed; the same seed and scale give byte-identical files.
    scale : {"tiny", "small", "medium", "large"}
        tiny: 8 reps, 300 customers, 3,000 leads (tests that need many clients);
        small: 20 reps, 2,000 customers, ~20,000 leads; medium: about 10x;
        large: 200 reps, 50,000 customers, 1.2M leads, > 200,000 opportunities,
        written as CSV only.
    force : bool
        Delete an existing ``data/`` and ``client.yaml`` in ``client_dir`` first.
    progress : callable, optional
        Called with a short message after each step.
    tiers_rank : bool
        True (the sample): customers of higher tiers win more often and more per customer after the tier
        date, as a client whose grading works. False: the grading has gone stale, the customers it ranks
        highest win least in the second year (tier 5 wins more often than tier 1), for tests of the
        advice a report gives such a client.

    Returns
    -------
    Path
        ``client_dir``.

    Raises
    ------
    FileExistsError
        If ``client_dir`` holds files and ``force`` is false.
    ValueError
        If ``scale`` is unknown.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = make_sample(Path(tmp) / "demo", seed=7)
    ...     sorted(p.name for p in (folder / "data" / "raw").iterdir())
    ['activities.csv', 'opportunities.csv', 'quotes.csv', 'stage_history.csv', '客户资料.xlsx', '线索.csv']
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}, got {scale!r}")
    out = Path(client_dir)
    _prepare_dir(out, force)
    say = progress or (lambda _msg: None)
    n_reps, n_cust, n_leads, n_act, n_quotes = SCALES[scale]
    rng = np.random.default_rng(seed)
    raw, xlsx = out / "data" / "raw", scale != "large"
    raw.mkdir(parents=True)
    reps = _reps(rng, n_reps)
    customers = _customers(rng, n_cust, reps)
    say(f"customers: {len(customers):,} rows, reps: {len(reps):,}")
    _story(_side_rng(rng, STORY_STREAM), customers, tiers_rank=tiers_rank)
    leads = _leads(rng, n_leads, customers, reps)
    opps, history = _opportunities(rng, leads, customers)
    customers[c.FIRST_WON_DATE] = _first_won(np.random.default_rng([seed, 1]), customers, opps, leads)
    _lifecycle(_side_rng(rng, LIFECYCLE_STREAM), leads, opps)
    for table, df in ((c.LEADS, leads), (c.OPPORTUNITIES, opps), (c.STAGE_HISTORY, history)):
        _write_table(raw, table, df, xlsx=xlsx)
    say(f"leads: {len(leads):,} rows, opportunities: {len(opps):,}, stage history: {len(history):,}")
    followups = leads[[c.FIRST_FOLLOWUP_DATE, "_cust", "_nurture_contact"]]
    del leads, history  # written; keep memory flat at large scale
    activities = _activities(rng, n_act, customers, followups, opps)
    _write_table(raw, c.ACTIVITIES, activities, xlsx=xlsx)
    time_log = _time_log(rng, reps)
    quotes = _quotes(rng, n_quotes, opps)
    say(f"activities: {len(activities):,} rows, time log: {len(time_log):,}, quotes: {len(quotes):,}")
    del activities
    accounts = {c.CUSTOMERS: customers, c.REPS: reps, c.TIME_LOG: time_log}
    if xlsx:
        _write_book(raw / "客户资料.xlsx", accounts)
    else:
        for table, df in accounts.items():
            _write_table(raw, table, df, xlsx=False)
    _write_table(raw, c.QUOTES, quotes, xlsx=xlsx)
    _write_config(out, opps)
    say(f"written to {out}")
    return out


def _prepare_dir(out: Path, force: bool) -> None:
    if force and out.is_dir():
        shutil.rmtree(out / "data", ignore_errors=True)
        (out / "client.yaml").unlink(missing_ok=True)
    elif out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} already exists and is not empty; choose a new folder, or pass force=True "
                              "(`workbook sample --force`) to replace its data/ and client.yaml")
    out.mkdir(parents=True, exist_ok=True)


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width))


def _iso(days: np.ndarray) -> np.ndarray:
    """datetime64[D] -> ``yyyy-mm-dd`` strings, '' for NaT."""
    return np.where(np.isnat(days), "", np.datetime_as_string(days, unit="D"))


def _days(df: pd.DataFrame, col: str) -> np.ndarray:
    """A date column as datetime64[D] (pandas stores it in seconds; integer offsets must mean days)."""
    return df[col].to_numpy().astype("datetime64[D]")


def _pick(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category index per row of a (rows, categories) probability matrix."""
    cum = np.cumsum(probs, axis=1)
    return (rng.random(len(probs))[:, None] * cum[:, -1:] >= cum).sum(axis=1)


def _lag(owner: np.ndarray) -> np.ndarray:
    """How much each row's rep (an index) lags: 0 for most reps, :data:`LAGGING` for the few who do."""
    lag = np.zeros(len(owner))
    for rep, size in LAGGING.items():
        lag[owner == rep] = size
    return lag


def _reps(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Rep ids R01.., names, teams by share, roles (every 10th support, every 6th from the 5th inside)."""
    i = np.arange(n)
    if n <= len(REP_NAMES):
        names = np.array(REP_NAMES[:n])
    else:
        combos = np.char.add(np.repeat(list(SURNAMES), len(GIVEN)), np.tile(list(GIVEN), len(SURNAMES)))
        extra = combos[~np.isin(combos, REP_NAMES)]
        names = np.concatenate([REP_NAMES, rng.permutation(extra)[: n - len(REP_NAMES)]])
    team = np.searchsorted(np.cumsum([s for _, s in TEAMS]), (i + 0.5) / n)
    role = np.where(i % 10 == 9, 2, np.where(i % 6 == 4, 1, 0))
    low, high = np.array([200, 150, 150])[role], np.array([400, 250, 200])[role]
    cost = np.round((low + rng.random(n) * (high - low)) / 10) * 10
    return pd.DataFrame({c.OWNER: _ids("R", n, max(2, len(str(n)))), c.NAME: names,
                         c.TEAM: np.array([t for t, _ in TEAMS])[team], c.ROLE: np.array(ROLES)[role],
                         c.HOURLY_COST: cost.astype(int), "_team": team, "_role": role})


def _customers(rng: np.random.Generator, n: int, reps: pd.DataFrame) -> pd.DataFrame:
    """Unique Chinese company names and ICP attributes; about half the quality customers neglected."""
    cities = [(city, r) for r, names in enumerate(REGION_CITIES.values()) for city in names.split()]
    words = [(word, i) for i, names in enumerate(INDUSTRY_WORDS.values()) for word in names.split()]
    shape = (len(cities), len(BRANDS), len(words), len(SUFFIXES))
    ci, bi, wi, si = np.unravel_index(rng.choice(np.prod(shape), n, replace=False), shape)
    name = np.char.add(np.char.add(np.array([x for x, _ in cities])[ci], np.array(BRANDS)[bi]),
                       np.char.add(np.array([w for w, _ in words])[wi], np.array(SUFFIXES)[si]))
    industries, regions = list(INDUSTRY_WORDS), list(REGION_CITIES)
    ind = np.array([i for _, i in words])[wi]
    reg = np.array([r for _, r in cities])[ci]
    headcount = np.maximum(20, rng.lognormal(np.log(260), 1.1, n)).round().astype(np.int64)
    revenue = (headcount * rng.lognormal(np.log(5e5), 0.5, n) / 1e4).round() * 1e4
    growth = rng.normal(0.05, 0.1, n).round(3)
    rank = np.argsort(np.argsort(-(np.log(revenue) + rng.normal(0, 0.7, n)))) / n
    brand = np.searchsorted([0.05, 0.25, 0.80], rank, side="right")
    named = np.argsort(np.argsort(-revenue)) < round(0.05 * n)
    icp = IcpRules().quality
    quality = (headcount >= icp.min_headcount) & (revenue >= icp.min_annual_revenue) & (
        growth >= icp.min_revenue_growth_3y)
    neglected = quality & ~named & (rng.random(n) < 0.55)
    weight = np.sqrt(headcount / 260) * rng.lognormal(0, 0.7, n) * np.where(neglected, 0.1, 1.0)
    no_hc, no_rev = (rng.random(n) < 0.045) & ~named, (rng.random(n) < 0.04) & ~named
    it = np.maximum(1, headcount * rng.beta(2, 60, n)).round().astype(np.int64)
    biz = np.array([MAIN_BUSINESS[x] for x in industries])[ind, rng.integers(0, 2, n)]
    goal = np.where(rng.random(n) < 0.3, "", np.array(GOALS)[rng.integers(0, len(GOALS), n)])
    owner = _account_owners(rng, reg, reps)
    return pd.DataFrame({
        c.CUSTOMER_ID: _ids("C", n, max(4, len(str(n)))), c.NAME: name, c.INDUSTRY: np.array(industries)[ind],
        c.MAIN_BUSINESS: biz, c.REGION: np.array(regions)[reg], c.OWNER: reps[c.OWNER].to_numpy()[owner],
        c.HEADCOUNT: pd.arrays.IntegerArray(headcount, no_hc), c.IT_HEADCOUNT: pd.arrays.IntegerArray(it, no_hc),
        c.ANNUAL_REVENUE: pd.arrays.IntegerArray(revenue.astype(np.int64), no_rev), c.REVENUE_GROWTH_3Y: growth,
        c.GOAL_3Y: goal, c.BRAND_STANDING: np.array(BRANDING)[brand], c.LEVEL: np.where(named, "战略", ""),
        c.RELATIONSHIP: "", "_owner": owner, "_weight": weight / weight.sum(),
        "_bg_weight": np.where(neglected, 0.0, weight) / weight[~neglected].sum(),
    })


def _account_owners(rng: np.random.Generator, region: np.ndarray, reps: pd.DataFrame) -> np.ndarray:
    """Rep index per customer: a seller (not support) of a team covering the region (an index)."""
    team = np.array([REGION_TEAMS[r] for r in REGION_CITIES])[region, rng.integers(0, 2, len(region))]
    sellers = reps["_role"].to_numpy() < 2
    owner = np.empty(len(region), dtype=np.int64)
    for t in range(len(TEAMS)):  # five teams, not rows
        cand = np.flatnonzero(sellers & (reps["_team"].to_numpy() == t))
        mask = team == t
        owner[mask] = cand[rng.integers(0, len(cand), mask.sum())]
    return owner


def _seasonal_days(rng: np.random.Generator, n: int) -> np.ndarray:
    """n sorted dates: weekdays, dips in February and around Spring Festival, peaks Mar-Jun and Sep-Nov."""
    days = np.arange(START, END + 1)
    w = MONTH_WEIGHTS[days.astype("datetime64[M]").astype(np.int64) % 12]
    w = w * np.where((days.astype(np.int64) + 3) % 7 >= 5, 0.25, 1.0)
    for festival in SPRING_FESTIVALS:
        w[np.abs(days - np.datetime64(festival)).astype(np.int64) <= 10] *= 0.25
    return np.sort(days[rng.choice(len(days), n, p=w / w.sum())])


def _leads(rng: np.random.Generator, n: int, cust: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    """Leads with follow-up, qualification and conversion; conversion calibrated to ``LEAD_TO_OPP``."""
    spec = list(zip(*SOURCES, strict=True))
    share, cost, has_cust_p, never_p, delay_med, conv_mult = (np.array(spec[i], float) for i in (1, 4, 5, 6, 7, 8))
    created = _seasonal_days(rng, n)
    src = rng.choice(len(SOURCES), n, p=share / share.sum())
    ci = np.where(rng.random(n) < has_cust_p[src], rng.choice(len(cust), n, p=cust["_weight"].to_numpy()), -1)
    sellers = np.flatnonzero(reps["_role"].to_numpy() < 2)
    owner = np.where(ci >= 0, cust["_owner"].to_numpy()[ci], sellers[rng.integers(0, len(sellers), n)])
    lag = _lag(owner)
    never = rng.random(n) < never_p[src] + 0.25 * lag
    delay = np.floor(rng.lognormal(np.log(delay_med[src] * (1 + 2.5 * lag)), 1.0)).astype(np.int64)
    followed = ~never & (created + delay <= END)
    ff = np.where(followed, created + delay, np.datetime64("NaT"))
    raw = np.where(followed & (ci >= 0), conv_mult[src] * (1 - 0.5 * lag) * np.exp(-delay / 45), 0.0)
    p_conv = np.minimum(0.95, raw * LEAD_TO_OPP * n / raw.sum())
    qualified = followed & (rng.random(n) < np.maximum(p_conv, 0.1 * followed))
    qual_date = ff + np.floor(rng.lognormal(np.log(10), 0.6, n)).astype(np.int64)
    qualified &= qual_date <= END
    opp_date = qual_date + rng.integers(0, 6, n)
    converted = qualified & (rng.random(n) * np.maximum(p_conv, 0.1) < p_conv) & (opp_date <= END)
    tender = converted & (rng.random(n) < 0.3)
    before = rng.random(n) < 0.55
    tender_date = np.where(before, opp_date + rng.integers(10, 90, n), ff - rng.integers(1, 30, n))
    recent = created > END - 60
    status = np.select([converted, qualified, followed & (recent | (rng.random(n) < 0.3)), followed],
                       ["已转商机", "合格", "跟进中", "无效"], "新建")
    nat = np.datetime64("NaT")
    return pd.DataFrame({
        c.LEAD_ID: _ids("L", n, 7), c.CREATED_DATE: created, c.SOURCE: np.array(spec[0])[src],
        c.SCENE: np.array(spec[3])[src], c.CUSTOMER_ID: np.where(ci >= 0, cust[c.CUSTOMER_ID].to_numpy()[ci], ""),
        c.OWNER: reps[c.OWNER].to_numpy()[owner], c.FIRST_FOLLOWUP_DATE: ff, c.STATUS: status,
        c.QUALIFIED_DATE: np.where(qualified, qual_date, nat), c.OPPORTUNITY_ID: "",
        c.COST: (cost[src] * rng.uniform(0.8, 1.2, n)).round().astype(np.int64),
        c.TENDER_DATE: np.where(tender, tender_date, nat),
        "_src": src, "_cust": ci, "_owner": owner, "_converted": converted, "_opp_date": opp_date,
        "_before": np.where(tender, before, False), "_after": tender & ~before,
    })


def _opportunities(rng: np.random.Generator, leads: pd.DataFrame,
                   cust: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Opportunities and stage history from the converted leads; fills ``leads.opportunity_id`` in place.

    A deal's chance to win is its source's, its timing's (before or after a tender), its rep's and its
    customer's (:func:`_story`: ``_win_first`` for deals created in the first year, ``_win_second`` after);
    its amount follows the customer's size (``_deal_size``).
    """
    conv = np.flatnonzero(leads["_converted"].to_numpy())
    lead = leads.iloc[conv[np.lexsort((conv, _days(leads, "_opp_date")[conv]))]]
    n = len(lead)
    oid = _ids("O", n, 6)
    leads.loc[lead.index, c.OPPORTUNITY_ID] = oid
    created, src = _days(lead, "_opp_date"), lead["_src"].to_numpy()
    lag = _lag(lead["_owner"].to_numpy())
    win_mult = np.array([s[9] for s in SOURCES])[src]
    win_mult = win_mult / win_mult.mean() * (1 - 0.3 * lag)
    before, after = lead["_before"].to_numpy(), lead["_after"].to_numpy()
    ci = lead["_cust"].to_numpy()
    second = created >= SECOND_YEAR
    own = np.where(second, cust["_win_second"].to_numpy()[ci], cust["_win_first"].to_numpy()[ci])
    p_win = np.minimum(0.95, win_mult * own * np.select([before, after], [0.5, 0.13], 0.31))
    cycle = np.maximum(28, rng.lognormal(np.log(70), 0.5, n) * (1 + 0.8 * lag)).astype(np.int64)
    is_open = created + cycle > END
    won = ~is_open & (rng.random(n) < p_win)
    lost = ~is_open & ~won
    elapsed = (END - created).astype(np.int64)
    open_reached = np.minimum(1 + np.floor(5 * elapsed / cycle), 1 + elapsed // 7)
    reached = np.select([won, lost], [5, 1 + rng.choice(5, n, p=[0.15, 0.25, 0.25, 0.2, 0.15])],
                        np.clip(open_reached, 1, 5)).astype(np.int64)
    cycle = np.where(lost, np.maximum(28, cycle * (0.4 + 0.12 * reached)), cycle).astype(np.int64)
    close = created + cycle
    entered = created[:, None] + _stage_offsets(rng, np.where(is_open, elapsed, cycle), reached)
    in_stage = np.arange(5)[None, :] < reached[:, None]
    stages = np.array([s.label_zh for s in DEFAULT_STAGES])
    history = pd.DataFrame({c.OPPORTUNITY_ID: np.repeat(oid, 5)[in_stage.ravel()],
                            c.STAGE: np.tile(stages, n)[in_stage.ravel()], c.ENTERED_DATE: entered[in_stage]})
    p_elem = 0.3 + 0.13 * (reached - 1) + 0.1 * won
    offsets_elem = {c.NEED: 0.2, c.BUDGET: -0.1, c.DECISION_MAKER: -0.12, c.PROJECT_APPROVED: -0.05,
                    c.COMPETITION_KNOWN: -0.05, c.SOLUTION_FIT: 0.1}
    confirmed = {f: rng.random(n) < np.clip(p_elem + d, 0.03, 0.97) for f, d in offsets_elem.items()}
    history = history.join(_checklist_history(np.random.default_rng(rng.bit_generator.seed_seq.spawn(1)[0]),
                                              confirmed, reached, won, in_stage))
    checklist = {f: np.where(confirmed[f], "是", "否") for f in c.CHECKLIST}
    late = after & (rng.random(n) < 0.6)  # engaged after the tender: "竞争对手已提前引导招标"
    reason = np.where(late, 1, rng.choice(7, n, p=[0.25, 0.1, 0.12, 0.15, 0.15, 0.13, 0.1]))
    amount = (np.maximum(2e4, rng.lognormal(np.log(3e5), 0.8, n) * cust["_deal_size"].to_numpy()[ci]) / 1e3
              ).round() * 1e3
    invoiced = won & (rng.random(n) < 0.88) & (close + 10 <= END)
    collect_delay = np.floor(rng.lognormal(np.log(45), 0.7, n)).astype(np.int64)
    paid_share = np.where(rng.random(n) < 0.8, 1.0, 0.5) * (rng.random(n) < 0.85)
    collected = invoiced & (paid_share > 0) & (close + collect_delay <= END)
    deliver_delay = np.maximum(7, collect_delay // 3)  # delivered (accepted) before the cash comes; no new draw
    delivered = won & (close + deliver_delay <= END)
    status = np.select([won, lost], ["赢单", "丢单"], "进行中")
    opps = pd.DataFrame({
        c.OPPORTUNITY_ID: oid, c.CREATED_DATE: created, c.STAGE: stages[reached - 1],
        c.CUSTOMER_ID: lead[c.CUSTOMER_ID].to_numpy(), c.LEAD_ID: lead[c.LEAD_ID].to_numpy(),
        c.OWNER: lead[c.OWNER].to_numpy(), c.STATUS: status, c.AMOUNT: amount.astype(np.int64),
        c.CLOSE_DATE: close, **checklist, c.LOST_REASON: np.where(lost, np.array(LOST_REASONS)[reason], ""),
        c.INVOICED_AMOUNT: pd.arrays.IntegerArray(np.where(invoiced, amount, 0).astype(np.int64), ~won),
        c.COLLECTED_AMOUNT: pd.arrays.IntegerArray((amount * paid_share * collected).astype(np.int64), ~won),
        c.COLLECTED_DATE: np.where(collected, close + collect_delay, np.datetime64("NaT")),
        c.DELIVERED_DATE: np.where(delivered, close + deliver_delay, np.datetime64("NaT")),
        "_cust": lead["_cust"].to_numpy(), "_owner": lead["_owner"].to_numpy(), "_won": won,
        "_solution_date": np.where(reached >= 3, entered[:, 2], np.datetime64("NaT")),
    })
    return opps, history


# --------------------------------------------------------------------------- the customers' story
STORY_STREAM = 7_103
SECOND_YEAR = np.datetime64("2025-01-01")  # deals from here on are measured against the tiers of 2024-12-31
LEVEL_WIN = {"strategic": 1.7, "quality": 1.45, "target": 1.0, "potential": 0.8}  # win-rate factor by level
LEVEL_SIZE = {"strategic": 2.4, "quality": 1.7, "target": 1.0, "potential": 0.7}  # deal-size factor by level
BOND_SIGMA = 0.8  # spread of the customer's bond with the company (lognormal), which makes wins repeat


def _customer_levels(cust: pd.DataFrame) -> np.ndarray:
    """The level the kit's default ICP rules give each customer (missing size counts as too small)."""
    icp = IcpRules()
    hc = cust[c.HEADCOUNT].fillna(0).to_numpy(dtype=float)
    rev = cust[c.ANNUAL_REVENUE].fillna(0).to_numpy(dtype=float)
    target = (hc >= icp.target.min_headcount) & (rev >= icp.target.min_annual_revenue)
    quality = target & (hc >= icp.quality.min_headcount) & (rev >= icp.quality.min_annual_revenue) & (
        cust[c.REVENUE_GROWTH_3Y].to_numpy() >= icp.quality.min_revenue_growth_3y)
    strategic = target & (cust[c.LEVEL].to_numpy() == "战略")
    return np.select([strategic, quality, target], ["strategic", "quality", "target"], "potential")


def _story(rng: np.random.Generator, cust: pd.DataFrame, *, tiers_rank: bool) -> None:
    """Each customer's chance to win and deal size, added to ``cust`` in place (``_win_first``,
    ``_win_second``, ``_deal_size``), from a generator of its own so the other draws stay as they were.

    Higher levels win more often and buy bigger deals; a customer's bond with the company (a lasting trait)
    makes the customers who won in the first year win again, so they become familiar or partners by its
    end. Tiers graded on 2024-12-31 therefore rank what customers win in 2025, as a working grading does.
    With ``tiers_rank=False`` the second year turns this round (the grading has gone stale: the customers it
    rates highest have moved their buying elsewhere), so tier 5 wins more often than tier 1.
    Both factors average 1 over the leads, so the overall win rate stays where the sources put it.
    """
    level = _customer_levels(cust)
    bond = rng.lognormal(0.0, BOND_SIGMA, len(cust))
    first = np.vectorize(LEVEL_WIN.get)(level) * bond
    second = first if tiers_rank else 1 / first
    weight = cust["_weight"].to_numpy() * np.sqrt(bond)  # a closer bond, more leads (and the contacts they bring)
    cust["_weight"] = weight = weight / weight.sum()
    cust["_win_first"] = first / np.average(first, weights=weight)
    cust["_win_second"] = second / np.average(second, weights=weight)
    size = np.vectorize(LEVEL_SIZE.get)(level)
    cust["_deal_size"] = size / np.average(size, weights=weight)


def _first_won(rng: np.random.Generator, cust: pd.DataFrame, opps: pd.DataFrame, leads: pd.DataFrame) -> np.ndarray:
    """``first_won_date`` of the customers who bought before the period (the CRM keeps it from earlier years).

    Old customers bring the business that comes in by itself: 95% of the customers who win a passive-origin deal
    in the period had won before it, 35% of those winning only active-origin deals, 15% of the others. Drawn from
    a generator of its own, so the other tables keep their draws.
    """
    passive = np.array([s[2] == "passive" for s in SOURCES])[leads.set_index(c.LEAD_ID)["_src"]
                                                             .reindex(opps[c.LEAD_ID]).to_numpy()]
    won = opps["_won"].to_numpy()
    wins = np.zeros(len(cust), dtype=np.int64)
    np.add.at(wins, opps["_cust"].to_numpy()[won], 1 + 1000 * passive[won])
    p_old = np.select([wins >= 1000, wins > 0], [0.95, 0.35], 0.15)
    old = rng.random(len(cust)) < p_old
    first = np.datetime64("2015-01-01") + rng.integers(0, (START - np.datetime64("2015-01-01")).astype(int), len(cust))
    return np.where(old, first, np.datetime64("NaT")).astype("datetime64[D]")


def _checklist_history(rng: np.random.Generator, confirmed: dict[str, np.ndarray], reached: np.ndarray,
                       won: np.ndarray, in_stage: np.ndarray) -> pd.DataFrame:
    """Each checklist element as it stood when each stage was entered (one row per stage-history row), and
    the three elements drawn here added to ``confirmed`` (value, influencers, our edge over competitors known).

    An element confirmed today was confirmed at a stage drawn between the first and the one reached; deals
    that went on to win mostly had theirs early, lost deals late, so what is known when a stage is entered
    says something about the outcome (the checklist-adjusted forecast beats the stage probabilities in a
    backtest that sees only those values).
    """
    n = len(reached)
    p_elem = 0.3 + 0.13 * (reached - 1) + 0.1 * won
    confirmed[c.VALUE_CLEAR] = rng.random(n) < np.clip(p_elem - 0.05, 0.03, 0.97)
    confirmed[c.INFLUENCERS_KNOWN] = rng.random(n) < np.clip(p_elem - 0.15, 0.03, 0.97)
    confirmed[c.COMPETITIVE_EDGE] = confirmed[c.COMPETITION_KNOWN] & (rng.random(n) < 0.35 + 0.3 * won)
    snapshots = {}
    for element in c.CHECKLIST:
        u = rng.random(n) ** np.where(won, 4.0, 0.5)
        since = np.floor(u * reached).astype(np.int64)  # the stage index at which it was confirmed
        known = confirmed[element][:, None] & (since[:, None] <= np.arange(5)[None, :])
        snapshots[element] = np.where(known[in_stage], "是", "否")
    return pd.DataFrame(snapshots, index=pd.RangeIndex(int(in_stage.sum())))


def _stage_offsets(rng: np.random.Generator, span: np.ndarray, reached: np.ndarray) -> np.ndarray:
    """Days from creation to entering each of five stages: random gaps within 85% of the span, strictly rising."""
    cum = np.cumsum(rng.gamma(2.0, size=(len(span), 5)), axis=1)
    frac = (cum - cum[:, :1]) / cum[np.arange(len(span)), reached - 1][:, None]
    k = np.arange(5)
    return np.maximum.accumulate(np.floor(0.85 * span[:, None] * frac).astype(np.int64) - k, axis=1) + k


def _activities(rng: np.random.Generator, n_target: int, cust: pd.DataFrame, followups: pd.DataFrame,
                opps: pd.DataFrame) -> pd.DataFrame:
    """First follow-ups, deal work, thinning after-sale contact and routine account contact.

    Parts are (date, customer index, department index); routine contact skips neglected customers.
    """
    m = followups[c.FIRST_FOLLOWUP_DATE].notna().to_numpy() & (followups["_cust"].to_numpy() >= 0)
    parts = [(_days(followups, c.FIRST_FOLLOWUP_DATE)[m], followups["_cust"].to_numpy()[m], np.zeros(m.sum(), int))]
    won = opps["_won"].to_numpy()
    created, close = _days(opps, c.CREATED_DATE), _days(opps, c.CLOSE_DATE)
    idx = np.repeat(np.arange(len(opps)), rng.poisson(np.where(won, 4.0, 2.5)))
    span = (np.minimum(close, END) - created).astype(np.int64)[idx]
    parts.append((created[idx] + np.floor(rng.random(len(idx)) * (span + 1)).astype(np.int64),
                  opps["_cust"].to_numpy()[idx], np.zeros(len(idx), int)))
    idx = np.repeat(np.flatnonzero(won), rng.poisson(2.0, won.sum()))
    date = close[idx] + np.floor(rng.exponential(90, len(idx))).astype(np.int64)
    keep = date <= END
    parts.append((date[keep], opps["_cust"].to_numpy()[idx][keep], rng.choice(3, keep.sum(), p=[0.2, 0.5, 0.3])))
    n_bg = max(n_target - sum(len(p[0]) for p in parts), n_target // 6)
    parts.append((START + rng.integers(0, (END - START).astype(int) + 1, n_bg),
                  rng.choice(len(cust), n_bg, p=cust["_bg_weight"].to_numpy()),
                  rng.choice(3, n_bg, p=[0.6, 0.25, 0.15])))
    date, ci, dept = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.lexsort((ci, date))
    date, ci, dept = date[order], ci[order], dept[order]
    n = len(date)
    kind = _pick(rng, DEPT_TYPES[dept])
    hours = np.maximum(0.1, rng.lognormal(np.log(ACT_HOURS[kind]), 0.4)).round(1)
    out = pd.DataFrame({c.DATE: date, c.OWNER: cust[c.OWNER].to_numpy()[ci],
                        c.CUSTOMER_ID: cust[c.CUSTOMER_ID].to_numpy()[ci], c.TYPE: np.array(ACT_TYPES)[kind],
                        c.HOURS: hours, c.PLANNED: np.where(rng.random(n) < ACT_PLANNED[kind], "是", "否"),
                        c.DEPARTMENT: np.array(DEPARTMENTS)[dept]})
    return _nurture_contacts(_side_rng(rng, NURTURE_STREAM), out, cust, followups)


# --------------------------------------------------------------------------- the lead lifecycle
# drawn from streams of their own, so the draws above (and every finding they carry) stay as they were
LIFECYCLE_STREAM, NURTURE_STREAM = 7_101, 7_102
TRADE_SHOW = [s[0] for s in SOURCES].index("展会")  # trade-show cards wait for someone to hand them out


def _side_rng(rng: np.random.Generator, stream: int) -> np.random.Generator:
    """A generator of its own for ``stream``, derived from ``rng``'s seed (not its state; ``rng`` is untouched)."""
    seq = rng.bit_generator.seed_seq
    return np.random.default_rng(np.random.SeedSequence(seq.entropy, spawn_key=(*seq.spawn_key, stream)))


def _lifecycle(rng: np.random.Generator, leads: pd.DataFrame, opps: pd.DataFrame) -> None:
    """Assessed, assigned, nurture-start dates and reassignment counts, added to ``leads`` in place, with the
    date of a nurturing contact before the hand-off (``_nurture_contact``, for :func:`_activities`).

    Built in: assignment is the slowest step before a rep acts (median 5 days; trade-show leads wait twice as
    long), some never-followed leads are never handed out, a third of the leads of lost deals go back
    to nurturing (most of them handed out again), and leads that became opportunities had a contact with the
    customer before the hand-off far more often than the rest. Some dates are blank, as in real exports.
    """
    n, nat = len(leads), np.datetime64("NaT")
    created, ff = _days(leads, c.CREATED_DATE), _days(leads, c.FIRST_FOLLOWUP_DATE)
    followed = ~np.isnat(ff)
    src = leads["_src"].to_numpy()
    pre = np.where(followed, (ff - created).astype("timedelta64[D]").astype(np.int64), 0)
    assess_gap = np.floor(rng.lognormal(np.log(1.5), 0.8, n)).astype(np.int64)
    assign_gap = np.floor(np.where(src == TRADE_SHOW, rng.lognormal(np.log(15), 0.4, n),
                                   rng.lognormal(np.log(6), 0.7, n))).astype(np.int64)
    assessed = created + np.where(followed, np.minimum(assess_gap, pre), assess_gap)
    assigned = np.where(followed, np.minimum(assessed + assign_gap, ff), assessed + assign_gap)
    assigned = np.where(followed | (rng.random(n) < 0.8), assigned, nat)  # some never handed out
    assessed = np.where(assessed <= END, assessed, nat)
    assigned = np.where(assigned <= END, assigned, nat)
    # a lead not handed out has no rep yet: its owner is blank, as a CRM shows it
    leads[c.OWNER] = leads[c.OWNER].where(followed | ~np.isnat(assigned))
    # nurturing: followed leads not yet qualified, some qualified leads before they qualified, lost deals' leads
    status, qual = leads[c.STATUS].to_numpy(), _days(leads, c.QUALIFIED_DATE)
    nurture = np.full(n, nat, dtype="datetime64[D]")
    pool = followed & (status == "跟进中") & (rng.random(n) < 0.4)
    nurture[pool] = ff[pool] + np.floor(rng.lognormal(np.log(7), 0.6, pool.sum())).astype(np.int64)
    before = ~np.isnat(qual) & (qual > ff) & (rng.random(n) < 0.25)
    span = np.where(before, (qual - ff).astype("timedelta64[D]").astype(np.int64), 0)
    nurture[before] = ff[before] + np.floor(rng.random(before.sum()) * span[before]).astype(np.int64)
    lost = opps[c.STATUS].to_numpy() == "丢单"
    at = pd.Index(leads[c.LEAD_ID]).get_indexer(opps.loc[lost, c.LEAD_ID])
    back = rng.random(len(at)) < 0.35
    again = _days(opps, c.CLOSE_DATE)[lost][back] + rng.integers(3, 30, back.sum())
    nurture[at[back]] = again
    nurture = np.where(nurture <= END, nurture, nat)
    count = np.zeros(n, dtype=np.int64)
    handed_again = at[back][(rng.random(back.sum()) < 0.7) & (again <= END)]
    count[handed_again] = np.where(rng.random(len(handed_again)) < 0.3, 2, 1)
    slow = followed & (rng.random(n) < 0.1 * _lag(leads["_owner"].to_numpy()))
    count[slow] += 1
    # a contact with the customer before the hand-off, far more often for the leads that became opportunities
    handoff = np.where(np.isnat(assigned), ff, assigned)
    room = (handoff - created).astype("timedelta64[D]").astype(np.float64)  # NaN where no hand-off
    has_room = (leads["_cust"].to_numpy() >= 0) & (room >= 1)
    p = np.where(leads["_converted"].to_numpy(), 0.4, 0.04)
    touched = has_room & (rng.random(n) < p)
    contact = np.full(n, nat, dtype="datetime64[D]")
    contact[touched] = created[touched] + np.floor(rng.random(touched.sum()) * room[touched]).astype(np.int64)
    # real exports are partial: some assessed and assigned dates and reassignment counts are blank
    assessed = np.where(rng.random(n) < 0.12, nat, assessed)
    assigned = np.where(followed & (rng.random(n) < 0.06), nat, assigned)
    blank_count = rng.random(n) < 0.1
    leads[c.ASSESSED_DATE], leads[c.ASSIGNED_DATE], leads[c.NURTURE_START] = assessed, assigned, nurture
    leads[c.REASSIGNED_COUNT] = pd.arrays.IntegerArray(count, blank_count)
    leads["_nurture_contact"] = contact


def _nurture_contacts(rng: np.random.Generator, acts: pd.DataFrame, cust: pd.DataFrame,
                      followups: pd.DataFrame) -> pd.DataFrame:
    """``acts`` with one e-mail from the account owner for each lead's nurturing contact before the hand-off,
    ordered by date and customer (the rows already there keep their order)."""
    date = _days(followups, "_nurture_contact")
    ci = followups["_cust"].to_numpy()[~np.isnat(date)]
    date = date[~np.isnat(date)]
    email = ACT_TYPES.index("邮件")
    extra = pd.DataFrame({c.DATE: date, c.OWNER: cust[c.OWNER].to_numpy()[ci],
                          c.CUSTOMER_ID: cust[c.CUSTOMER_ID].to_numpy()[ci], c.TYPE: ACT_TYPES[email],
                          c.HOURS: np.maximum(0.1, rng.lognormal(np.log(ACT_HOURS[email]), 0.4, len(ci))).round(1),
                          c.PLANNED: "是", c.DEPARTMENT: DEPARTMENTS[0]})
    out = pd.concat([acts, extra.astype({c.DATE: acts[c.DATE].dtype})], ignore_index=True)
    return out.sort_values([c.DATE, c.CUSTOMER_ID], kind="stable").reset_index(drop=True)


def _time_log(rng: np.random.Generator, reps: pd.DataFrame) -> pd.DataFrame:
    """Ten full weeks ending in the period's last full week; direct selling ~13% of hours."""
    last = END - (END.astype(np.int64) + 3) % 7
    last = last if last + 6 <= END else last - 7
    weeks = last - 7 * np.arange(TIME_WEEKS - 1, -1, -1)
    n, w, k = len(reps), len(weeks), len(DEFAULT_TIME_CATEGORIES)
    alpha = (TIME_SHARES / TIME_SHARES.sum(axis=1, keepdims=True))[reps["_role"].to_numpy()]
    direct = np.array([t.kind == "direct" for t in DEFAULT_TIME_CATEGORIES])
    for rep, size in LAGGING.items():
        if rep < n:
            alpha[rep, direct] *= 1 - 0.5 * size
    shares = rng.gamma(np.broadcast_to(200 * alpha[:, None, :], (n, w, k)))
    shares /= shares.sum(axis=2, keepdims=True)
    hours = np.maximum(0.5, np.round(shares * rng.normal(47.5, 2.5, (n, w, 1)) * 2) / 2)
    return pd.DataFrame({c.OWNER: np.repeat(reps[c.OWNER].to_numpy(), w * k),
                         c.PERIOD: np.tile(np.repeat(weeks, k), n),
                         c.CATEGORY: np.tile([t.label_zh for t in DEFAULT_TIME_CATEGORIES], n * w),
                         c.HOURS: hours.ravel()})


def _quotes(rng: np.random.Generator, n_target: int, opps: pd.DataFrame) -> pd.DataFrame:
    """One quote per sampled opportunity that reached 方案; won deals quoted faster."""
    sol = _days(opps, "_solution_date")
    eligible = np.flatnonzero(~np.isnat(sol))
    pick = eligible[rng.random(len(eligible)) < min(1.0, n_target / max(1, len(eligible)))]
    requested = np.minimum(END, sol[pick] + rng.integers(0, 7, len(pick)))
    median = np.where(opps["_won"].to_numpy()[pick], 4.0, 6.5)
    sent = requested + np.floor(rng.lognormal(np.log(median), 0.9)).astype(np.int64)
    order = np.lexsort((pick, requested))
    return pd.DataFrame({c.QUOTE_ID: _ids("Q", len(pick), 6),
                         c.OPPORTUNITY_ID: opps[c.OPPORTUNITY_ID].to_numpy()[pick][order],
                         c.REQUESTED_DATE: requested[order],
                         c.SENT_DATE: np.where(sent <= END, sent, np.datetime64("NaT"))[order]})


def _public(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Drop helper columns, order fields as the schema does, write dates as ISO text."""
    names = [f for f in TABLES[table].names if f in df.columns]
    out = df[names].copy()
    for f in TABLES[table].fields:
        if f.kind == "date" and f.name in out:
            out[f.name] = _iso(_days(out, f.name))
    return out


def _write_table(raw: Path, table: str, df: pd.DataFrame, *, xlsx: bool) -> None:
    """One CSV file: leads with Chinese headers beside the workbook, others with English headers."""
    df = _public(table, df)
    if xlsx and table == c.LEADS:
        df.rename(columns={f.name: f.zh for f in TABLES[table].fields}).to_csv(
            raw / "线索.csv", index=False, encoding="utf-8-sig")
    else:
        df.to_csv(raw / f"{table}.csv", index=False, encoding="gb18030" if table == c.OPPORTUNITIES else "utf-8")


def _write_book(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """The account workbook: one sheet per table, Chinese sheet names and headers, fixed document date."""
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        writer.book.set_properties({"created": CREATED, "author": CLIENT_NAME})
        for table, df in tables.items():
            df = _public(table, df).rename(columns={f.name: f.zh for f in TABLES[table].fields})
            df.to_excel(writer, sheet_name=TABLES[table].zh, index=False)


def _write_config(out: Path, opps: pd.DataFrame) -> None:
    """``client.yaml``: the revenue target is ``TARGET_FACTOR`` x revenue won in the second year."""
    won_2025 = opps[c.STATUS].eq("赢单") & (opps[c.CLOSE_DATE] >= np.datetime64("2025-01-01"))
    target = round(TARGET_FACTOR * float(opps.loc[won_2025, c.AMOUNT].sum()), -6)
    config = {"client_name": CLIENT_NAME, "language": "zh", "currency": "CNY",
              "period": {"start": dt.date(2024, 1, 1), "end": dt.date(2025, 12, 31)},
              "revenue_target": int(target), "report_date": REPORT_DATE,
              "source_types": {s[0]: s[2] for s in SOURCES},
              "kpi_targets": KPI_TARGETS,
              "labels": {vocab: {code: {"en": en} for code, en in codes.items()} for vocab, codes in LABELS_EN.items()}}
    (out / "client.yaml").write_text(dump_yaml(config), encoding="utf-8")
