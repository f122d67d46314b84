"""The contact sections of the time-allocation chapter (planned calls, coverage, contact after the sale,
departments, cost to serve and the channel what-if, quote turnaround), each built once from the analysis
functions; the sellers' hours and the offload are in :mod:`workbook.timealloc.selling`.

Every builder takes clean frames and the client's rules and returns a :class:`~workbook.timealloc.parts.Part`:
its sections (action title, chart, tables; or the data they need) and the facts
:func:`workbook.timealloc.summary.compute` records and turns into actions, so no number is computed twice.
"""
from __future__ import annotations

from collections.abc import Mapping

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
from workbook.timealloc import parts as tp
from workbook.timealloc import value as tv
from workbook.timealloc.parts import Part

__all__ = ["after_sale", "channel_part", "coverage_part", "departments", "planned", "planned_reading", "quotes",
           "shift_table", "window_counts", "withheld_text"]


def _unit(cost: float | None) -> Number:
    """A unit cost as written in a ratio: ``100``, ``1``, ``0.01``."""
    digits = 0 if cost is None or float(cost).is_integer() else max(2, -int(np.floor(np.log10(abs(cost)))))
    return Number(cost, digits)


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
        return tp.missing(("planned",), needs, {"planned_share": share})
    per = ta.planned_calls(acts, reps=reps)
    worst = per.iloc[0]
    finding = Text(f"find.timealloc.{planned_reading(share)}", share=Rate(share),
                   target=Rate(ta.PLANNED_TARGET, digits=0),
                   below=Count(int((per["planned_share"] < ta.PLANNED_TARGET).sum())), reps=Count(len(per)),
                   worst=Name(worst[c.OWNER]), worst_share=Rate(worst["planned_share"]))
    below = int((per["planned_share"] < ta.PLANNED_TARGET).sum())
    # a difference of rates is in percentage points: -4.3 pp, never -4.3%
    table = Table("timealloc_planned", per.assign(gap=per["gap"] * 100),
                  kinds={"gap": "number", "planned": "count", c.TEAM: "name"}, vocab=tp.TEAM,
                  headers=tp.cols("contacts", "planned", "planned_share", "gap"))
    key = "planned_ok" if not below else "planned_all" if below == len(per) else "planned"
    chart = Chart(charts.plot_planned, (per,), tp.title(key, below=Count(below),
                                                      reps=Count(len(per)), share=Rate(share)))
    head = Text("head.timealloc.planned" if share is not None and share < ta.PLANNED_TARGET
                else "head.timealloc.planned_ok", share=Rate(share))
    return Part((Section("planned", finding=finding, chart=chart, tables=(table,), title=head),),
                {"planned_share": share})


def coverage_part(acts: pd.DataFrame | None, *, tiers: pd.Series | None, customers: pd.DataFrame | None,
                  config: ClientConfig, start, end, needs: tuple[str, ...], tiers_now: pd.Series | None = None,
                  tier_dates: tuple | None = None) -> Part:
    """Sections ``coverage`` and ``neglected``. Facts: ``below_policy``, ``neglected``, ``neglect_days``.

    Contact during the period is held against ``tiers`` (the tiers when it began); the neglected customer assets
    are those of ``tiers_now`` (the tiers of today; ``tiers`` when None). ``tier_dates`` (the two dates) puts a
    note under each section naming the tiers it uses."""
    if needs:
        return tp.missing(("coverage", "neglected"), needs)
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
    # the neglected count lives in the next section, by today's tiers (as the quality matrix lists them)
    table = Table("timealloc_coverage", by_tier.drop(columns="neglected"),
                  kinds={c.TIER: "code", "policy": "number", "median_contacts_per_month": "number"},
                  vocab={c.TIER: "tier"},
                  headers=tp.cols("policy", "median_contacts_per_month", "below_policy", "below_policy_share"))
    then, today = tier_dates or (None, None)
    note = None if then is None else Text("note.timealloc.coverage_tiers", date=Date(then))
    title = tp.title("coverage", below=Count(below), n=Count(len(cov))) if below else tp.title("coverage_ok",
                                                                                         n=Count(len(cov)))
    head = Text("head.timealloc.coverage", below=Count(below)) if below else Text("head.timealloc.coverage_ok")
    cover = Section("coverage", finding=finding, chart=Chart(charts.plot_coverage, (cov,), title), tables=(table,),
                    note=note, title=head)
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
                  headers=tp.cols("last_contact", "days_since_contact"))
    note = None if today is None else Text("note.timealloc.neglected_tiers", date=Date(today))
    head = Text("head.timealloc.neglected" if n else "head.timealloc.neglected_none", n=Count(n), days=Days(days))
    neglected = Section("neglected", finding=finding, tables=(table,), note=note, title=head)
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
        return tp.missing(("after_sale",), needs)
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
        finding, title = Text("find.timealloc.after_sale_short"), tp.title("after_sale_short")
    else:
        key = "after_sale" if decay < 1 else "after_sale_flat"
        finding = Text(f"find.timealloc.{key}", ratio=Rate(decay), **window_counts(window))
        title = tp.title(key, ratio=Rate(decay), **window_counts(window))
    table = Table("timealloc_after_sale", frame, rows=12,
                  kinds={"month_after_sale": "count", "exposure_months": "count", **dict.fromkeys(depts, "ratio")},
                  headers={**{d: Code("department", d) for d in depts},
                           **tp.cols("month_after_sale", "exposure_months")})
    head = None if window is None else Text(f"head.timealloc.{key}", ratio=Rate(decay))
    section = Section("after_sale", finding=finding, chart=Chart(charts.plot_after_sale, (after,), title),
                      tables=(table,), note=Text("note.timealloc.after_sale"), title=head)
    return Part((section,), {"decay": decay, "decay_window": window})


def window_counts(window: Mapping) -> dict[str, Count]:
    """The months compared after the sale (``early_from`` ... ``late_to``) as counts for a sentence."""
    return {key: Count(window[key]) for key in ("early_from", "early_to", "late_from", "late_to")}


def departments(acts: pd.DataFrame | None, *, tiers: pd.Series | None, needs: tuple[str, ...]) -> Part:
    """Section ``departments``: which departments touch the customers, per tier where tiers are known."""
    if needs:
        return tp.missing(("departments",), needs)
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
                  headers=tp.cols("department", "contacts", "contact_share", "customer_share"))
    head = Text("head.timealloc.departments", sales=Rate(rules.ratio(sales, total.sum())))
    return Part((Section("departments", finding=finding, tables=(table,), title=head),))


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
                 needs: tuple[str, ...], check=None, shift_tiers: pd.Series | None = None,
                 movers: int | None = None, dates: tuple | None = None, kpis: Mapping | None = None) -> Part:
    """Sections ``channel_cost`` and ``channel_shift``.

    ``channel_costs`` is a ratio; with ``visit_cost`` the cost to serve is money, without it relative units
    (one visit = 100), and then no ratio divides it by revenue: each tier's share of the cost stands beside its
    share of won revenue. ``check`` is the tier doctrine check
    (:func:`workbook.customers.doctrine.check_tiers`): when the tiers do not rank outcomes (``ranks`` False)
    the channel what-if by tier is withheld and the section says it waits for the grading to be recalibrated.
    The what-if moves the visits of ``shift_tiers`` (the tiers of today, as the quality matrix lists them,
    without the ``movers`` customers that moved down into the shifted tier in the last year: their tier is
    recent and may be won back; ``tiers`` when None); the freed hours go to
    :func:`~workbook.timealloc.coverage.freed_time_target` of ``kpis`` (KPIs by tier). ``dates`` = (the tier date
    of ``tiers``, the date of ``shift_tiers``) names them in the notes. When "not tiered" customers take a larger
    share of the cost against their share of revenue than the shifted tier, the shift section says so.
    Facts: ``cost_by_tier``, ``cost_unit``, ``shift`` (the tier's row, with ``movers``, ``target`` and its
    figures; None when withheld) and ``shift_withheld``.
    """
    if needs:
        return tp.missing(("channel_cost", "channel_shift"), needs)
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
                  headers={**cost_headers(unit, "contacts", "cost", "cost_per_customer", "cost_share",
                                          "revenue_share", "cost_per_revenue"),
                           "customers": Text("col.timealloc.customers_contacted")})
    ratio = {ch: _unit(config.channel_costs.get(ch)) for ch in ("visit", "phone", "email")}
    if unit == "money":
        note = Text("note.timealloc.channel_costs", **ratio,
                    **{f"{ch}_cost": Money(costs.get(ch)) for ch in ("visit", "phone", "email")})
    else:
        note = Text("note.timealloc.channel_costs_rel", **ratio)
    then, today = dates or (None, None)
    if then is not None:
        note = Text("note.timealloc.with_tier_date", note=note, date=Date(then))
    title = None if worst is None else tp.title("cost_revenue", tier=Code("tier", worst[c.TIER]),
                                              cost_share=Rate(worst["cost_share"]),
                                              rev_share=Rate(worst["revenue_share"]))
    head = None if worst is None or not has_revenue else Text(
        "head.timealloc.channel_cost", tier=Code("tier", worst[c.TIER]), cost_share=Rate(worst["cost_share"]),
        rev_share=Rate(worst["revenue_share"]))
    cost = Section("channel_cost", finding=finding, chart=Chart(charts.plot_cost_revenue, (by_tier,), title or {}),
                   tables=(table,), note=note, title=head)
    if check is not None and not check.ranks:
        moved, shift_facts = Section("channel_shift", finding=withheld_text(check),
                                     title=Text("head.timealloc.channel_shift_withheld")), None
    else:
        moved, shift_facts = _shift(acts, tiers=tiers if shift_tiers is None else shift_tiers, costs=costs,
                                    unit=unit, shift=shift, start=start, end=end,
                                    context={"movers": movers or 0, "date": today, "kpis": kpis or {},
                                             "by_tier": by_tier})
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
           shift: Mapping[int, Mapping[str, float]], start=None, end=None,
           context: Mapping | None = None) -> tuple[Section, dict | None]:
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
    context = context or {}
    kpis = context.get("kpis") or {}
    target = cv.freed_time_target(kpis, exclude=int(tier))
    facts = {"tier": int(tier), "saving": float(row["saving"]), "unit": unit,
             "saving_share": rules.ratio(row["saving"], row["cost_before"]),
             "hours_freed": tp.num(row["hours_freed"]), "moved": int(round(row["moved"])),
             "saving_12m": None if not days else float(row["saving"]) * 365 / days,
             "movers": int(context.get("movers") or 0), "target": target,
             "customers": int((tiers.astype("Int64") == int(tier)).sum())}
    facts.update(_shift_context(context.get("by_tier"), tier=str(tier)))
    note = _shift_note(facts, kpis, date=context.get("date"), relative=unit != "money")
    head = Text("head.timealloc.channel_shift", tier=Code("tier", tier), share=fields["saving_share"])
    return Section("channel_shift", finding=finding, tables=(shift_table(out, unit),), note=note, title=head), facts


def _shift_context(by_tier: pd.DataFrame | None, *, tier: str) -> dict:
    """The shifted tier's and the "not tiered" customers' shares of cost and revenue: ``untiered`` is (cost
    share, revenue share) of the not-tiered when their cost runs further ahead of their revenue than the
    shifted tier's does, else None; ``tier_shares`` the shifted tier's."""
    out = {"untiered": None, "tier_shares": None}
    if by_tier is None or not len(by_tier):
        return out
    rows = by_tier.assign(_key=by_tier[c.TIER].astype(str)).set_index("_key")
    if tier in rows.index:
        out["tier_shares"] = (tp.num(rows.loc[tier, "cost_share"]), tp.num(rows.loc[tier, "revenue_share"]))
    if "none" in rows.index and out["tier_shares"] is not None and None not in out["tier_shares"]:
        none = (tp.num(rows.loc["none", "cost_share"]), tp.num(rows.loc["none", "revenue_share"]))
        if None not in none and none[0] - none[1] > out["tier_shares"][0] - out["tier_shares"][1]:
            out["untiered"] = none
    return out


def _shift_note(facts: Mapping, kpis: Mapping, *, date, relative: bool) -> Text:
    """Under the channel what-if: which tiers it uses (the date, the recent movers left out), where the freed
    hours should go and why, and the not-tiered customers when their cost is further out of line."""
    tier = Code("tier", facts["tier"])
    target = facts.get("target")
    if target is not None:
        row, own = kpis.get(target, {}), kpis.get(str(facts["tier"]), {})
        goes = Text("note.timealloc.shift_target", target=Code("tier", target), tier=tier,
                    coverage=Rate(row.get("coverage")), rate=Money(row.get("revenue_per_contact_hour")),
                    tier_rate=Money(own.get("revenue_per_contact_hour")))
    else:
        goes = ""
    untiered = ""
    if facts.get("untiered") is not None and facts.get("tier_shares") is not None:
        untiered = Text("note.timealloc.shift_untiered", cost=Rate(facts["untiered"][0]),
                        revenue=Rate(facts["untiered"][1]), tier=tier, tier_cost=Rate(facts["tier_shares"][0]),
                        tier_revenue=Rate(facts["tier_shares"][1]))
    movers = Text("note.timealloc.shift_movers", n=Count(facts["movers"]), tier=tier) if facts.get("movers") else ""
    return Text("note.timealloc.channel_shift", date=Date(date), n=Count(facts.get("customers")), tier=tier,
                movers=movers, target=goes, untiered=untiered,
                relative=Text("note.timealloc.cost_relative") if relative else "")


# --- quote turnaround -----------------------------------------------------------------------------------------

SLOWER = "slower"  # the row of all quotes sent after 48 hours, the rate the quote action compares with


def with_slower(by_band: pd.DataFrame) -> pd.DataFrame:
    """The turnaround bands with a row ``slower`` after the last: every quote sent after 48 hours pooled (its win
    rate = won / closed of those bands), so the rate the report compares 48-hour quotes with is in the table.

    >>> bands = pd.DataFrame({"band": [0, 1, 3, -1], "quotes": [4, 3, 2, 1], "closed": [4, 2, 2, 0],
    ...                       "won": [2, 1, 0, 0], "win_rate": [0.5, 0.5, 0.0, float("nan")]})
    >>> with_slower(bands)[["band", "closed", "won", "win_rate"]].values.tolist()[-2:]
    [['slower', 4, 1, 0.25], [-1, 0, 0, nan]]
    """
    slow = by_band[by_band["band"].astype(int) >= 1]
    row = pd.DataFrame({"band": [SLOWER], "quotes": [int(slow["quotes"].sum())], "closed": [int(slow["closed"].sum())],
                        "won": [int(slow["won"].sum())]})
    row["win_rate"] = rules.ratio(row["won"].iloc[0], row["closed"].iloc[0])
    sent = by_band[by_band["band"].astype(int) >= 0].astype({"band": object})
    unsent = by_band[by_band["band"].astype(int) < 0].astype({"band": object})
    return pd.concat([sent, row, unsent], ignore_index=True)


def quotes(quotes_frame: pd.DataFrame | None, *, opportunities: pd.DataFrame | None, needs: tuple[str, ...],
           end=None) -> Part:
    """Section ``quotes``: turnaround bands and the win rate of each. Facts: ``quote_summary``, win rates and
    ``quote_value`` (:func:`workbook.timealloc.value.quote_value` over the 12 months up to ``end``)."""
    if needs:
        return tp.missing(("quotes",), needs)
    turnaround = cv.quote_turnaround(quotes_frame, opportunities=opportunities)
    by_band = cv.win_rate_by_band(turnaround)
    summary = cv.quote_summary(turnaround)
    rates = by_band.set_index("band")["win_rate"]
    fast, slow = tp.num(rates.get(0)), tp.num(rates.get(len(cv.QUOTE_BANDS)))
    median = summary["median_hours"]

    worth = tv.quote_value(turnaround, opportunities,
                           end=turnaround[c.REQUESTED_DATE].max() if end is None else end)
    finding = Text("find.timealloc.quotes", median=Days(None if median is None else median / 24),
                   within=Rate(summary["within_48h_share"]), fast=Rate(fast), slow=Rate(slow),
                   slower=Rate(worth["slow"]))
    table = Table("timealloc_quotes", with_slower(by_band)[["band", "quotes", "closed", "won", "win_rate"]],
                  kinds={"band": "code"}, vocab={"band": "quote_band"}, headers=tp.cols("band", "quotes", "closed"))
    title = tp.title("quotes", fast=Rate(worth["fast"]), slow=Rate(worth["slow"]))
    section = Section("quotes", finding=finding, chart=Chart(charts.plot_quotes, (by_band,), title), tables=(table,),
                      note=Text("note.timealloc.quotes"),
                      title=Text("head.timealloc.quotes", fast=Rate(worth["fast"]), slow=Rate(worth["slow"])))
    return Part((section,), {"quote_summary": summary, "fast_win_rate": fast, "slow_win_rate": slow,
                             "quote_value": worth})
