"""The sections of the time-allocation chapter, each built once from the analysis functions.

Every builder takes clean frames and the client's rules and returns a :class:`Part`: its sections (action
title, chart, tables; or the data they need) and the facts :func:`workbook.timealloc.summary.compute` records
and turns into actions, so no number is computed twice.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.config import ClientConfig
from workbook.core.result import Chart, Code, Count, Date, Days, Money, Name, Number, Rate, Section, Table, Text
from workbook.core.schema import VOCABULARIES
from workbook.timealloc import allocation as ta
from workbook.timealloc import charts
from workbook.timealloc import coverage as cv
from workbook.timealloc import value as tv

__all__ = ["Part", "after_sale", "channel_part", "coverage_part", "departments", "offload_tables", "planned",
           "quotes", "shift_table", "time_part"]

CASE = Text("note.timealloc.case")  # a company case: direct selling time 12% -> 22%


@dataclass(frozen=True)
class Part:
    """Sections of the chapter and the facts behind them (for figures and actions)."""

    sections: tuple[Section, ...]
    facts: dict = field(default_factory=dict)


def _cols(*names: str) -> dict[str, Text]:
    """Headers of the chapter's own columns: ``col.timealloc.<name>`` in the catalogue."""
    return {name: Text(f"col.timealloc.{name}") for name in names}


def _missing(keys: tuple[str, ...], needs: tuple[str, ...], facts: dict | None = None) -> Part:
    return Part(tuple(Section(key, needs=needs) for key in keys), facts or {})


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _unit(cost: float | None) -> Number:
    """A unit cost as written in a ratio: ``100``, ``1``, ``0.01``."""
    digits = 0 if cost is None or float(cost).is_integer() else max(2, -int(np.floor(np.log10(abs(cost)))))
    return Number(cost, digits)


def weeks_number(weeks) -> Number:
    """Weeks logged: ``10`` for whole weeks, ``10.5`` otherwise."""
    return Number(weeks, 0 if weeks is not None and float(weeks).is_integer() else 1)


# --- where the sellers' hours go, and the offload what-if ------------------------------------------------------

def time_part(log: pd.DataFrame | None, *, config: ClientConfig, reps: pd.DataFrame | None,
              opportunities: pd.DataFrame | None, share: float, start, end, needs: tuple[str, ...],
              leads: pd.DataFrame | None = None) -> Part:
    """Sections ``time_mix``, ``by_team``, ``benchmarks`` and ``offload`` from the sellers' time log.

    Facts: ``offload`` (:func:`~workbook.timealloc.allocation.offload_summary`), ``moved``, ``room``
    (:func:`~workbook.timealloc.value.work_room`: what freed selling time could work on, from ``leads`` and
    ``opportunities``) and ``offload_value`` (:func:`~workbook.timealloc.value.offload_value`: its 12 months).
    """
    cats = config.time_categories
    moves = ta.default_moves(cats, share=share)
    if needs:
        off = ta.offload_summary(None, categories=cats, moved=moves, support_hourly_cost=config.support_hourly_cost)
        return _missing(("time_mix", "by_team", "benchmarks", "offload"), needs,
                        {"offload": off, "moved": moves, "offload_value": None, "room": None})
    shares = ta.selling_shares(log, categories=cats, reps=reps)
    rate = ta.revenue_per_selling_hour(opportunities, log, categories=cats, start=start, end=end)
    off = ta.offload_summary(log, categories=cats, moved=moves, support_hourly_cost=config.support_hourly_cost,
                             revenue_per_hour=rate)
    room = tv.work_room(leads, opportunities, end=end)
    worth = tv.offload_value(off["offload_hours_per_week"], revenue_per_hour=rate,
                             support_hourly_cost=config.support_hourly_cost, cap=room["cap"])
    per_rep = ta.offload_by_rep(log, categories=cats, moved=moves, reps=reps)
    logged = set(log.loc[log[c.HOURS].fillna(0) > 0, c.CATEGORY])
    shown = {name: moved for name, moved in moves.items() if name in logged}  # the chores the sellers do log
    sections = (_time_mix(shares, off), _by_team(log, config=config, reps=reps), _benchmarks(shares),
                _offload(off, per_rep, moves=shown, share=share, worth=worth, room=room))
    return Part(sections, {"offload": off, "moved": shown, "offload_value": worth, "room": room})


def _title(key: str, **fields) -> dict:
    """A chart's title stating its finding: ``chart.timealloc.title.<key>`` with its numbers, as Chart kwargs."""
    return {"title": Text(f"chart.timealloc.title.{key}", **fields)}


TEAM = {c.TEAM: "team"}  # teams are the client's own category: shown through its labels


def _time_mix(shares: pd.DataFrame, off: Mapping) -> Section:
    low = shares.sort_values(["direct_share", c.OWNER], kind="stable").reset_index(drop=True)
    worst = low.iloc[0]
    finding = Text("find.timealloc.time_mix", share=Rate(off["direct_share"]), case=CASE,
                   below=Count(int((shares["direct_share"] < ta.BENCHMARKS["case_before"]).sum())),
                   reps=Count(len(shares)), worst=Name(worst[c.OWNER]), worst_share=Rate(worst["direct_share"]))
    cols = [col for col in (c.OWNER, c.TEAM, "hours", "direct_share", "indirect_share", "non_selling_share", "rank")
            if col in low]
    table = Table("timealloc_time_mix", low[cols], kinds={"rank": "count", c.TEAM: "name"}, vocab=TEAM,
                  headers=_cols("hours", "direct_share", "indirect_share", "non_selling_share", "rank"))
    chart = Chart(charts.plot_time_mix, (shares,), _title("time_mix", share=Rate(off["direct_share"])))
    return Section("time_mix", finding=finding, chart=chart, tables=(table,))


def _by_team(log: pd.DataFrame, *, config: ClientConfig, reps: pd.DataFrame | None) -> Section:
    """Hours per time category (rows), per team when ``reps`` gives teams, with each category's share."""
    cats = config.time_categories
    kinds = {cat.name: cat.kind for cat in cats}
    by_team = rules.has(reps, c.TEAM)
    wide = ta.hours_by_category(log, categories=cats, reps=reps, by=c.TEAM if by_team else c.OWNER)
    group = c.TEAM if by_team else c.OWNER
    names = [cat.name for cat in cats if wide[cat.name].sum() > 0]
    totals = wide[names].sum()
    frame = pd.DataFrame({"category": names, "kind": [kinds[n] for n in names]})
    groups = [str(g) for g in wide[group]] if by_team else []  # one column per team; per rep would be too wide
    for g, (_, row) in zip(groups, wide.iterrows() if by_team else (), strict=True):
        frame[g] = row[names].to_numpy(dtype=float)
    frame["total_hours"] = totals.to_numpy(dtype=float)
    frame["hours_share"] = frame["total_hours"] / frame["total_hours"].sum()
    frame = frame.sort_values("total_hours", ascending=False, kind="stable").reset_index(drop=True)
    indirect = frame[frame["kind"] != "direct"]
    top = indirect.iloc[0] if len(indirect) else frame.iloc[0]
    per_group = wide.set_index(group)
    group_share = (per_group[top["category"]] / per_group["total"].where(per_group["total"] > 0)).dropna()
    finding = Text("find.timealloc.by_team", cat=Code("category", top["category"]), share=Rate(top["hours_share"]),
                   group=Name(group_share.idxmax() if len(group_share) else None, vocab=TEAM.get(group)),
                   group_share=Rate(group_share.max() if len(group_share) else None))
    table = Table("timealloc_by_team", frame, kinds={"category": "code", "kind": "code", "total_hours": "hours",
                                                     **dict.fromkeys(groups, "hours")},
                  vocab={"category": "category", "kind": "time_kind"},
                  headers={**{g: Name(g, vocab="team") for g in groups},
                           **_cols("category", "kind", "total_hours", "hours_share")})
    return Section("by_team", finding=finding, tables=(table,))


def _benchmarks(shares: pd.DataFrame) -> Section:
    bench = ta.benchmark_comparison(shares).rename(columns={"marker": "benchmark", "share": "benchmark_share"})
    at = bench.set_index("benchmark")
    below = int(at.loc["case_after", "reps_below"])
    key = "find.timealloc.benchmarks_all" if below and below == len(shares) else "find.timealloc.benchmarks"
    finding = Text(key, below=Count(below),
                   share=Rate(at.loc["case_after", "reps_below_share"]),
                   below12=Count(int(at.loc["case_before", "reps_below"])), reps=Count(len(shares)))
    table = Table("timealloc_benchmarks", bench, kinds={"benchmark": "code"}, vocab={"benchmark": "benchmark"},
                  headers=_cols("benchmark", "benchmark_share", "reps_below", "reps_below_share"))
    chart = Chart(charts.plot_share_distribution, (shares,),
                  _title("distribution", below=Count(below), reps=Count(len(shares))))
    return Section("benchmarks", finding=finding, chart=chart, tables=(table,), note=Text("note.timealloc.case_long"))


# the offload's arithmetic, one line each (measure -> kind), in the order it is worked
OFFLOAD_ROWS = (("direct_share", "rate"), ("after_offload_share", "rate"), ("offload_hours_per_week", "number"),
                ("hours_12m", "count"), ("revenue_per_selling_hour", "money"), ("gross_12m", "money"),
                ("realisation", "rate"), ("cap_12m", "money"), ("support_cost_12m", "money"), ("value_low", "money"),
                ("value_12m", "money"), ("value_high", "money"), ("support_fte", "number"),
                ("equivalent_sellers", "count"))


def whole(value) -> int | None:
    """A count for a sentence or a table: rounded to a whole number (``18.2`` sellers' worth -> ``18``)."""
    return None if value is None or pd.isna(value) else int(round(float(value)))


def percent(value) -> Number:
    """A large change as whole percent, no decimals (``+101.2%`` -> ``101``), written ``{gain}%`` in the text."""
    return Number(None if value is None or pd.isna(value) else float(value) * 100, 0)


def sellers_text(sellers) -> Text:
    """``about 18 sellers' worth`` of selling time, in whole sellers (one, or less than one, said in words)."""
    n = whole(sellers) or 0
    if n >= 2:
        return Text("find.timealloc.sellers", n=Count(n))
    return Text("find.timealloc.sellers_one" if n == 1 else "find.timealloc.sellers_less")


def offload_tables(off: Mapping, per_rep: pd.DataFrame, worth: Mapping | None = None) -> tuple[Table, Table]:
    """The offload what-if as tables: its 12-month arithmetic, one measure a row, and each rep before and after.

    ``worth`` is :func:`workbook.timealloc.value.offload_value` (None or empty: the rows it gives are blank)."""
    worth = worth or {}
    values = {"direct_share": off.get("direct_share"), "after_offload_share": off.get("after_offload_share"),
              "offload_hours_per_week": off.get("offload_hours_per_week"), "hours_12m": whole(worth.get("hours")),
              "revenue_per_selling_hour": off.get("revenue_per_selling_hour"), "gross_12m": worth.get("gross"),
              "realisation": worth.get("realisation"), "cap_12m": worth.get("cap"),
              "support_cost_12m": worth.get("cost"), "value_low": worth.get("low"), "value_12m": worth.get("value"),
              "value_high": worth.get("high"), "support_fte": off.get("support_fte"),
              "equivalent_sellers": whole(off.get("equivalent_sellers"))}
    rows = [(key, kind) for key, kind in OFFLOAD_ROWS if _num(values[key]) is not None]
    frame = pd.DataFrame({"measure": [key for key, _ in rows], "value": [_num(values[key]) for key, _ in rows]})
    summary = Table("timealloc_offload", frame, kinds={"measure": "code", "value": "by_row"},
                    vocab={"measure": "offload_measure"}, row_kinds=tuple(kind for _, kind in rows),
                    headers=_cols("measure", "value"), rows=len(rows))
    cols = [col for col in (c.OWNER, c.TEAM, "hours", "direct_share", "offload_hours", "after_offload_share",
                            "capacity_gain") if col in per_rep]
    reps = per_rep.sort_values(["direct_share", c.OWNER], kind="stable")[cols].reset_index(drop=True)
    return summary, Table("timealloc_offload_reps", reps, kinds={"capacity_gain": "rate", c.TEAM: "name"},
                          vocab=TEAM, headers=_cols("hours", "direct_share", "offload_hours", "after_offload_share",
                                                    "capacity_gain"))


def offload_basis(worth: Mapping, room: Mapping | None, off: Mapping) -> Text:
    """The sentence stating the offload's 12-month arithmetic: hours, rate, realisation, the cap, the cost."""
    room = room or {}
    fields = {"per_week": Number(off.get("offload_hours_per_week"), 1), "weeks": Count(tv.WORK_WEEKS),
              "hours": Count(whole(worth["hours"])), "rate": Money(off.get("revenue_per_selling_hour")),
              "share": Rate(worth["realisation"]), "selling": Rate(tv.SELLING_SHARE), "yield_": Rate(tv.YIELD[1]),
              "share_low": Rate(tv.REALISATION[0]), "share_high": Rate(tv.REALISATION[-1]),
              "revenue": Money(worth["gross"] * worth["realisation"]), "cost": Money(worth["cost"]),
              "value": Money(worth["value"]), "low": Money(worth["low"]), "high": Money(worth["high"])}
    if worth.get("cap") is None:
        return Text("basis.timealloc.offload_nocap", **fields)
    cap = {"cap": Money(worth["cap"]), "unworked": Count(room.get("unworked")), "l2w": Rate(room.get("lead_to_win")),
           "open": Count(room.get("open_deals")), "win": Rate(room.get("win_rate")),
           "deal": Money(room.get("average_deal"))}
    key = "basis.timealloc.offload_capped" if worth.get("capped") else "basis.timealloc.offload"
    return Text(key, **fields, **cap)


def _offload(off: Mapping, per_rep: pd.DataFrame, *, moves: Mapping[str, float], share: float,
             worth: Mapping | None = None, room: Mapping | None = None) -> Section:
    cats = [Code("category", name) for name, moved in moves.items() if moved > 0]
    if not off["offload_hours"] or not cats:
        return Section("offload", finding=Text("find.timealloc.offload_none", before=Rate(off["direct_share"])),
                       tables=offload_tables(off, per_rep)[:1])
    common = {"cats": cats, "moved": Rate(share), "before": Rate(off["direct_share"]),
              "after": Rate(off["after_offload_share"]), "gain": percent(off["capacity_gain"]),
              "sellers": sellers_text(off["equivalent_sellers"])}
    if worth and worth.get("value") is not None:
        finding = Text("find.timealloc.offload_value", **common, value=Money(worth["value"]),
                       low=Money(worth["low"]), high=Money(worth["high"]))
        note = offload_basis(worth, room, off)
    else:
        finding = Text("find.timealloc.offload", **common)
        note = Text("note.timealloc.offload", weeks=weeks_number(off["weeks"]))
    chart = Chart(charts.plot_offload, (per_rep,), _title("offload", before=Rate(off["direct_share"]),
                                                          after=Rate(off["after_offload_share"])))
    return Section("offload", finding=finding, chart=chart, tables=offload_tables(off, per_rep, worth), note=note)


# --- planned calls and coverage -------------------------------------------------------------------------------

UNPLANNED_BELOW = 0.5  # planned share below which the report says the calls are mostly unplanned


def planned_reading(share: float | None) -> str:
    """How the planned share reads against the advised ~60% of planned calls: ``planned_low`` (well below:
    under 50%, the calls are mostly unplanned), ``planned`` (below 60%) or ``planned_ok`` (60% or more).

    >>> [planned_reading(x) for x in (0.45, 0.5, 0.526, 0.6)]
    ['planned_low', 'planned', 'planned', 'planned_ok']
    """
    if share is not None and share < UNPLANNED_BELOW:
        return "planned_low"
    return "planned_ok" if share is not None and share >= ta.PLANNED_TARGET else "planned"


def planned(acts: pd.DataFrame | None, *, reps: pd.DataFrame | None, needs: tuple[str, ...]) -> Part:
    """Section ``planned``: each rep's planned share of contacts against 60/40. Fact: ``planned_share``."""
    share = ta.planned_share(acts) if rules.has(acts, c.PLANNED) else None
    if needs:
        return _missing(("planned",), needs, {"planned_share": share})
    per = ta.planned_calls(acts, reps=reps)
    worst = per.iloc[0]
    finding = Text(f"find.timealloc.{planned_reading(share)}", share=Rate(share), target=Rate(ta.PLANNED_TARGET),
                   below=Count(int((per["planned_share"] < ta.PLANNED_TARGET).sum())), reps=Count(len(per)),
                   worst=Name(worst[c.OWNER]), worst_share=Rate(worst["planned_share"]))
    below = int((per["planned_share"] < ta.PLANNED_TARGET).sum())
    table = Table("timealloc_planned", per, kinds={"gap": "rate", "planned": "count", c.TEAM: "name"}, vocab=TEAM,
                  headers=_cols("contacts", "planned", "planned_share", "gap"))
    chart = Chart(charts.plot_planned, (per,), _title("planned" if below else "planned_ok", below=Count(below),
                                                      reps=Count(len(per)), share=Rate(share)))
    return Part((Section("planned", finding=finding, chart=chart, tables=(table,)),), {"planned_share": share})


def coverage_part(acts: pd.DataFrame | None, *, tiers: pd.Series | None, customers: pd.DataFrame | None,
                  config: ClientConfig, start, end, needs: tuple[str, ...], tiers_now: pd.Series | None = None,
                  tier_dates: tuple | None = None) -> Part:
    """Sections ``coverage`` and ``neglected``. Facts: ``below_policy``, ``neglected``, ``neglect_days``.

    Contact during the period is held against ``tiers`` (the tiers when it began); the neglected customer assets
    are those of ``tiers_now`` (the tiers of today; ``tiers`` when None). ``tier_dates`` (the two dates) puts a
    note under each section naming the tiers it uses."""
    if needs:
        return _missing(("coverage", "neglected"), needs)
    days = config.neglect_days
    cov = cv.contact_coverage(acts, tiers=tiers, policy=config.contact_policy, start=start, end=end,
                              neglect_days=days)
    by_tier = cv.coverage_by_tier(cov)
    below = int(cov["below_policy"].sum())
    if below:
        worst = by_tier.sort_values(["below_policy_share", c.TIER], ascending=[False, True], kind="stable").iloc[0]
        finding = Text("find.timealloc.coverage", below=Count(below), share=Rate(rules.ratio(below, len(cov))),
                       tier=Code("tier", int(worst[c.TIER])), tier_below=Count(int(worst["below_policy"])),
                       tier_n=Count(int(worst["customers"])), tier_share=Rate(worst["below_policy_share"]))
    else:
        finding = Text("find.timealloc.coverage_ok", n=Count(len(cov)))
    table = Table("timealloc_coverage", by_tier, kinds={c.TIER: "code", "policy": "number",
                                                        "median_contacts_per_month": "number"},
                  vocab={c.TIER: "tier"},
                  headers=_cols("policy", "median_contacts_per_month", "below_policy", "below_policy_share",
                                "neglected"))
    then, today = tier_dates or (None, None)
    note = None if then is None else Text("note.timealloc.coverage_tiers", date=Date(then))
    title = _title("coverage", below=Count(below), n=Count(len(cov))) if below else _title("coverage_ok",
                                                                                         n=Count(len(cov)))
    cover = Section("coverage", finding=finding, chart=Chart(charts.plot_coverage, (cov,), title), tables=(table,),
                    note=note)
    if tiers_now is not None:
        cov = cv.contact_coverage(acts, tiers=tiers_now, policy=config.contact_policy, start=start, end=end,
                                  neglect_days=days)
    listed = cv.neglected_list(cov, customers, limit=None)
    silence = listed["days_since_contact"].astype("Float64").fillna(np.inf).to_numpy(dtype=float)
    listed = listed.assign(_silence=silence).sort_values(["_silence", c.TIER], ascending=[False, True],
                                                         kind="stable")
    cols = [col for col in (c.CUSTOMER_ID, c.NAME, c.OWNER, c.TIER, "last_contact", "days_since_contact")
            if col in listed]
    listed = listed[cols].reset_index(drop=True)
    n = len(listed)
    if n:
        per_tier = listed[c.TIER].value_counts()
        never = int(listed["days_since_contact"].isna().sum())
        counts = {"n": Count(n), "days": Days(days), **{f"t{k}": Count(int(per_tier.get(k, 0))) for k in (1, 2, 3)}}
        if never:
            finding = Text("find.timealloc.neglected", never=Count(never), **counts)
        else:
            finding = Text("find.timealloc.neglected_seen", longest=Days(listed["days_since_contact"].max()),
                           **counts)
    else:
        finding = Text("find.timealloc.neglected_none", days=Days(days))
    table = Table("timealloc_neglected", listed, kinds={c.TIER: "code", c.NAME: "name"}, vocab={c.TIER: "tier"},
                  headers=_cols("last_contact", "days_since_contact"))
    note = None if today is None else Text("note.timealloc.neglected_tiers", date=Date(today))
    neglected = Section("neglected", finding=finding, tables=(table,), note=note)
    assets = cov[cov[c.TIER].isin(list(rules.ASSET_TIERS)).to_numpy(dtype=bool)]
    flag = assets["neglected"].to_numpy(dtype=bool)
    return Part((cover, neglected), {"below_policy": below, "neglected": int(cov["neglected"].sum()),
                                     "neglect_days": days, "neglected_ids": assets.loc[flag, c.CUSTOMER_ID],
                                     "contacted_ids": assets.loc[~flag, c.CUSTOMER_ID]})


def after_sale(acts: pd.DataFrame | None, opps: pd.DataFrame | None, *, as_of, needs: tuple[str, ...]) -> Part:
    """Section ``after_sale``: contact per customer-month after the last won deal, by department.

    Facts: ``decay`` (late / early contact rate) and ``decay_window``
    (:func:`~workbook.timealloc.coverage.decay_window`: the months compared, named in the sentences from the data).
    """
    if needs:
        return _missing(("after_sale",), needs)
    after = cv.after_sale_contact(acts, opps, as_of=as_of)
    window = cv.decay_window(after)
    decay = None if window is None else window["ratio"]
    wide = after.pivot(index="months_since_sale", columns="department", values="contacts_per_month")
    known = list(VOCABULARIES["department"].codes)
    depts = [cv.ALL, *sorted((d for d in wide.columns if d != cv.ALL),
                             key=lambda d: (known.index(d) if d in known else len(known), d))]
    exposure = after[after["department"] == cv.ALL].set_index("months_since_sale")["exposure_months"]
    # customer-months observed are a count: whole months of whole customers, never 903.3
    frame = pd.DataFrame({"month_after_sale": wide.index.to_numpy() + 1,
                          "exposure_months": exposure.reindex(wide.index).to_numpy(dtype=float).round()})
    for dept in depts:
        frame[dept] = wide[dept].to_numpy(dtype=float)
    if window is None:
        finding, title = Text("find.timealloc.after_sale_short"), _title("after_sale_short")
    else:
        key = "after_sale" if decay < 1 else "after_sale_flat"
        finding = Text(f"find.timealloc.{key}", ratio=Rate(decay), **window_counts(window))
        title = _title(key, ratio=Rate(decay), **window_counts(window))
    table = Table("timealloc_after_sale", frame, rows=12,
                  kinds={"month_after_sale": "count", "exposure_months": "count", **dict.fromkeys(depts, "ratio")},
                  headers={**{d: Code("department", d) for d in depts},
                           **_cols("month_after_sale", "exposure_months")})
    section = Section("after_sale", finding=finding, chart=Chart(charts.plot_after_sale, (after,), title),
                      tables=(table,), note=Text("note.timealloc.after_sale"))
    return Part((section,), {"decay": decay, "decay_window": window})


def window_counts(window: Mapping) -> dict[str, Count]:
    """The months compared after the sale (``early_from`` ... ``late_to``) as counts for a sentence."""
    return {key: Count(window[key]) for key in ("early_from", "early_to", "late_from", "late_to")}


def departments(acts: pd.DataFrame | None, *, tiers: pd.Series | None, needs: tuple[str, ...]) -> Part:
    """Section ``departments``: which departments touch the customers, per tier where tiers are known."""
    if needs:
        return _missing(("departments",), needs)
    mix = cv.department_mix(acts, tiers=tiers)
    total = mix.groupby("department")["contacts"].sum().sort_values(ascending=False)
    sales = float(total.get("sales", 0))
    others = [Code("department", d) for d in total.index if d != "sales" and total[d] > 0]
    finding = Text("find.timealloc.departments" if others else "find.timealloc.departments_sales",
                   contacts=Count(int(total.sum())), sales=Rate(rules.ratio(sales, total.sum())),
                   other=Rate(rules.ratio(total.sum() - sales, total.sum())), others=others)
    order = {key: i for i, key in enumerate(rules.TIER_KEYS)}
    mix = mix.assign(_order=mix[c.TIER].map(order)).sort_values(["_order", "contacts"], ascending=[True, False],
                                                               kind="stable")
    cols = [c.TIER, "department", "contacts", "contact_share", "customers", "customer_share"]
    if tiers is None:
        cols.remove(c.TIER)
    table = Table("timealloc_departments", mix[cols].reset_index(drop=True), rows=18,
                  kinds={c.TIER: "code", "department": "code"}, vocab={c.TIER: "tier", "department": "department"},
                  headers=_cols("department", "contacts", "contact_share", "customer_share"))
    return Part((Section("departments", finding=finding, tables=(table,)),))


# --- channel cost to serve and the channel-mix what-if -------------------------------------------------------

COST_COLUMNS = ("cost", "cost_per_customer", "cost_before", "cost_after", "saving")


def cost_kinds(unit: str) -> dict[str, str]:
    """Kinds of the cost columns: money with a visit cost, plain numbers in relative units."""
    return dict.fromkeys(COST_COLUMNS, "money" if unit == "money" else "number")


def cost_headers(unit: str, *names: str) -> dict[str, Text]:
    """Headers of cost columns, ``col.timealloc.<name>_rel`` (naming the relative unit) without a visit cost."""
    suffix = "" if unit == "money" else "_rel"
    return {name: Text(f"col.timealloc.{name}{suffix}" if name in COST_COLUMNS else f"col.timealloc.{name}")
            for name in names}


def cost_quantity(value, unit: str) -> Money | Number:
    """A cost for a sentence: money with a visit cost, else a whole number of relative units."""
    return Money(value) if unit == "money" else Number(value, 0)


def shift_table(shift: pd.DataFrame, unit: str = "money") -> Table:
    """The channel-mix what-if (:func:`workbook.timealloc.coverage.channel_shift`) as a table, its costs in ``unit``
    (``"money"`` or ``"relative"``, see :func:`workbook.timealloc.coverage.unit_costs`)."""
    return Table("timealloc_channel_shift", shift,
                 kinds={c.TIER: "code", "moved": "count", **cost_kinds(unit)}, vocab={c.TIER: "tier"},
                 headers=cost_headers(unit, "visits", "moved", "cost_before", "cost_after", "saving", "hours_freed"))


def channel_part(acts: pd.DataFrame | None, *, tiers: pd.Series | None, opportunities: pd.DataFrame | None,
                 config: ClientConfig, start, end, shift: Mapping[int, Mapping[str, float]],
                 needs: tuple[str, ...], check=None) -> Part:
    """Sections ``channel_cost`` and ``channel_shift``.

    ``channel_costs`` is a ratio; with ``visit_cost`` the cost to serve is money, without it relative units
    (one visit = 100), and then no ratio divides it by revenue: each tier's share of the cost stands beside its
    share of won revenue. ``check`` is the tier doctrine check
    (:func:`workbook.customers.doctrine.check_tiers`): when the tiers do not rank outcomes (``ranks`` False)
    the channel what-if by tier is withheld and the section says it waits for the grading to be recalibrated.
    Facts: ``cost_by_tier``, ``cost_unit``, ``shift`` (the tier's row; None when withheld) and
    ``shift_withheld``.
    """
    if needs:
        return _missing(("channel_cost", "channel_shift"), needs)
    costs, unit = cv.unit_costs(config.channel_costs, visit_cost=config.visit_cost)
    per_customer = cv.cost_to_serve(acts, channel_costs=costs, tiers=tiers)
    by_tier = cv.cost_by_tier(per_customer, revenue=cv.won_revenue(opportunities, start=start, end=end), tiers=tiers)
    gap = by_tier["cost_share"].fillna(0) - by_tier["revenue_share"].fillna(0)
    worst = by_tier.loc[gap.idxmax()] if len(by_tier) else None
    has_revenue = bool(by_tier["revenue"].sum() > 0)
    if worst is None:
        finding = None
    else:
        key = "find.timealloc.channel_cost" if has_revenue else "find.timealloc.channel_cost_norev"
        finding = Text(key if unit == "money" else f"{key}_rel", tier=Code("tier", worst[c.TIER]),
                       cost_share=Rate(worst["cost_share"]), rev_share=Rate(worst["revenue_share"]),
                       total=cost_quantity(by_tier["cost"].sum(), unit),
                       visits=Number(by_tier["cost"].sum() / cv.RELATIVE_VISIT, 0))
    cols = [c.TIER, "customers", "contacts", "cost", "cost_per_customer", "cost_share", "revenue", "revenue_share"]
    if unit == "money":  # money over money; relative units are never divided by yuan
        cols.append("cost_per_revenue")
    table = Table("timealloc_channel_cost", by_tier[cols],
                  kinds={c.TIER: "code", "cost_per_revenue": "rate", **cost_kinds(unit)}, vocab={c.TIER: "tier"},
                  headers=cost_headers(unit, "contacts", "cost", "cost_per_customer", "cost_share", "revenue_share",
                                       "cost_per_revenue"))
    ratio = {ch: _unit(config.channel_costs.get(ch)) for ch in ("visit", "phone", "email")}
    if unit == "money":
        note = Text("note.timealloc.channel_costs", **ratio,
                    **{f"{ch}_cost": Money(costs.get(ch)) for ch in ("visit", "phone", "email")})
    else:
        note = Text("note.timealloc.channel_costs_rel", **ratio)
    title = None if worst is None else _title("cost_revenue", tier=Code("tier", worst[c.TIER]),
                                              cost_share=Rate(worst["cost_share"]),
                                              rev_share=Rate(worst["revenue_share"]))
    cost = Section("channel_cost", finding=finding, chart=Chart(charts.plot_cost_revenue, (by_tier,), title or {}),
                   tables=(table,), note=note)
    if check is not None and not check.ranks:
        moved, shift_facts = Section("channel_shift", finding=withheld_text(check)), None
    else:
        moved, shift_facts = _shift(acts, tiers=tiers, costs=costs, unit=unit, shift=shift, start=start, end=end)
    return Part((cost, moved), {"cost_by_tier": by_tier, "cost_unit": unit, "shift": shift_facts,
                                "shift_withheld": check is not None and not check.ranks})


def withheld_text(check) -> Text:
    """One sentence: channel advice by tier waits for the grading to be recalibrated, with the evidence (tier 5
    winning more often than tier 1 when it does, else the assets against tiers 4-5)."""
    rates, closed = check.win_rate, check.closed
    t1, t5 = rates.get("1"), rates.get("5")
    if t1 is not None and t5 is not None and not (pd.isna(t1) or pd.isna(t5)) and t5 > t1 \
            and "1" not in check.left_out and "5" not in check.left_out:
        return Text("find.timealloc.channel_shift_withheld", t5=Rate(t5), n5=Count(closed.get("5")), t1=Rate(t1),
                    n1=Count(closed.get("1")))
    return Text("find.timealloc.channel_shift_withheld_assets", assets=Rate(check.assets_rate),
                others=Rate(check.others_rate))


def _shift(acts: pd.DataFrame, *, tiers: pd.Series, costs: Mapping[str, float], unit: str,
           shift: Mapping[int, Mapping[str, float]], start=None, end=None) -> tuple[Section, dict | None]:
    moves = {tier: {ch: float(v) for ch, v in row.items() if ch in costs} for tier, row in shift.items()}
    if "visit" not in costs:
        return Section("channel_shift", finding=Text("find.timealloc.channel_shift_none")), None
    out = cv.channel_shift(acts, tiers=tiers, shifts=moves, channel_costs=costs)
    row = out.iloc[0]
    (tier, chosen), = moves.items()
    if not row["visits"]:
        return Section("channel_shift", finding=Text("find.timealloc.channel_shift_novisits",
                                                     tier=Code("tier", tier))), None
    fields = {"tier": Code("tier", tier), "phone": Rate(chosen.get("phone", 0.0)),
              "email": Rate(chosen.get("email", 0.0)), "moved": Count(row["moved"]),
              "saving": cost_quantity(row["saving"], unit),
              "saving_share": Rate(rules.ratio(row["saving"], row["cost_before"]))}
    suffix = "" if unit == "money" else "_rel"
    if pd.notna(row["hours_freed"]):
        finding = Text(f"find.timealloc.channel_shift{suffix}", hours=Number(row["hours_freed"], 0), **fields)
    else:
        finding = Text(f"find.timealloc.channel_shift_nohours{suffix}", **fields)
    # the activities cover the period: a year's saving is the period's saving per day x 365
    days = None if start is None or end is None else (pd.Timestamp(end) - pd.Timestamp(start)).days + 1
    facts = {"tier": int(tier), "saving": float(row["saving"]), "unit": unit,
             "saving_share": rules.ratio(row["saving"], row["cost_before"]),
             "hours_freed": _num(row["hours_freed"]), "moved": int(row["moved"]),
             "saving_12m": None if not days else float(row["saving"]) * 365 / days}
    note = None if unit == "money" else Text("note.timealloc.cost_relative")
    return Section("channel_shift", finding=finding, tables=(shift_table(out, unit),), note=note), facts


# --- quote turnaround -----------------------------------------------------------------------------------------

def quotes(quotes_frame: pd.DataFrame | None, *, opportunities: pd.DataFrame | None, needs: tuple[str, ...],
           end=None) -> Part:
    """Section ``quotes``: turnaround bands and the win rate of each. Facts: ``quote_summary``, win rates and
    ``quote_value`` (:func:`workbook.timealloc.value.quote_value` over the 12 months up to ``end``)."""
    if needs:
        return _missing(("quotes",), needs)
    turnaround = cv.quote_turnaround(quotes_frame, opportunities=opportunities)
    by_band = cv.win_rate_by_band(turnaround)
    summary = cv.quote_summary(turnaround)
    rates = by_band.set_index("band")["win_rate"]
    fast, slow = _num(rates.get(0)), _num(rates.get(len(cv.QUOTE_BANDS)))
    median = summary["median_hours"]

    worth = tv.quote_value(turnaround, opportunities,
                           end=turnaround[c.REQUESTED_DATE].max() if end is None else end)
    finding = Text("find.timealloc.quotes", median=Days(None if median is None else median / 24),
                   within=Rate(summary["within_48h_share"]), fast=Rate(fast), slow=Rate(slow),
                   slower=Rate(worth["slow"]))
    table = Table("timealloc_quotes", by_band[["band", "quotes", "closed", "won", "win_rate"]],
                  kinds={"band": "code"}, vocab={"band": "quote_band"}, headers=_cols("band", "quotes", "closed"))
    title = _title("quotes", fast=Rate(worth["fast"]), slow=Rate(worth["slow"]))
    section = Section("quotes", finding=finding, chart=Chart(charts.plot_quotes, (by_band,), title), tables=(table,),
                      note=Text("note.timealloc.quotes"))
    return Part((section,), {"quote_summary": summary, "fast_win_rate": fast, "slow_win_rate": slow,
                             "quote_value": worth})
